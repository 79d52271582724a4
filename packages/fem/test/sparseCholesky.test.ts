import { describe, expect, it } from 'vitest';
import {
  assemblePlaneStress,
  type CsrMatrix,
  meshPolygon,
  nestedDissectionOrder,
  SparseCholesky,
} from '../src/index.js';
import { circle, prescribe, STEEL_LIKE, solveDirect, square } from './helpers.js';

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** The 1D Laplacian tridiag(−1, 2, −1) of size n, in CSR. */
function laplacian1d(n: number): CsrMatrix {
  const rowStart = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [i - 1, i, i + 1]) {
      if (j < 0 || j >= n) continue;
      columns.push(j);
      values.push(i === j ? 2 : -1);
    }
    rowStart[i + 1] = columns.length;
  }
  return {
    size: n,
    rowStart,
    columns: Int32Array.from(columns),
    values: Float64Array.from(values),
  };
}

describe('sparse Cholesky', () => {
  it('solves the 1D Laplacian exactly in any order: x_i = i(n + 1 − i)/2 for b = 1', () => {
    const n = 50;
    const a = laplacian1d(n);
    const reversed = identity(n).reverse();
    const shuffled = identity(n).sort((p, q) => ((p * 37) % n) - ((q * 37) % n));
    for (const order of [identity(n), reversed, shuffled]) {
      const x = new Float64Array(n);
      new SparseCholesky(a, order).solve(new Float64Array(n).fill(1), x);
      for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(((i + 1) * (n - i)) / 2, 9);
    }
  });

  it('reproduces a linear displacement field exactly (patch test) after nested dissection', () => {
    const mesh = meshPolygon(square(0, 0, 10, 6), [], {
      size: (x, y) => 0.4 + 0.08 * x + 0.04 * y,
    });
    const exact = (x: number, y: number) =>
      [0.01 + 0.002 * x - 0.001 * y, -0.02 + 0.0015 * x + 0.003 * y] as const;
    const system = assemblePlaneStress({
      mesh,
      thicknessMm: 1.5,
      materials: [STEEL_LIKE],
      ...prescribe(mesh, (n) => mesh.boundaryNode[n] === 1, exact),
    });
    const u = new Float64Array(system.matrix.size);
    new SparseCholesky(system.matrix, nestedDissectionOrder(system.matrix, mesh.nodesXY)).solve(
      system.rhs,
      u,
    );
    for (let n = 0; n < mesh.nodeCount; n++) {
      const [ux, uy] = exact(mesh.nodesXY[2 * n], mesh.nodesXY[2 * n + 1]);
      expect(u[2 * n]).toBeCloseTo(ux, 12);
      expect(u[2 * n + 1]).toBeCloseTo(uy, 12);
    }
  });

  it('agrees with CG on a graded mesh with holes, prescribed values, a foundation and loads', () => {
    const mesh = meshPolygon(square(0, 0, 30, 12), [circle(10, 6, 3, 20), circle(22, 5, 2, 16)], {
      size: (x) => 0.5 + 0.05 * x,
    });
    const problem = {
      mesh,
      thicknessMm: 1,
      materials: [STEEL_LIKE],
      foundationNPerMm3: 0.05,
      bodyForce: (x: number) => [0.01 * x, -0.02] as const,
      // Prescribed dofs leave explicit zeros in the pattern, which the factor drops.
      ...prescribe(
        mesh,
        (_n, x) => x < 1e-9,
        (_x, y) => [0, 0.001 * y],
      ),
    };
    const system = assemblePlaneStress(problem);
    const x = new Float64Array(system.matrix.size);
    new SparseCholesky(system.matrix, nestedDissectionOrder(system.matrix, mesh.nodesXY)).solve(
      system.rhs,
      x,
    );
    const reference = solveDirect(problem);
    const largest = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let i = 0; i < x.length; i++)
      expect(Math.abs(x[i] - reference[i])).toBeLessThan(1e-9 * largest);
  });

  it('refuses a matrix that is not positive definite, and an ordering that is not a permutation', () => {
    const a = laplacian1d(4);
    const indefinite = { ...a, values: a.values.map((v) => (v === 2 ? -2 : v)) };
    expect(() => new SparseCholesky(indefinite, identity(4))).toThrow(/not positive definite/);
    expect(() => new SparseCholesky(a, Int32Array.of(0, 1, 1, 3))).toThrow(/every row/);
    expect(() => new SparseCholesky(a, Int32Array.of(0, 1, 2))).toThrow(/every row/);
  });
});

describe('nested dissection ordering', () => {
  const problemOn = (size: number) => {
    const mesh = meshPolygon(square(0, 0, 40, 40), [], { size });
    return {
      mesh,
      system: assemblePlaneStress({
        mesh,
        thicknessMm: 1,
        materials: [STEEL_LIKE],
        foundationNPerMm3: 0.1,
      }),
    };
  };

  it('is a permutation that keeps a node’s two unknowns together', () => {
    const { mesh, system } = problemOn(2);
    const order = nestedDissectionOrder(system.matrix, mesh.nodesXY);
    expect(Array.from(order).sort((p, q) => p - q)).toEqual(Array.from(identity(order.length)));
    for (let k = 0; k < order.length; k += 2) expect(order[k + 1]).toBe(order[k] + 1);
    expect(() => nestedDissectionOrder(system.matrix, mesh.nodesXY.subarray(2))).toThrow(
      RangeError,
    );
  });

  it('keeps the factor at O(n log n) nonzeros where the mesh’s own order fills O(n^1.5)', () => {
    const coarse = problemOn(1);
    const n = coarse.system.matrix.size;
    const nested = new SparseCholesky(
      coarse.system.matrix,
      nestedDissectionOrder(coarse.system.matrix, coarse.mesh.nodesXY),
    );
    const natural = new SparseCholesky(coarse.system.matrix, identity(n));
    expect(nested.factorNonzeros).toBeLessThan(0.25 * natural.factorNonzeros);
    // Four times the unknowns: n log n grows ~4.7×, n^1.5 8×.
    const fine = problemOn(0.5);
    const m = fine.system.matrix.size;
    const finer = new SparseCholesky(
      fine.system.matrix,
      nestedDissectionOrder(fine.system.matrix, fine.mesh.nodesXY),
    );
    expect(finer.factorNonzeros / (m * Math.log2(m))).toBeLessThan(5);
    expect(finer.factorNonzeros / nested.factorNonzeros).toBeLessThan(6);
  });
});
