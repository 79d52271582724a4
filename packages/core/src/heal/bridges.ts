import {
  assemblePlaneStress,
  elementDeformationGradients,
  elementStrainsAndStresses,
  homogeneousState,
  largestPrincipalStretch,
  meshPolygon,
  nestedDissectionOrder,
  SparseCholesky,
  solveNeoHookean,
  triangleCentroid,
} from '@microcore/fem';
import { PointGrid } from '../geometry/pointGrid.js';
import type { PointMm } from '../geometry/polygon.js';
import type { HealingParameterValues } from './parameters.js';

export interface BridgePatchInput {
  /** Lower-left corner and side of the square patch, mm. */
  readonly originMm: PointMm;
  readonly sideMm: number;
  /** Core centres in the patch's zone (those inside the patch are cut as holes). */
  readonly cores: readonly PointMm[];
  readonly coreDiameterMm: number;
  /** Direction of the major resting tension, degrees from x. */
  readonly tensionAngleDeg: number;
  /**
   * The skin's law: neo-Hookean (default; bridges strain by tens of per cent, where a linear law
   * is wrong) or linear (small-strain), kept for comparison and the small-strain checks.
   */
  readonly law?: 'neo-hookean' | 'linear';
}

/** One hole after gaping: its ellipse's axes (along and across the tension) and open ÷ cut area. */
export interface HoleGape {
  readonly centreMm: readonly [number, number];
  readonly majorAxisMm: number;
  readonly minorAxisMm: number;
  readonly areaRatio: number;
}

/**
 * One bridge: the two holes (indices into holeGapes), the edge-to-edge gap and its largest
 * principal strain (engineering: stretch − 1; the small strain under the linear law).
 */
export interface BridgeStrain {
  readonly holes: readonly [number, number];
  readonly gapMm: number;
  readonly strain: number;
  readonly flagged: boolean;
}

export interface BridgeResult {
  readonly holes: number;
  /** Gaped hole: mean major and minor axis, and open area ÷ cut area. */
  readonly meanMajorAxisMm: number;
  readonly meanMinorAxisMm: number;
  readonly meanGapeAreaRatio: number;
  readonly bridges: number;
  readonly maxBridgeStrain: number;
  readonly meanBridgeStrain: number;
  /** Bridges whose largest principal strain is above the tear strain. */
  readonly flaggedBridges: number;
  readonly tearStrain: number;
  readonly unknowns: number;
  /** Newton steps of the neo-Hookean solve (0 under the linear law). */
  readonly newtonSteps: number;
  readonly holeGapes: readonly HoleGape[];
  readonly bridgeStrains: readonly BridgeStrain[];
}

const HOLE_SEGMENTS = 32;

/**
 * The micro model: a square patch of skin with its cores cut as explicit holes, its edges loaded by
 * the resting pre-tension (σ1 along the tension direction, σ2 = ratio · σ1, as dead nominal
 * tractions; isotropic skin of the model's modulus, neo-Hookean by default). Reports how each hole
 * gapes (its edge displacement relative to the skin before the cut, which the same tension
 * stretches uniformly) and the largest principal strain in every bridge between neighbouring holes.
 */
export function simulateBridgePatch(
  input: BridgePatchInput,
  p: HealingParameterValues,
): BridgeResult {
  const { originMm, sideMm, coreDiameterMm: d } = input;
  const [x0, y0] = originMm;
  const r = d / 2;
  const holes = input.cores.filter(
    ([x, y]) => x - d > x0 && x + d < x0 + sideMm && y - d > y0 && y + d < y0 + sideMm,
  );
  const holeRings = holes.map(([cx, cy]) => {
    const ring: number[] = [];
    for (let k = 0; k < HOLE_SEGMENTS; k++) {
      const a = (2 * Math.PI * k) / HOLE_SEGMENTS;
      ring.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
    }
    return ring;
  });
  const edgeMm = (2 * Math.PI * r) / HOLE_SEGMENTS;
  // The mesh grades from the hole's edge length to sideMm / 20, reached 4 (sideMm / 20 − edge)
  // from a hole: holes farther than that (one edge more, for rounding) leave the largest size.
  const largestMm = sideMm / 20;
  const holeCentres = new PointGrid(Float64Array.from(holes.flat()), 2 * d);
  const sizeReachMm = r + Math.max(0, 4 * (largestMm - edgeMm)) + edgeMm;
  const nearestHoleGap = (x: number, y: number) =>
    Math.max(0, holeCentres.nearestWithinMm(x, y, sizeReachMm) - r);
  const mesh = meshPolygon(
    [x0, y0, x0 + sideMm, y0, x0 + sideMm, y0 + sideMm, x0, y0 + sideMm],
    holeRings,
    {
      size: (x, y) => Math.min(largestMm, edgeMm * (1 + 0.25 * (nearestHoleGap(x, y) / edgeMm))),
    },
  );

  // The resting tension as a stress tensor in x, y (σ1 along the tension direction).
  const e = p.youngsModulusMPa;
  const nu = p.poissonRatio;
  const law = input.law ?? 'neo-hookean';
  const s1 = p.restingTensionMPa;
  const s2 = p.restingTensionMPa * p.restingTensionRatio;
  const t = (input.tensionAngleDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const sxx = s1 * c * c + s2 * s * s;
  const syy = s1 * s * s + s2 * c * c;
  const sxy = (s1 - s2) * c * s;
  // The uniform displacement gradient that tension gives the uncut skin, and the nominal stress
  // on the patch's undeformed edges that holds it: under the linear law the strain and σ itself;
  // under the neo-Hookean law the stretch U at which the stretched, thinned skin carries the
  // measured (true, Cauchy) tension, and P = U·S(U).
  let gradXX: number;
  let gradYY: number;
  let gradXY: number;
  let pxx = sxx;
  let pyy = syy;
  let pxy = sxy;
  if (law === 'linear') {
    gradXX = (sxx - nu * syy) / e;
    gradYY = (syy - nu * sxx) / e;
    gradXY = ((1 + nu) * sxy) / e; // εxy = γxy / 2 = (1 + ν) σxy / E
  } else {
    const state = homogeneousState(
      { youngsModulusMPa: e, poissonRatio: nu },
      [sxx, syy, sxy],
      'cauchy',
    );
    gradXX = state.stretch[0] - 1;
    gradYY = state.stretch[1] - 1;
    gradXY = state.stretch[2];
    [pxx, pyy, pxy] = state.nominal;
  }
  const uniform = (x: number, y: number): [number, number] => [
    gradXX * (x - x0) + gradXY * (y - y0),
    gradXY * (x - x0) + gradYY * (y - y0),
  ];

  // The patch is part of a large sheet under the resting tension: load its edges with that
  // stress (tractions σ·n lumped to the edge nodes), and hold only rigid motion, consistently
  // with the uniform field (corner (x0, y0) fixed, the next corner's y as the uniform field has it).
  const onEdge = (x: number, y: number) =>
    Math.abs(x - x0) < 1e-9 ||
    Math.abs(x - x0 - sideMm) < 1e-9 ||
    Math.abs(y - y0) < 1e-9 ||
    Math.abs(y - y0 - sideMm) < 1e-9;
  const forces = new Float64Array(2 * mesh.nodeCount);
  const edgeNodes: Array<[number, number, number]> = []; // node, position along the perimeter
  for (let n = 0; n < mesh.nodeCount; n++) {
    const x = mesh.nodesXY[2 * n];
    const y = mesh.nodesXY[2 * n + 1];
    if (mesh.boundaryNode[n] && onEdge(x, y)) edgeNodes.push([n, x, y]);
  }
  for (let t3 = 0; t3 < mesh.triangleCount; t3++) {
    for (let k = 0; k < 3; k++) {
      const a = mesh.triangles[3 * t3 + k];
      const b = mesh.triangles[3 * t3 + ((k + 1) % 3)];
      const ax = mesh.nodesXY[2 * a];
      const ay = mesh.nodesXY[2 * a + 1];
      const bx = mesh.nodesXY[2 * b];
      const by = mesh.nodesXY[2 * b + 1];
      if (!mesh.boundaryNode[a] || !mesh.boundaryNode[b] || !onEdge(ax, ay) || !onEdge(bx, by))
        continue;
      if (!(Math.abs(ax - bx) < 1e-9 || Math.abs(ay - by) < 1e-9)) continue; // a chord across a corner
      // Counter-clockwise triangles: the outward normal of edge a→b is (dy, −dx)/L.
      const nx = by - ay;
      const ny = -(bx - ax);
      const fx = (p.skinThicknessMm * (pxx * nx + pxy * ny)) / 2;
      const fy = (p.skinThicknessMm * (pxy * nx + pyy * ny)) / 2;
      forces[2 * a] += fx;
      forces[2 * a + 1] += fy;
      forces[2 * b] += fx;
      forces[2 * b + 1] += fy;
    }
  }
  const corner = (x: number, y: number) => {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [n, nx2, ny2] of edgeNodes) {
      const distance = Math.hypot(nx2 - x, ny2 - y);
      if (distance < bestDistance) {
        best = n;
        bestDistance = distance;
      }
    }
    return best;
  };
  const origin = corner(x0, y0);
  const right = corner(x0 + sideMm, y0);
  const [, rightUy] = uniform(mesh.nodesXY[2 * right], mesh.nodesXY[2 * right + 1]);
  const fixedDofs = Int32Array.of(2 * origin, 2 * origin + 1, 2 * right + 1);
  const fixedValuesMm = Float64Array.of(0, 0, rightUy);
  let u: Float64Array;
  let unknowns: number;
  let newtonSteps = 0;
  /** Per element, the largest principal strain. */
  const principal = new Float64Array(mesh.triangleCount);
  if (law === 'linear') {
    const problem = {
      mesh,
      thicknessMm: p.skinThicknessMm,
      materials: [{ kind: 'isotropic', youngsModulusMPa: e, poissonRatio: nu } as const],
      nodalForcesN: forces,
      fixedDofs,
      fixedValuesMm,
    };
    const system = assemblePlaneStress(problem);
    // A direct solve: the graded mesh has no nested coarse levels for multigrid, and Jacobi-CG
    // needs ~1,300 iterations here; the factor (nested-dissection order) is several times faster.
    u = new Float64Array(system.matrix.size);
    new SparseCholesky(system.matrix, nestedDissectionOrder(system.matrix, mesh.nodesXY)).solve(
      system.rhs,
      u,
    );
    unknowns = system.matrix.size;
    const { strain } = elementStrainsAndStresses(problem, u);
    for (let el = 0; el < mesh.triangleCount; el++) {
      const exx = strain[3 * el];
      const eyy = strain[3 * el + 1];
      const gxy = strain[3 * el + 2];
      principal[el] = (exx + eyy) / 2 + Math.sqrt(((exx - eyy) / 2) ** 2 + (gxy / 2) ** 2);
    }
  } else {
    // Newton from the uncut skin's uniform stretch: the holes perturb it locally.
    const start = new Float64Array(2 * mesh.nodeCount);
    for (let n = 0; n < mesh.nodeCount; n++) {
      const [ux, uy] = uniform(mesh.nodesXY[2 * n], mesh.nodesXY[2 * n + 1]);
      start[2 * n] = ux;
      start[2 * n + 1] = uy;
    }
    const result = solveNeoHookean(
      {
        mesh,
        thicknessMm: p.skinThicknessMm,
        material: { youngsModulusMPa: e, poissonRatio: nu },
        nodalForcesN: forces,
        fixedDofs,
        fixedValuesMm,
      },
      // Residual force ≤ 1e-5 of the load: the bridge strains then agree with a 1e-9 solve to
      // 1e-7 (default and crowded plans, scripts/bridge-laws.mjs), below the 1e-4 reported.
      { initialGuess: start, relativeTolerance: 1e-5 },
    );
    u = result.displacementMm;
    unknowns = 2 * mesh.nodeCount;
    newtonSteps = result.newtonSteps;
    const f = elementDeformationGradients(mesh, u);
    for (let el = 0; el < mesh.triangleCount; el++)
      principal[el] =
        largestPrincipalStretch(f[4 * el], f[4 * el + 1], f[4 * el + 2], f[4 * el + 3]) - 1;
  }

  // Hole gape: the hole-edge nodes moved by (u − uniform), measured along and across the tension.
  // The hole's edge nodes: those at distance r from its centre, found through a grid of the
  // nodes and taken in node order (the order of the sums below).
  const nodeGrid = new PointGrid(mesh.nodesXY, 2 * d);
  const holeGapes: HoleGape[] = holes.map(([cx, cy]) => {
    const edge: Array<[number, number, number]> = []; // angle, relative displacement x, y
    const near: number[] = [];
    nodeGrid.forEachWithin(cx, cy, 2 * r, (n) => {
      near.push(n);
    });
    near.sort((a, b) => a - b);
    for (const n of near) {
      const x = mesh.nodesXY[2 * n];
      const y = mesh.nodesXY[2 * n + 1];
      if (Math.abs(Math.hypot(x - cx, y - cy) - r) > 1e-6 * r + 1e-9) continue;
      const [ux, uy] = uniform(x, y);
      edge.push([Math.atan2(y - cy, x - cx), u[2 * n] - ux, u[2 * n + 1] - uy]);
    }
    // The hole moves with the patch: measure its edge relative to its own mean displacement.
    const meanX = edge.reduce((a, q) => a + q[1], 0) / edge.length;
    const meanY = edge.reduce((a, q) => a + q[2], 0) / edge.length;
    edge.sort((a, b) => a[0] - b[0]);
    let along = 0;
    let across = 0;
    let twice = 0;
    const points = edge.map(
      ([angle, dx, dy]) =>
        [r * Math.cos(angle) + dx - meanX, r * Math.sin(angle) + dy - meanY] as const,
    );
    points.forEach(([px, py], k) => {
      along = Math.max(along, Math.abs(px * c + py * s));
      across = Math.max(across, Math.abs(-px * s + py * c));
      const [qx, qy] = points[(k + 1) % points.length];
      twice += px * qy - qx * py;
    });
    return {
      centreMm: [cx, cy],
      majorAxisMm: 2 * along,
      minorAxisMm: 2 * across,
      areaRatio: Math.abs(twice) / 2 / (Math.PI * r * r),
    };
  });

  // Bridges: between neighbouring holes (Gabriel neighbours within 4 d).
  const centroids = new Float64Array(2 * mesh.triangleCount);
  for (let el = 0; el < mesh.triangleCount; el++) {
    const [cx, cy] = triangleCentroid(mesh, el);
    centroids[2 * el] = cx;
    centroids[2 * el + 1] = cy;
  }
  const elements = new PointGrid(centroids, 2 * d);
  const bridges: BridgeStrain[] = [];
  for (let i = 0; i < holes.length; i++) {
    for (let j = i + 1; j < holes.length; j++) {
      const [ax, ay] = holes[i];
      const [bx, by] = holes[j];
      const distance = Math.hypot(bx - ax, by - ay);
      if (distance > 4 * d) continue;
      // A bridge joins neighbours: no other hole inside the circle on the pair as diameter.
      const gabriel = holes.every(
        ([ox, oy], k) =>
          k === i || k === j || Math.hypot(ox - (ax + bx) / 2, oy - (ay + by) / 2) >= distance / 2,
      );
      if (!gabriel) continue;
      const mx = (ax + bx) / 2;
      const my = (ay + by) / 2;
      const reach = Math.max(edgeMm, (distance - d) / 2);
      let worst = 0;
      elements.forEachWithin(mx, my, reach, (el) => {
        worst = Math.max(worst, principal[el]);
      });
      bridges.push({
        holes: [i, j],
        gapMm: distance - d,
        strain: worst,
        flagged: worst > p.tearStrain,
      });
    }
  }
  const count = holes.length || 1;
  const strains = bridges.map((b) => b.strain);
  return {
    holes: holes.length,
    meanMajorAxisMm: holeGapes.reduce((a, h) => a + h.majorAxisMm, 0) / count,
    meanMinorAxisMm: holeGapes.reduce((a, h) => a + h.minorAxisMm, 0) / count,
    meanGapeAreaRatio: holeGapes.reduce((a, h) => a + h.areaRatio, 0) / count,
    bridges: bridges.length,
    maxBridgeStrain: strains.reduce((m, v) => Math.max(m, v), 0),
    meanBridgeStrain: strains.reduce((a, v) => a + v, 0) / (strains.length || 1),
    flaggedBridges: bridges.filter((b) => b.flagged).length,
    tearStrain: p.tearStrain,
    unknowns,
    newtonSteps,
    holeGapes,
    bridgeStrains: bridges,
  };
}
