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
  const p = mesh.nodesXY;
  const t = mesh.triangles;
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
  const { mesh, thicknessMm: thickness } = problem;
  if (!(thickness > 0)) throw new RangeError('thickness must be positive');
  const pattern = problem.pattern ?? new NodeBlockPattern(mesh.nodeCount, mesh.triangles);
  if (
    pattern.rowStart.length !== 2 * mesh.nodeCount + 1 ||
    pattern.triangleSlots.length !== 9 * mesh.triangleCount
  )
    throw new RangeError('the sparsity pattern given is not of this mesh');
  const size = 2 * mesh.nodeCount;
  const values = new Float64Array(pattern.columns.length);
  const rhs = new Float64Array(size);
  const d = problem.materials.map(planeStressMatrix);
  const grad = new Float64Array(6);
  const bMatrix = new Float64Array(18); // 3 × 6
  const db = new Float64Array(18);
  const slots = new Int32Array(9);
  const nodes = new Int32Array(3);
  const k = problem.foundationNPerMm3 ?? 0;

  for (let e = 0; e < mesh.triangleCount; e++) {
    const area = triangleGeometry(mesh, e, grad);
    const dm = d[problem.elementMaterial ? problem.elementMaterial[e] : 0];
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
    nodes[0] = mesh.triangles[3 * e];
    nodes[1] = mesh.triangles[3 * e + 1];
    nodes[2] = mesh.triangles[3 * e + 2];
    for (let q = 0; q < 9; q++) slots[q] = pattern.triangleSlots[9 * e + q];
    const scale = thickness * area;
    for (let i = 0; i < 3; i++) {
      for (let ri = 0; ri < 2; ri++) {
        const row = 2 * i + ri;
        const rowBase = pattern.rowStart[2 * nodes[i] + ri];
        for (let j = 0; j < 3; j++) {
          for (let cj = 0; cj < 2; cj++) {
            const col = 2 * j + cj;
            let kij = 0;
            for (let q = 0; q < 3; q++) kij += bMatrix[6 * q + row] * db[6 * q + col];
            let value = scale * kij;
            // Foundation: consistent ∫ k N_i N_j dA on each component (A/6 diagonal, A/12 off).
            if (k > 0 && ri === cj) value += (k * area * (i === j ? 2 : 1)) / 12;
            values[rowBase + 2 * slots[3 * i + j] + cj] += value;
          }
        }
      }
    }
    // Eigenstrain load: f = t A Bᵀ D ε*.
    if (problem.eigenstrain) {
      const e0 = problem.eigenstrain[3 * e];
      const e1 = problem.eigenstrain[3 * e + 1];
      const e2 = problem.eigenstrain[3 * e + 2];
      for (let c = 0; c < 6; c++) {
        const f = db[c] * e0 + db[6 + c] * e1 + db[12 + c] * e2;
        rhs[2 * nodes[c >> 1] + (c & 1)] += scale * f;
      }
    }
    // Body force with the three-midpoint rule (exact for quadratics).
    if (problem.bodyForce) {
      const p = mesh.nodesXY;
      for (let m = 0; m < 3; m++) {
        const a = nodes[m];
        const b = nodes[(m + 1) % 3];
        const [fx, fy] = problem.bodyForce(
          (p[2 * a] + p[2 * b]) / 2,
          (p[2 * a + 1] + p[2 * b + 1]) / 2,
        );
        // At the midpoint of edge ab, N_a = N_b = ½ and the third is 0; each point weighs A/3.
        for (const n of [a, b]) {
          rhs[2 * n] += (thickness * area * fx) / 6;
          rhs[2 * n + 1] += (thickness * area * fy) / 6;
        }
      }
    }
  }

  if (problem.nodalForcesN) for (let i = 0; i < size; i++) rhs[i] += problem.nodalForcesN[i];
  const matrix: CsrMatrix = { size, rowStart: pattern.rowStart, columns: pattern.columns, values };
  const fixed = new Uint8Array(size);
  if (problem.fixedDofs)
    applyDirichlet(matrix, rhs, fixed, problem.fixedDofs, problem.fixedValuesMm);
  return { matrix, rhs, fixed, pattern };
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
  const { mesh } = problem;
  const strain = new Float64Array(3 * mesh.triangleCount);
  const stressMPa = new Float64Array(3 * mesh.triangleCount);
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
  return { strain, stressMPa };
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
