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

/** A deterministic pseudo-random number in [0, 1) (a linear congruential generator). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A CSR matrix from a dense symmetric one, storing its nonzeros (and the listed explicit zeros). */
function csrOf(dense: number[][], explicitZeros: Array<[number, number]> = []): CsrMatrix {
  const n = dense.length;
  const rowStart = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  const stored = new Set(explicitZeros.flatMap(([i, j]) => [`${i},${j}`, `${j},${i}`]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (dense[i][j] === 0 && !stored.has(`${i},${j}`)) continue;
      columns.push(j);
      values.push(dense[i][j]);
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

/**
 * A random SPD matrix with the given off-diagonal pattern (pairs i < j): random off-diagonal
 * values, each diagonal above its row's absolute sum (strictly diagonally dominant).
 */
function randomSpd(n: number, pairs: Array<[number, number]>, seed: number): number[][] {
  const next = random(seed);
  const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [i, j] of pairs) {
    const v = 2 * next() - 1;
    dense[i][j] = v;
    dense[j][i] = v;
  }
  for (let i = 0; i < n; i++)
    dense[i][i] =
      0.5 + next() + dense[i].reduce((sum, v, j) => (j === i ? sum : sum + Math.abs(v)), 0);
  return dense;
}

/** The reference: dense Cholesky of P A Pᵀ (row-major L), and how many of its entries are nonzero. */
function denseCholesky(dense: number[][], order: Int32Array): { l: number[][]; nonzeros: number } {
  const n = dense.length;
  const l = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (j <= i ? dense[order[i]][order[j]] : 0)),
  );
  let nonzeros = 0;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) for (let i = j; i < n; i++) l[i][j] -= l[i][k] * l[j][k];
    l[j][j] = Math.sqrt(l[j][j]);
    for (let i = j + 1; i < n; i++) l[i][j] /= l[j][j];
    for (let i = j; i < n; i++) if (l[i][j] !== 0) nonzeros++;
  }
  return { l, nonzeros };
}

/** x = A⁻¹ b through the dense reference factor. */
function denseSolve(dense: number[][], order: Int32Array, b: Float64Array): Float64Array {
  const n = dense.length;
  const { l } = denseCholesky(dense, order);
  const y = Array.from(order, (i) => b[i]);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) y[i] -= l[i][k] * y[k];
    y[i] /= l[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) y[i] -= l[k][i] * y[k];
    y[i] /= l[i][i];
  }
  const x = new Float64Array(n);
  order.forEach((row, k) => {
    x[row] = y[k];
  });
  return x;
}

/** ‖A x − b‖ ÷ ‖b‖. */
function relativeResidual(a: CsrMatrix, x: Float64Array, b: Float64Array): number {
  let r2 = 0;
  let b2 = 0;
  for (let i = 0; i < a.size; i++) {
    let ax = 0;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) ax += a.values[p] * x[a.columns[p]];
    r2 += (ax - b[i]) ** 2;
    b2 += b[i] ** 2;
  }
  return Math.sqrt(r2 / b2);
}

/** A random permutation of 0 .. n − 1 (Fisher–Yates). */
function shuffled(n: number, seed: number): Int32Array {
  const next = random(seed);
  const order = identity(n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
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

  it('matches a dense Cholesky on random SPD matrices of odd structure, in any order', () => {
    const cases: Array<{ name: string; n: number; pairs: Array<[number, number]> }> = [];
    cases.push({ name: 'size 1', n: 1, pairs: [] });
    cases.push({ name: 'size 2', n: 2, pairs: [[0, 1]] });
    cases.push({ name: 'diagonal', n: 7, pairs: [] });
    // Three disconnected blocks: a path, a clique, a star.
    const blocks: Array<[number, number]> = [];
    for (let i = 0; i < 9; i++) blocks.push([i, i + 1]);
    for (let i = 10; i < 18; i++) for (let j = i + 1; j < 18; j++) blocks.push([i, j]);
    for (let i = 19; i < 30; i++) blocks.push([18, i]);
    cases.push({ name: 'disconnected blocks', n: 30, pairs: blocks });
    // Sparse random couplings plus one dense row (and column).
    const next = random(7);
    const denseRow: Array<[number, number]> = [];
    for (let i = 0; i < 60; i++)
      for (let j = i + 1; j < 60; j++) if (i === 13 || next() < 0.04) denseRow.push([i, j]);
    cases.push({ name: 'a dense row', n: 60, pairs: denseRow });
    // A 2D grid with two unknowns per node, as a mesh gives.
    const grid: Array<[number, number]> = [];
    const side = 7;
    const node = (x: number, y: number) => x + side * y;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const m = node(x, y);
        grid.push([2 * m, 2 * m + 1]);
        for (const other of [
          x + 1 < side ? node(x + 1, y) : -1,
          y + 1 < side ? node(x, y + 1) : -1,
        ])
          if (other >= 0)
            for (const a of [0, 1]) for (const b of [0, 1]) grid.push([2 * m + a, 2 * other + b]);
      }
    cases.push({ name: 'a grid, two unknowns per node', n: 2 * side * side, pairs: grid });

    cases.forEach(({ n, pairs }, c) => {
      const dense = randomSpd(n, pairs, 100 + c);
      const a = csrOf(dense);
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * i + c) + 0.5);
      for (const order of [identity(n), identity(n).reverse(), shuffled(n, c)]) {
        const factor = new SparseCholesky(a, order);
        expect(factor.size).toBe(n);
        expect(factor.factorNonzeros).toBe(denseCholesky(dense, order).nonzeros);
        const x = new Float64Array(n);
        factor.solve(b, x);
        const reference = denseSolve(dense, order, b);
        const largest = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        for (let i = 0; i < n; i++)
          expect(Math.abs(x[i] - reference[i])).toBeLessThan(1e-12 * largest);
        expect(relativeResidual(a, x, b)).toBeLessThan(1e-13);
      }
    });
  });

  it('treats explicit zeros as entries: the same solution, a superset of the pattern', () => {
    const n = 40;
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1]);
    const dense = randomSpd(n, pairs, 3);
    const zeros: Array<[number, number]> = [
      [0, 39],
      [5, 20],
      [7, 7],
      [11, 30],
    ];
    dense[7][7] += 0; // the diagonal stays positive; (7, 7) is listed to show a repeat is harmless
    const order = shuffled(n, 9);
    const b = Float64Array.from({ length: n }, (_, i) => 1 + i);
    const plain = new SparseCholesky(csrOf(dense), order);
    const padded = new SparseCholesky(csrOf(dense, zeros), order);
    expect(padded.factorNonzeros).toBeGreaterThanOrEqual(plain.factorNonzeros);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    plain.solve(b, x);
    padded.solve(b, y);
    for (let i = 0; i < n; i++) expect(y[i]).toBeCloseTo(x[i], 12);
  });

  it('refactors new values on the same pattern, and refuses another pattern', () => {
    const mesh = meshPolygon(square(0, 0, 8, 5), [circle(4, 2.5, 1, 12)], { size: 0.6 });
    const assemble = (youngsModulusMPa: number, poissonRatio: number) =>
      assemblePlaneStress({
        mesh,
        thicknessMm: 1,
        materials: [{ kind: 'isotropic', youngsModulusMPa, poissonRatio }],
        foundationNPerMm3: 0.3,
        bodyForce: (x, y) => [0.01 * y, -0.02 * x] as const,
      });
    const first = assemble(1000, 0.3);
    const second = assemble(70, 0.45);
    const factor = new SparseCholesky(
      first.matrix,
      nestedDissectionOrder(first.matrix, mesh.nodesXY),
    );
    const again = factor.refactor(second.matrix);
    const fresh = new SparseCholesky(second.matrix, factor.analysis.order);
    const x = new Float64Array(second.matrix.size);
    const y = new Float64Array(second.matrix.size);
    again.solve(second.rhs, x);
    fresh.solve(second.rhs, y);
    expect(Array.from(x)).toEqual(Array.from(y));
    expect(relativeResidual(second.matrix, x, second.rhs)).toBeLessThan(1e-12);
    factor.solve(second.rhs, y);
    expect(relativeResidual(second.matrix, y, second.rhs)).toBeGreaterThan(1e-3);
    const other = laplacian1d(second.matrix.size);
    expect(() => factor.refactor(other)).toThrow(/pattern/);
  });

  it('factors a plane-stress stiffness with prescribed dofs as a dense Cholesky does', () => {
    const mesh = meshPolygon(square(0, 0, 6, 4), [circle(3, 2, 0.8, 10)], { size: 0.7 });
    const system = assemblePlaneStress({
      mesh,
      thicknessMm: 1,
      materials: [STEEL_LIKE],
      bodyForce: (x) => [0.02, -0.01 * x] as const,
      ...prescribe(
        mesh,
        (_n, x) => x < 1e-9,
        () => [0, 0],
      ),
    });
    const n = system.matrix.size;
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++)
      for (let p = system.matrix.rowStart[i]; p < system.matrix.rowStart[i + 1]; p++)
        dense[i][system.matrix.columns[p]] = system.matrix.values[p];
    for (const order of [nestedDissectionOrder(system.matrix, mesh.nodesXY), shuffled(n, 5)]) {
      const x = new Float64Array(n);
      new SparseCholesky(system.matrix, order).solve(system.rhs, x);
      const reference = denseSolve(dense, order, system.rhs);
      const largest = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let i = 0; i < n; i++)
        expect(Math.abs(x[i] - reference[i])).toBeLessThan(1e-10 * largest);
    }
  });

  it('refuses a matrix that is not positive definite, and an ordering that is not a permutation', () => {
    const a = laplacian1d(4);
    const indefinite = { ...a, values: a.values.map((v) => (v === 2 ? -2 : v)) };
    expect(() => new SparseCholesky(indefinite, identity(4))).toThrow(/not positive definite/);
    // Positive diagonal, indefinite all the same: found in a later pivot, in any order.
    const saddle = csrOf([
      [1, 2, 0],
      [2, 1, 0],
      [0, 0, 1],
    ]);
    for (const order of [identity(3), Int32Array.of(2, 1, 0)])
      expect(() => new SparseCholesky(saddle, order)).toThrow(/not positive definite/);
    expect(() => new SparseCholesky(a, Int32Array.of(0, 1, 1, 3))).toThrow(/every row/);
    expect(() => new SparseCholesky(a, Int32Array.of(0, 1, 2))).toThrow(/every row/);
  });
});

/**
 * The nested-dissection order as first written (a comparison sort per part, five passes over
 * the adjacency per part), kept as the reference the faster one must reproduce exactly.
 */
function referenceNestedDissection(a: CsrMatrix, nodesXY: Float64Array): Int32Array {
  const nodes = nodesXY.length / 2;
  if (a.size !== 2 * nodes)
    throw new RangeError(`the matrix has ${a.size} unknowns, not 2 per node of ${nodes}`);
  // The node graph: node m is a neighbour of n when A couples any of their unknowns (a repeat
  // in a list, when the columns of a row are not sorted, does no harm).
  const start = new Int32Array(nodes + 1);
  const adjacent = new Int32Array(a.rowStart[a.size]);
  let filled = 0;
  for (let n = 0; n < nodes; n++) {
    for (let r = 2 * n; r <= 2 * n + 1; r++) {
      for (let k = a.rowStart[r]; k < a.rowStart[r + 1]; k++) {
        const m = a.columns[k] >> 1;
        if (m !== n && (filled === start[n] || adjacent[filled - 1] !== m)) adjacent[filled++] = m;
      }
    }
    start[n + 1] = filled;
  }
  const nodeOrder = new Int32Array(nodes);
  let front = 0; // leaves fill the order from the front, separators from the back
  let back = nodes;
  // part[v] names the part node v waits in; rank[v] its place along the current part's axis.
  const part = new Int32Array(nodes).fill(-1);
  const rank = new Int32Array(nodes);
  let parts = 0;
  const stack: Int32Array[] = [Int32Array.from({ length: nodes }, (_, n) => n)];
  while (stack.length > 0) {
    const members = stack.pop() as Int32Array;
    if (members.length <= 16) {
      for (let i = 0; i < members.length; i++) nodeOrder[front++] = members[i];
      continue;
    }
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < members.length; i++) {
      const v = members[i];
      x0 = Math.min(x0, nodesXY[2 * v]);
      x1 = Math.max(x1, nodesXY[2 * v]);
      y0 = Math.min(y0, nodesXY[2 * v + 1]);
      y1 = Math.max(y1, nodesXY[2 * v + 1]);
    }
    const axis = x1 - x0 >= y1 - y0 ? 0 : 1;
    // Sorted by the coordinate (ties by node number, so the order is deterministic).
    const sorted = Array.from(members).sort(
      (p, q) => nodesXY[2 * p + axis] - nodesXY[2 * q + axis] || p - q,
    );
    const p = parts++;
    for (let i = 0; i < sorted.length; i++) {
      part[sorted[i]] = p;
      rank[sorted[i]] = i;
    }
    // Cut between 40 % and 60 % along the axis, where the separator (the nodes after the cut that
    // touch a node before it) is smallest: a graded mesh has narrow places worth finding.
    let lower: number[] = [];
    let upper: number[] = [];
    let separator: number[] = [];
    for (const fraction of [0.4, 0.45, 0.5, 0.55, 0.6]) {
      const cut = Math.round(sorted.length * fraction);
      const below: number[] = [];
      const above: number[] = [];
      const between: number[] = [];
      for (let i = 0; i < sorted.length; i++) {
        const v = sorted[i];
        if (rank[v] < cut) {
          below.push(v);
          continue;
        }
        let touches = false;
        for (let k = start[v]; k < start[v + 1] && !touches; k++) {
          const w = adjacent[k];
          touches = part[w] === p && rank[w] < cut;
        }
        if (touches) between.push(v);
        else above.push(v);
      }
      if (lower.length === 0 || between.length < separator.length) {
        lower = below;
        upper = above;
        separator = between;
      }
    }
    for (let i = separator.length - 1; i >= 0; i--) {
      nodeOrder[--back] = separator[i];
      part[separator[i]] = -1;
    }
    // Upper pushed first so the lower half is numbered first; both before their separator.
    stack.push(Int32Array.from(upper), Int32Array.from(lower));
  }
  const order = new Int32Array(2 * nodes);
  for (let k = 0; k < nodes; k++) {
    order[2 * k] = 2 * nodeOrder[k];
    order[2 * k + 1] = 2 * nodeOrder[k] + 1;
  }
  return order;
}

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

  it('gives exactly the order of the reference implementation, ties in coordinates included', () => {
    const graded = meshPolygon(square(0, 0, 30, 12), [circle(10, 6, 3, 20), circle(22, 5, 2, 16)], {
      size: (x) => 0.4 + 0.05 * x,
    });
    // A regular grid: many nodes share a coordinate, so the tie-break decides.
    const side = 25;
    const grid = meshPolygon(square(0, 0, side - 1, side - 1), [], { size: 1 });
    for (const mesh of [graded, grid]) {
      const { matrix } = assemblePlaneStress({
        mesh,
        thicknessMm: 1,
        materials: [STEEL_LIKE],
        foundationNPerMm3: 0.1,
      });
      expect(Array.from(nestedDissectionOrder(matrix, mesh.nodesXY))).toEqual(
        Array.from(referenceNestedDissection(matrix, mesh.nodesXY)),
      );
    }
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
