import {
  type AssembledSystem,
  assembleElements,
  assemblePlaneStress,
  type CgResult,
  conjugateGradient,
  elementStrainsAndStresses,
  GeometricMultigrid,
  type Material,
  type Mesh,
  type MeshHierarchy,
  meshPolygon,
  NodeBlockPattern,
  type PlaneStressElements,
  type PlaneStressProblem,
  planeStressElements,
  refineRepeatedly,
  triangleCentroid,
  triangleGeometry,
} from '@microcore/fem';
import { DEFAULT_LIGAMENT_ANCHORS } from '../anatomy/anchors.js';
import { boundsOf, containsPoint, type PointMm, type RingMm } from '../geometry/polygon.js';
import { skinOutline } from './faceDomain.js';
import {
  DEFAULT_TENSION_ANGLE_DEG,
  HEALING_PARAMETERS,
  type HealingParameterValues,
  ZONE_TENSION_ANGLE_DEG,
} from './parameters.js';

/** What the macro model needs of a plan's zone. */
export interface TreatedZone {
  readonly id: string;
  readonly polygon: RingMm;
  readonly cores: readonly PointMm[];
}

export interface TighteningOptions {
  /** Coarse mesh size, mm; the solve runs on `refinements` uniform refinements of it. */
  readonly coarseMeshMm?: number;
  readonly refinements?: number;
  /** Untreated skin simulated beyond the zones, mm (default: the fixed-edge margin parameter). */
  readonly marginMm?: number;
  /** Side of the squares over which the local removed fraction φ is counted, mm. */
  readonly densityCellMm?: number;
}

/**
 * The tightening field for a unit area-loss fraction (η = 1): the homogenised skin where a fraction
 * φ(x) was removed wants to shrink by the eigenstrain −½ η φ in every direction; the surrounding
 * skin, springs to the tissue beneath and the anchors resist. Linear, so the field at any time is
 * this one times η(t) — one solve serves every day of the timeline.
 */
export interface TighteningField {
  readonly mesh: Mesh;
  readonly zoneIds: readonly string[];
  /** Index into zoneIds per element, −1 for untreated skin. */
  readonly elementZone: Int16Array;
  /** Per zone, per unit η: area change (ΔA/A, negative = loss), mean membrane tension change (N/mm), largest displacement (mm). */
  readonly zoneAreaChange: Float64Array;
  readonly zoneTensionChangeNPerMm: Float64Array;
  readonly zoneMaxDisplacementMm: Float64Array;
  /** Nodal displacement per unit η, interleaved x, y (mm). */
  readonly displacementMm: Float64Array;
  /** Element area change per unit η. */
  readonly elementAreaChange: Float64Array;
  readonly unknowns: number;
  readonly iterations: number;
}

/**
 * What the tightening solve needs of a plan that does not depend on the skin's parameters: the
 * mesh hierarchy over the skin outline and, per level, each element's zone and eigenstrain, the
 * anchored unknowns and the sparsity pattern. The cohort solves the field for several coupling lengths on one domain.
 */
export interface TighteningDomain {
  readonly zoneIds: readonly string[];
  readonly zoneTensionAnglesDeg: readonly number[];
  readonly hierarchy: MeshHierarchy;
  readonly levels: readonly TighteningLevel[];
}

interface TighteningLevel {
  /** Index into the domain's zones per element, −1 for untreated skin. */
  readonly elementZone: Int16Array;
  /** Eigenstrain per unit η: (−½φ, −½φ, 0) per element. */
  readonly eigenstrain: Float64Array;
  readonly fixedDofs: Int32Array;
  readonly pattern: NodeBlockPattern;
}

/** Skin within this distance of a ligament anchor is held in place, mm. */
const ANCHOR_RADIUS_MM = 4;

export function tighteningDomain(
  zones: readonly TreatedZone[],
  coreAreaMm2: number,
  options: TighteningOptions = {},
): TighteningDomain {
  const coarseMm = options.coarseMeshMm ?? 10;
  const refinements = options.refinements ?? 2;
  const outline = skinOutline(
    zones.map((z) => z.polygon),
    options.marginMm ?? HEALING_PARAMETERS.fixedEdgeMarginMm.value,
  );
  const density = removedFractionGrid(zones, coreAreaMm2, options.densityCellMm ?? 5);
  const coarse = meshPolygon(outline.flat(), [], { size: coarseMm });
  const hierarchy = refineRepeatedly(coarse, refinements);
  const anchors = DEFAULT_LIGAMENT_ANCHORS.map((a) => a.pointMm);
  const levels = hierarchy.meshes.map((mesh): TighteningLevel => {
    const elementZone = zoneOfElements(mesh, zones);
    const eigenstrain = new Float64Array(3 * mesh.triangleCount);
    for (let e = 0; e < mesh.triangleCount; e++) {
      const centroid = triangleCentroid(mesh, e);
      const phi = density.at(centroid[0], centroid[1]);
      eigenstrain[3 * e] = -0.5 * phi;
      eigenstrain[3 * e + 1] = -0.5 * phi;
    }
    const fixedDofs: number[] = [];
    for (let n = 0; n < mesh.nodeCount; n++) {
      let anchored = mesh.boundaryNode[n] === 1;
      for (let a = 0; !anchored && a < anchors.length; a++) {
        const dx = mesh.nodesXY[2 * n] - anchors[a][0];
        const dy = mesh.nodesXY[2 * n + 1] - anchors[a][1];
        // The distance is at least |dx| and |dy|: those rule most nodes out before the root.
        anchored =
          Math.abs(dx) <= ANCHOR_RADIUS_MM &&
          Math.abs(dy) <= ANCHOR_RADIUS_MM &&
          Math.hypot(dx, dy) <= ANCHOR_RADIUS_MM;
      }
      if (anchored) fixedDofs.push(2 * n, 2 * n + 1);
    }
    return {
      elementZone,
      eigenstrain,
      fixedDofs: Int32Array.from(fixedDofs),
      pattern: new NodeBlockPattern(mesh.nodeCount, mesh.triangles),
    };
  });
  return {
    zoneIds: zones.map((z) => z.id),
    zoneTensionAnglesDeg: zones.map(
      (z) => ZONE_TENSION_ANGLE_DEG[z.id] ?? DEFAULT_TENSION_ANGLE_DEG,
    ),
    hierarchy,
    levels,
  };
}

export function solveTighteningField(
  zones: readonly TreatedZone[],
  coreAreaMm2: number,
  p: HealingParameterValues,
  options: TighteningOptions = {},
): TighteningField {
  const domain = tighteningDomain(zones, coreAreaMm2, {
    marginMm: p.fixedEdgeMarginMm,
    ...options,
  });
  return solveTighteningFieldOn(domain, p);
}

export interface FieldSolveOptions {
  /** Mesh level of the hierarchy to solve on (0 = coarsest; default the finest). */
  readonly level?: number;
  /** CG stops at ‖b − Ax‖ ≤ this · ‖b‖ (default 1e-8). */
  readonly relativeTolerance?: number;
}

/**
 * The tightening field on a prepared domain, for the skin parameters `p` (its edge margin is the
 * domain's). The cohort's surrogate solves on a coarser level, to a looser tolerance, and takes
 * ratios between parameter sets there.
 */
export function solveTighteningFieldOn(
  domain: TighteningDomain,
  p: HealingParameterValues,
  options: FieldSolveOptions = {},
): TighteningField {
  return solverOn(domain, p, false).field(p.foundationLengthMm, options);
}

/** Solves of the tightening field on one domain for one skin, at any coupling length. */
export interface TighteningSolver {
  /** The field with coupling length `foundationLengthMm` (the skin's own is not used). */
  field(foundationLengthMm: number, options?: FieldSolveOptions): TighteningField;
}

/**
 * The coupling length ℓ enters the system only through the foundation, k = E·t/ℓ²: the skin's
 * materials, the eigenstrain load and the anchors do not depend on it. So each level's element
 * stiffnesses and load are computed once for the skin `p` (its edge margin is the domain's), and
 * each solve adds its own foundation: the surrogate's solves at several ℓ on one domain share them.
 */
export function tighteningSolver(
  domain: TighteningDomain,
  p: HealingParameterValues,
): TighteningSolver {
  return solverOn(domain, p, true);
}

function solverOn(
  domain: TighteningDomain,
  p: HealingParameterValues,
  reuseElements: boolean,
): TighteningSolver {
  // Materials: stiffer along the tension (Langer) lines of each zone; untreated skin horizontal.
  const materialFor = (angleDeg: number): Material => {
    const root = Math.sqrt(p.anisotropyRatio);
    return {
      kind: 'orthotropic',
      e1MPa: p.youngsModulusMPa * root,
      e2MPa: p.youngsModulusMPa / root,
      nu12: p.poissonRatio,
      g12MPa: p.youngsModulusMPa / (2 * (1 + p.poissonRatio)),
      angleRad: (angleDeg * Math.PI) / 180,
    };
  };
  const materials = [
    materialFor(DEFAULT_TENSION_ANGLE_DEG),
    ...domain.zoneTensionAnglesDeg.map(materialFor),
  ];
  const problems: PlaneStressProblem[] = [];
  const problemAt = (level: number): PlaneStressProblem => {
    if (!problems[level]) {
      const mesh = domain.hierarchy.meshes[level];
      const { elementZone, eigenstrain, fixedDofs, pattern } = domain.levels[level];
      const elementMaterial = new Uint8Array(mesh.triangleCount);
      for (let e = 0; e < mesh.triangleCount; e++) elementMaterial[e] = elementZone[e] + 1;
      problems[level] = {
        mesh,
        thicknessMm: p.skinThicknessMm,
        materials,
        elementMaterial,
        eigenstrain,
        fixedDofs,
        pattern,
      };
    }
    return problems[level];
  };
  // Each level's elements, computed when a solve first needs the level; a lone solve assembles
  // directly (the same system: assembleElements sums as assemblePlaneStress does).
  const elements: PlaneStressElements[] = [];
  const systemAt = (level: number, foundationNPerMm3: number): AssembledSystem => {
    if (!reuseElements) return assemblePlaneStress({ ...problemAt(level), foundationNPerMm3 });
    elements[level] ??= planeStressElements(problemAt(level));
    return assembleElements(elements[level], foundationNPerMm3);
  };

  return {
    field(foundationLengthMm, options = {}) {
      const level = options.level ?? domain.levels.length - 1;
      if (!Number.isInteger(level) || level < 0 || level >= domain.levels.length)
        throw new RangeError(
          `level ${level} is not one of the domain's 0–${domain.levels.length - 1}`,
        );
      const foundation = (p.youngsModulusMPa * p.skinThicknessMm) / foundationLengthMm ** 2;
      const systems = Array.from({ length: level + 1 }, (_, l) => systemAt(l, foundation));
      const preconditioner = new GeometricMultigrid(
        systems.map((s) => ({ matrix: s.matrix, fixed: s.fixed })),
        domain.hierarchy.parents.slice(0, level),
      );
      const finest = systems[level];
      const result = conjugateGradient(finest.matrix, finest.rhs, preconditioner, {
        relativeTolerance: options.relativeTolerance ?? 1e-8,
      });
      if (!result.converged)
        throw new Error(`tightening solve did not converge (residual ${result.relativeResidual})`);
      return fieldSummary(domain, level, problemAt(level), p.skinThicknessMm, result);
    },
  };
}

/** The zone figures of a solved field. */
function fieldSummary(
  domain: TighteningDomain,
  level: number,
  problem: PlaneStressProblem,
  thicknessMm: number,
  result: CgResult,
): TighteningField {
  const zoneCount = domain.zoneIds.length;
  const u = result.solution;
  const mesh = problem.mesh;
  const { strain, stressMPa } = elementStrainsAndStresses(problem, u);
  const elementZone = domain.levels[level].elementZone;
  const zoneArea = new Float64Array(zoneCount);
  const zoneAreaChange = new Float64Array(zoneCount);
  const zoneTension = new Float64Array(zoneCount);
  const zoneMaxDisplacement = new Float64Array(zoneCount);
  const elementAreaChange = new Float64Array(mesh.triangleCount);
  const sums = { zoneArea, zoneAreaChange, zoneTension, zoneMaxDisplacement, elementAreaChange };
  sumOverZones(mesh, elementZone, u, strain, stressMPa, thicknessMm, sums);
  for (let z = 0; z < zoneCount; z++) {
    zoneAreaChange[z] /= zoneArea[z] || 1;
    zoneTension[z] /= zoneArea[z] || 1;
  }
  return {
    mesh,
    zoneIds: domain.zoneIds,
    elementZone,
    zoneAreaChange,
    zoneTensionChangeNPerMm: zoneTension,
    zoneMaxDisplacementMm: zoneMaxDisplacement,
    displacementMm: u,
    elementAreaChange,
    unknowns: u.length,
    iterations: result.iterations,
  };
}

/**
 * Per element its area change; per zone the sums of area, area change and tension over its
 * elements (area-weighted) and its largest displacement. A function of its own so that a first
 * call optimises the loop without dropping that code at the zone loop after it.
 */
function sumOverZones(
  mesh: Mesh,
  elementZone: Int16Array,
  u: Float64Array,
  strain: Float64Array,
  stressMPa: Float64Array,
  thicknessMm: number,
  sums: {
    zoneArea: Float64Array;
    zoneAreaChange: Float64Array;
    zoneTension: Float64Array;
    zoneMaxDisplacement: Float64Array;
    elementAreaChange: Float64Array;
  },
): void {
  const { zoneArea, zoneAreaChange, zoneTension, zoneMaxDisplacement, elementAreaChange } = sums;
  const grad = new Float64Array(6);
  // Each node's displacement once (not once per element around it).
  const nodeDisplacement = new Float64Array(mesh.nodeCount);
  for (let n = 0; n < mesh.nodeCount; n++) nodeDisplacement[n] = Math.hypot(u[2 * n], u[2 * n + 1]);
  for (let e = 0; e < mesh.triangleCount; e++) {
    elementAreaChange[e] = strain[3 * e] + strain[3 * e + 1];
    const z = elementZone[e];
    if (z < 0) continue;
    const area = triangleGeometry(mesh, e, grad);
    zoneArea[z] += area;
    zoneAreaChange[z] += area * elementAreaChange[e];
    zoneTension[z] += (area * thicknessMm * (stressMPa[3 * e] + stressMPa[3 * e + 1])) / 2;
    for (let i = 0; i < 3; i++) {
      const n = mesh.triangles[3 * e + i];
      zoneMaxDisplacement[z] = Math.max(zoneMaxDisplacement[z], nodeDisplacement[n]);
    }
  }
}

function zoneOfElements(mesh: Mesh, zones: readonly TreatedZone[]): Int16Array {
  const out = new Int16Array(mesh.triangleCount).fill(-1);
  // A point off a ring's bounding box is outside it by the even-odd rule (no edge crosses its
  // row, or every crossing lies on one side), so the box rules most zones out; the margin in x
  // covers the rounding of the crossing's abscissa.
  const boxes = zones.map((z) => boundsOf(z.polygon));
  const marginMm = 1e-6;
  for (let e = 0; e < mesh.triangleCount; e++) {
    const centroid = triangleCentroid(mesh, e);
    const cx = centroid[0];
    const cy = centroid[1];
    for (let z = 0; z < zones.length; z++) {
      const box = boxes[z];
      if (cy < box.minYMm || cy >= box.maxYMm) continue;
      if (cx < box.minXMm - marginMm || cx > box.maxXMm + marginMm) continue;
      if (containsPoint(zones[z].polygon, cx, cy)) {
        out[e] = z;
        break;
      }
    }
  }
  return out;
}

/**
 * The local removed fraction φ(x): the core area counted in squares of `cellMm`, read with bilinear
 * interpolation between square centres.
 */
export function removedFractionGrid(
  zones: readonly TreatedZone[],
  coreAreaMm2: number,
  cellMm: number,
) {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const z of zones) {
    const bounds = boundsOf(z.polygon);
    minX = Math.min(minX, bounds.minXMm);
    maxX = Math.max(maxX, bounds.maxXMm);
    minY = Math.min(minY, bounds.minYMm);
    maxY = Math.max(maxY, bounds.maxYMm);
  }
  const x0 = minX - cellMm;
  const y0 = minY - cellMm;
  const w = Math.ceil((maxX - x0) / cellMm) + 2;
  const h = Math.ceil((maxY - y0) / cellMm) + 2;
  const grid = new Float64Array(w * h);
  const perCore = coreAreaMm2 / (cellMm * cellMm);
  for (const z of zones) countCores(z.cores, x0, y0, cellMm, w, perCore, grid);
  return {
    at(x: number, y: number): number {
      const u = (x - x0) / cellMm - 0.5;
      const v = (y - y0) / cellMm - 0.5;
      const i = Math.floor(u);
      const j = Math.floor(v);
      if (i < 0 || j < 0 || i + 1 >= w || j + 1 >= h) return 0;
      const fu = u - i;
      const fv = v - j;
      return (
        grid[j * w + i] * (1 - fu) * (1 - fv) +
        grid[j * w + i + 1] * fu * (1 - fv) +
        grid[(j + 1) * w + i] * (1 - fu) * fv +
        grid[(j + 1) * w + i + 1] * fu * fv
      );
    },
  };
}

/**
 * Add `perCore` to the cell of each core. Indexed, not destructured: a first call runs this
 * before it is optimised, and unpacking each point through the iterator costs far more there.
 */
function countCores(
  cores: readonly PointMm[],
  x0: number,
  y0: number,
  cellMm: number,
  w: number,
  perCore: number,
  grid: Float64Array,
): void {
  for (let k = 0; k < cores.length; k++) {
    const core = cores[k];
    grid[Math.floor((core[1] - y0) / cellMm) * w + Math.floor((core[0] - x0) / cellMm)] += perCore;
  }
}
