import type { Mesh } from '../mesh/types.js';
import { type CsrMatrix, NodeBlockPattern } from '../sparse/csr.js';
import { type Material, planeStressMatrix } from './material.js';

/**
 * A plane-stress problem on linear triangles (constant strain). Units: mm, N, MPa.
 * Loads: eigenstrain (a stress-free strain each element wants to take, e.g. shrinkage), body
 * force, nodal forces (edge tractions), and an elastic foundation (springs tying every point to
 * the ground beneath).
 */
export interface PlaneStressProblem {
  readonly mesh: Mesh;
  readonly thicknessMm: number;
  /** One material, or one per element via `elementMaterial`. */
  readonly materials: readonly Material[];
  /** Index into `materials` per element; all elements use materials[0] when absent. */
  readonly elementMaterial?: Uint8Array | Uint16Array;
  /** (εxx, εyy, γxy) per element. */
  readonly eigenstrain?: Float64Array;
  /** Foundation stiffness: force per area per displacement, N/mm³. */
  readonly foundationNPerMm3?: number;
  /** Body force per volume, N/mm³, at (x, y). */
  readonly bodyForce?: (x: number, y: number) => readonly [number, number];
  /** Forces applied at nodes, N, interleaved x, y (e.g. edge tractions lumped to the nodes). */
  readonly nodalForcesN?: Float64Array;
  /** Prescribed displacements: dof = 2·node + component (0 = x, 1 = y). */
  readonly fixedDofs?: Int32Array;
  readonly fixedValuesMm?: Float64Array;
  /** The mesh's sparsity, when the caller already has it (it depends on the mesh alone). */
  readonly pattern?: NodeBlockPattern;
}

export interface AssembledSystem {
  /** Stiffness with the prescribed dofs eliminated symmetrically (SPD when the problem is). */
  readonly matrix: CsrMatrix;
  readonly rhs: Float64Array;
  /** 1 for prescribed dofs. */
  readonly fixed: Uint8Array;
  readonly pattern: NodeBlockPattern;
}

/** Geometry of one triangle: area and the shape-function gradients (b_i, c_i)/(2A). */
export function triangleGeometry(mesh: Mesh, e: number, out: Float64Array): number {
  return geometryOf(mesh.nodesXY, mesh.triangles, e, out);
}

/** triangleGeometry on the mesh's arrays (the hot loops take arrays, not meshes of several shapes). */
function geometryOf(p: Float64Array, t: Uint32Array, e: number, out: Float64Array): number {
  const a = t[3 * e];
  const b = t[3 * e + 1];
  const c = t[3 * e + 2];
  const x1 = p[2 * a];
  const y1 = p[2 * a + 1];
  const x2 = p[2 * b];
  const y2 = p[2 * b + 1];
  const x3 = p[2 * c];
  const y3 = p[2 * c + 1];
  const twiceArea = (x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1);
  if (!(twiceArea > 0)) throw new RangeError(`triangle ${e} is degenerate or clockwise`);
  // dN/dx and dN/dy for the three nodes.
  out[0] = (y2 - y3) / twiceArea;
  out[1] = (y3 - y1) / twiceArea;
  out[2] = (y1 - y2) / twiceArea;
  out[3] = (x3 - x2) / twiceArea;
  out[4] = (x1 - x3) / twiceArea;
  out[5] = (x2 - x1) / twiceArea;
  return twiceArea / 2;
}

export function assemblePlaneStress(problem: PlaneStressProblem): AssembledSystem {
  const { mesh } = problem;
  const pattern = checkedPattern(problem);
  const values = new Float64Array(pattern.columns.length);
  const rhs = new Float64Array(2 * mesh.nodeCount);
  const d = problem.materials.map(planeStressMatrix);
  const scratch = new ElementScratch();
  const local = new Float64Array(36);
  const k = problem.foundationNPerMm3 ?? 0;
  for (let e = 0; e < mesh.triangleCount; e++) {
    const dm = d[problem.elementMaterial ? problem.elementMaterial[e] : 0];
    const area = elementStiffness(
      mesh.nodesXY,
      mesh.triangles,
      e,
      dm,
      problem.thicknessMm,
      scratch,
      local,
      0,
    );
    scatterElement(values, pattern, mesh.triangles, e, local, 0, k, area);
    addElementLoads(problem, e, area, scratch.db, rhs);
  }
  addNodalForces(problem, rhs);
  return eliminated(problem, pattern, values, rhs);
}

/**
 * The part of a plane-stress system the foundation does not touch, element by element: each
 * element's elastic stiffness and area, and the load. A problem solved for several foundation
 * stiffnesses (all else the same) computes the elements once, and `assembleElements` adds each
 * foundation and sums in the same order as `assemblePlaneStress`: the same system to the last bit.
 * Holds 36 numbers per element, so for one solve `assemblePlaneStress` is the lighter.
 */
export interface PlaneStressElements {
  /** The problem; its foundationNPerMm3 is not used (`assembleElements` takes one). */
  readonly problem: PlaneStressProblem;
  readonly pattern: NodeBlockPattern;
  /** t·A·BᵀDB per element: 6 × 6 over (u1, v1, u2, v2, u3, v3), row-major, at 36 e. */
  readonly stiffness: Float64Array;
  readonly areaMm2: Float64Array;
  /** The assembled load (eigenstrain, body and nodal forces), before the prescribed dofs. */
  readonly load: Float64Array;
}

export function planeStressElements(problem: PlaneStressProblem): PlaneStressElements {
  const { mesh } = problem;
  const pattern = checkedPattern(problem);
  const stiffness = new Float64Array(36 * mesh.triangleCount);
  const areaMm2 = new Float64Array(mesh.triangleCount);
  const load = new Float64Array(2 * mesh.nodeCount);
  const d = problem.materials.map(planeStressMatrix);
  const scratch = new ElementScratch();
  for (let e = 0; e < mesh.triangleCount; e++) {
    const dm = d[problem.elementMaterial ? problem.elementMaterial[e] : 0];
    const area = elementStiffness(
      mesh.nodesXY,
      mesh.triangles,
      e,
      dm,
      problem.thicknessMm,
      scratch,
      stiffness,
      36 * e,
    );
    areaMm2[e] = area;
    addElementLoads(problem, e, area, scratch.db, load);
  }
  addNodalForces(problem, load);
  return { problem, pattern, stiffness, areaMm2, load };
}

/** The system of `elements`' problem on a foundation of stiffness `foundationNPerMm3` (N/mm³). */
export function assembleElements(
  elements: PlaneStressElements,
  foundationNPerMm3: number,
): AssembledSystem {
  const { problem, pattern, stiffness, areaMm2 } = elements;
  const { mesh } = problem;
  const values = new Float64Array(pattern.columns.length);
  for (let e = 0; e < mesh.triangleCount; e++)
    scatterElement(
      values,
      pattern,
      mesh.triangles,
      e,
      stiffness,
      36 * e,
      foundationNPerMm3,
      areaMm2[e],
    );
  return eliminated(problem, pattern, values, elements.load.slice());
}

function checkedPattern(problem: PlaneStressProblem): NodeBlockPattern {
  const { mesh } = problem;
  if (!(problem.thicknessMm > 0)) throw new RangeError('thickness must be positive');
  const pattern = problem.pattern ?? new NodeBlockPattern(mesh.nodeCount, mesh.triangles);
  if (
    pattern.rowStart.length !== 2 * mesh.nodeCount + 1 ||
    pattern.triangleSlots.length !== 9 * mesh.triangleCount
  )
    throw new RangeError('the sparsity pattern given is not of this mesh');
  return pattern;
}

function addNodalForces(problem: PlaneStressProblem, rhs: Float64Array): void {
  if (problem.nodalForcesN) for (let i = 0; i < rhs.length; i++) rhs[i] += problem.nodalForcesN[i];
}

/** The assembled system: the matrix on the pattern, with the prescribed dofs eliminated. */
function eliminated(
  problem: PlaneStressProblem,
  pattern: NodeBlockPattern,
  values: Float64Array,
  rhs: Float64Array,
): AssembledSystem {
  const size = 2 * problem.mesh.nodeCount;
  const matrix: CsrMatrix = { size, rowStart: pattern.rowStart, columns: pattern.columns, values };
  const fixed = new Uint8Array(size);
  if (problem.fixedDofs)
    applyDirichlet(matrix, rhs, fixed, problem.fixedDofs, problem.fixedValuesMm);
  return { matrix, rhs, fixed, pattern };
}

/** Scratch arrays of `elementStiffness`: typed arrays only, so their shape never changes. */
class ElementScratch {
  readonly grad = new Float64Array(6);
  readonly bMatrix = new Float64Array(18); // 3 × 6
  /** D·B of the element last computed (3 × 6), for its eigenstrain load. */
  readonly db = new Float64Array(18);
}

/**
 * Element e's t·A·BᵀDB into out[offset ..] (row-major 6 × 6, over u1, v1, u2, v2, u3, v3), and
 * its D·B into scratch.db; returns its area. Arrays and numbers only: the hot loop's code stays
 * valid whatever shape of mesh or problem object the caller has.
 */
function elementStiffness(
  nodesXY: Float64Array,
  triangles: Uint32Array,
  e: number,
  dm: Float64Array,
  thicknessMm: number,
  scratch: ElementScratch,
  out: Float64Array,
  offset: number,
): number {
  const { grad, bMatrix, db } = scratch;
  const area = geometryOf(nodesXY, triangles, e, grad);
  // B (3×6): rows εxx, εyy, γxy; columns u1, v1, u2, v2, u3, v3.
  bMatrix.fill(0);
  for (let i = 0; i < 3; i++) {
    bMatrix[2 * i] = grad[i];
    bMatrix[6 + 2 * i + 1] = grad[3 + i];
    bMatrix[12 + 2 * i] = grad[3 + i];
    bMatrix[12 + 2 * i + 1] = grad[i];
  }
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 6; c++) {
      db[6 * r + c] =
        dm[3 * r] * bMatrix[c] + dm[3 * r + 1] * bMatrix[6 + c] + dm[3 * r + 2] * bMatrix[12 + c];
    }
  }
  const scale = thicknessMm * area;
  for (let row = 0; row < 6; row++) {
    for (let col = 0; col < 6; col++) {
      let kij = 0;
      for (let q = 0; q < 3; q++) kij += bMatrix[6 * q + row] * db[6 * q + col];
      out[offset + 6 * row + col] = scale * kij;
    }
  }
  return area;
}

/** Element e's eigenstrain and body-force loads into rhs; db is its D·B. */
function addElementLoads(
  problem: PlaneStressProblem,
  e: number,
  area: number,
  db: Float64Array,
  rhs: Float64Array,
): void {
  if (problem.eigenstrain)
    addEigenstrainLoad(
      problem.mesh.triangles,
      e,
      problem.thicknessMm * area,
      db,
      problem.eigenstrain,
      rhs,
    );
  if (problem.bodyForce) addBodyForce(problem, e, area, rhs);
}

/** f = t A Bᵀ D ε* (scale = t A). */
function addEigenstrainLoad(
  triangles: Uint32Array,
  e: number,
  scale: number,
  db: Float64Array,
  eigenstrain: Float64Array,
  rhs: Float64Array,
): void {
  const e0 = eigenstrain[3 * e];
  const e1 = eigenstrain[3 * e + 1];
  const e2 = eigenstrain[3 * e + 2];
  for (let c = 0; c < 6; c++) {
    const f = db[c] * e0 + db[6 + c] * e1 + db[12 + c] * e2;
    rhs[2 * triangles[3 * e + (c >> 1)] + (c & 1)] += scale * f;
  }
}

/** Body force with the three-midpoint rule (exact for quadratics). */
function addBodyForce(
  problem: PlaneStressProblem,
  e: number,
  area: number,
  rhs: Float64Array,
): void {
  const { mesh, thicknessMm: thickness } = problem;
  const bodyForce = problem.bodyForce;
  if (!bodyForce) return;
  const p = mesh.nodesXY;
  const t = mesh.triangles;
  for (let m = 0; m < 3; m++) {
    const a = t[3 * e + m];
    const b = t[3 * e + ((m + 1) % 3)];
    const [fx, fy] = bodyForce((p[2 * a] + p[2 * b]) / 2, (p[2 * a + 1] + p[2 * b + 1]) / 2);
    // At the midpoint of edge ab, N_a = N_b = ½ and the third is 0; each point weighs A/3.
    for (const n of [a, b]) {
      rhs[2 * n] += (thickness * area * fx) / 6;
      rhs[2 * n + 1] += (thickness * area * fy) / 6;
    }
  }
}

/**
 * Add element e's stiffness (local[offset ..], 6 × 6) and its foundation k (consistent
 * ∫ k N_i N_j dA on each component: A/6 diagonal, A/12 off) into the matrix values.
 */
function scatterElement(
  values: Float64Array,
  pattern: NodeBlockPattern,
  triangles: Uint32Array,
  e: number,
  local: Float64Array,
  offset: number,
  k: number,
  area: number,
): void {
  for (let i = 0; i < 3; i++) {
    const node = triangles[3 * e + i];
    for (let ri = 0; ri < 2; ri++) {
      const row = 2 * i + ri;
      const rowBase = pattern.rowStart[2 * node + ri];
      for (let j = 0; j < 3; j++) {
        const slot = rowBase + 2 * pattern.triangleSlots[9 * e + 3 * i + j];
        for (let cj = 0; cj < 2; cj++) {
          let value = local[offset + 6 * row + 2 * j + cj];
          if (k > 0 && ri === cj) value += (k * area * (i === j ? 2 : 1)) / 12;
          values[slot + cj] += value;
        }
      }
    }
  }
}

/**
 * Prescribe u[dof] = value by symmetric elimination (also used by the hyperelastic Newton steps): move the known column to the right-hand
 * side, clear the row and column, put the diagonal's scale back with rhs = diagonal · value.
 */
export function applyDirichlet(
  a: CsrMatrix,
  rhs: Float64Array,
  fixed: Uint8Array,
  dofs: Int32Array,
  valuesMm: Float64Array | undefined,
): void {
  const prescribed = new Float64Array(a.size);
  for (let q = 0; q < dofs.length; q++) {
    fixed[dofs[q]] = 1;
    prescribed[dofs[q]] = valuesMm ? valuesMm[q] : 0;
  }
  const diagonalScale = new Float64Array(a.size);
  for (let i = 0; i < a.size; i++) {
    for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
      const j = a.columns[k];
      if (i === j && fixed[i]) diagonalScale[i] = a.values[k] > 0 ? a.values[k] : 1;
      if (fixed[j] && !fixed[i]) rhs[i] -= a.values[k] * prescribed[j];
    }
  }
  for (let i = 0; i < a.size; i++) {
    for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
      const j = a.columns[k];
      if (fixed[i] || fixed[j]) a.values[k] = i === j ? diagonalScale[i] : 0;
    }
    if (fixed[i]) rhs[i] = diagonalScale[i] * prescribed[i];
  }
}

/** The centroid of triangle e. */
export function triangleCentroid(mesh: Mesh, e: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < 3; i++) {
    const n = mesh.triangles[3 * e + i];
    x += mesh.nodesXY[2 * n] / 3;
    y += mesh.nodesXY[2 * n + 1] / 3;
  }
  return [x, y];
}

/** Per element: strain (εxx, εyy, γxy) from the displacement, and stress D(ε − ε*), MPa. */
export function elementStrainsAndStresses(
  problem: PlaneStressProblem,
  displacementMm: Float64Array,
): { strain: Float64Array; stressMPa: Float64Array } {
  const strain = new Float64Array(3 * problem.mesh.triangleCount);
  const stressMPa = new Float64Array(3 * problem.mesh.triangleCount);
  // The loop in a function of its own: a first call optimises it while it runs (on-stack) and,
  // with the result built out here, does not drop that code again on the way out.
  strainsAndStressesInto(problem, displacementMm, strain, stressMPa);
  return { strain, stressMPa };
}

function strainsAndStressesInto(
  problem: PlaneStressProblem,
  displacementMm: Float64Array,
  strain: Float64Array,
  stressMPa: Float64Array,
): void {
  const { mesh } = problem;
  const d = problem.materials.map(planeStressMatrix);
  const grad = new Float64Array(6);
  for (let e = 0; e < mesh.triangleCount; e++) {
    triangleGeometry(mesh, e, grad);
    let exx = 0;
    let eyy = 0;
    let gxy = 0;
    for (let i = 0; i < 3; i++) {
      const n = mesh.triangles[3 * e + i];
      const u = displacementMm[2 * n];
      const v = displacementMm[2 * n + 1];
      exx += grad[i] * u;
      eyy += grad[3 + i] * v;
      gxy += grad[3 + i] * u + grad[i] * v;
    }
    strain[3 * e] = exx;
    strain[3 * e + 1] = eyy;
    strain[3 * e + 2] = gxy;
    const m = d[problem.elementMaterial ? problem.elementMaterial[e] : 0];
    const r0 = exx - (problem.eigenstrain?.[3 * e] ?? 0);
    const r1 = eyy - (problem.eigenstrain?.[3 * e + 1] ?? 0);
    const r2 = gxy - (problem.eigenstrain?.[3 * e + 2] ?? 0);
    stressMPa[3 * e] = m[0] * r0 + m[1] * r1 + m[2] * r2;
    stressMPa[3 * e + 1] = m[3] * r0 + m[4] * r1 + m[5] * r2;
    stressMPa[3 * e + 2] = m[6] * r0 + m[7] * r1 + m[8] * r2;
  }
}

/** Area-weighted average of element values (`components` per element) at the nodes. */
export function averageAtNodes(
  mesh: Mesh,
  elementValues: Float64Array,
  components: number,
): Float64Array {
  const sums = new Float64Array(components * mesh.nodeCount);
  const weights = new Float64Array(mesh.nodeCount);
  const grad = new Float64Array(6);
  for (let e = 0; e < mesh.triangleCount; e++) {
    const area = triangleGeometry(mesh, e, grad);
    for (let i = 0; i < 3; i++) {
      const n = mesh.triangles[3 * e + i];
      weights[n] += area;
      for (let c = 0; c < components; c++)
        sums[components * n + c] += area * elementValues[components * e + c];
    }
  }
  for (let n = 0; n < mesh.nodeCount; n++) {
    for (let c = 0; c < components; c++) sums[components * n + c] /= weights[n] || 1;
  }
  return sums;
}
