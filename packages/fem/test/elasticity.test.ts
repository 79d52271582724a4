import { describe, expect, it } from 'vitest';
import {
  assembleElements,
  assemblePlaneStress,
  averageAtNodes,
  conjugateGradient,
  elementStrainsAndStresses,
  meshPolygon,
  multigridSystem,
  planeStressElements,
  planeStressMatrix,
  refineRepeatedly,
} from '../src/index.js';
import { circle, prescribe, STEEL_LIKE, solveDirect, square } from './helpers.js';

describe('plane-stress elasticity on linear triangles', () => {
  it('passes the patch test: a linear displacement field is reproduced exactly, stress constant', () => {
    // An irregular (graded) mesh, so the test is not helped by symmetry.
    const mesh = meshPolygon(square(0, 0, 10, 6), [], { size: (x, y) => 0.6 + 0.1 * x + 0.05 * y });
    const exact = (x: number, y: number) =>
      [0.01 + 0.002 * x - 0.001 * y, -0.02 + 0.0015 * x + 0.003 * y] as const;
    const problem = {
      mesh,
      thicknessMm: 1.5,
      materials: [STEEL_LIKE],
      ...prescribe(mesh, (n) => mesh.boundaryNode[n] === 1, exact),
    };
    const u = solveDirect(problem);
    for (let n = 0; n < mesh.nodeCount; n++) {
      const [ux, uy] = exact(mesh.nodesXY[2 * n], mesh.nodesXY[2 * n + 1]);
      expect(u[2 * n]).toBeCloseTo(ux, 9);
      expect(u[2 * n + 1]).toBeCloseTo(uy, 9);
    }
    const { stressMPa } = elementStrainsAndStresses(problem, u);
    const d = planeStressMatrix(STEEL_LIKE);
    const sxx = d[0] * 0.002 + d[1] * 0.003;
    for (let e = 0; e < mesh.triangleCount; e++) expect(stressMPa[3 * e]).toBeCloseTo(sxx, 8);
  });

  it('lets a free body take a uniform eigenstrain: uniform contraction, zero stress', () => {
    const mesh = meshPolygon(square(0, 0, 20, 10), [circle(12, 5, 2, 24)], { size: 1 });
    const shrink = -0.03;
    const eigenstrain = new Float64Array(3 * mesh.triangleCount);
    for (let e = 0; e < mesh.triangleCount; e++) eigenstrain.set([shrink, shrink, 0], 3 * e);
    // Hold just enough against rigid motion: corner (0,0) fully, corner (20,0) vertically.
    const corner = (x: number, y: number) => {
      for (let n = 0; n < mesh.nodeCount; n++)
        if (mesh.nodesXY[2 * n] === x && mesh.nodesXY[2 * n + 1] === y) return n;
      throw new Error('corner not found');
    };
    const problem = {
      mesh,
      thicknessMm: 1,
      materials: [STEEL_LIKE],
      eigenstrain,
      fixedDofs: Int32Array.of(2 * corner(0, 0), 2 * corner(0, 0) + 1, 2 * corner(20, 0) + 1),
      fixedValuesMm: Float64Array.of(0, 0, 0),
    };
    const u = solveDirect(problem);
    for (let n = 0; n < mesh.nodeCount; n++) {
      expect(u[2 * n]).toBeCloseTo(shrink * mesh.nodesXY[2 * n], 9);
      expect(u[2 * n + 1]).toBeCloseTo(shrink * mesh.nodesXY[2 * n + 1], 9);
    }
    const { stressMPa } = elementStrainsAndStresses(problem, u);
    for (const s of stressMPa) expect(Math.abs(s)).toBeLessThan(1e-7);
  });

  it('converges as O(h²) in displacement (manufactured solution with body force)', () => {
    const material = { kind: 'isotropic', youngsModulusMPa: 1, poissonRatio: 0.3 } as const;
    const d = planeStressMatrix(material);
    const [d11, d12, d33] = [d[0], d[1], d[8]];
    const k = 0.5;
    const pi2 = Math.PI ** 2;
    const phi = (x: number, y: number) => Math.sin(Math.PI * x) * Math.sin(Math.PI * y);
    const psi = (x: number, y: number) => Math.cos(Math.PI * x) * Math.cos(Math.PI * y);
    // u = (φ, kφ); f = −div σ(u), worked out by hand.
    const bodyForce = (x: number, y: number) =>
      [
        pi2 * ((d11 + d33) * phi(x, y) - (d12 + d33) * k * psi(x, y)),
        pi2 * ((d33 + d11) * k * phi(x, y) - (d33 + d12) * psi(x, y)),
      ] as const;
    const hierarchy = refineRepeatedly(meshPolygon(square(0, 0, 1, 1), [], { size: 1 / 4 }), 3);
    const errors = hierarchy.meshes.slice(1).map((mesh) => {
      const u = solveDirect({
        mesh,
        thicknessMm: 1,
        materials: [material],
        bodyForce,
        ...prescribe(
          mesh,
          (n) => mesh.boundaryNode[n] === 1,
          () => [0, 0],
        ),
      });
      let sum = 0;
      for (let n = 0; n < mesh.nodeCount; n++) {
        const x = mesh.nodesXY[2 * n];
        const y = mesh.nodesXY[2 * n + 1];
        sum += (u[2 * n] - phi(x, y)) ** 2 + (u[2 * n + 1] - k * phi(x, y)) ** 2;
      }
      return Math.sqrt(sum / mesh.nodeCount);
    });
    const rates = errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
    for (const rate of rates) expect(rate).toBeGreaterThan(1.8);
    expect(errors[errors.length - 1]).toBeLessThan(1e-3);
  });

  it('finds the Kirsch stress concentration of 3.0 at a hole (within 3 %)', () => {
    const a = 1;
    const sigma0 = 1;
    const { youngsModulusMPa: e, poissonRatio: nu } = STEEL_LIKE;
    const mu = e / (2 * (1 + nu));
    const kappa = (3 - nu) / (1 + nu);
    // Kirsch's displacement field for uniaxial tension σ0 along x (plane stress).
    const kirsch = (x: number, y: number) => {
      const r = Math.hypot(x, y);
      const t = Math.atan2(y, x);
      const c2 = Math.cos(2 * t);
      const ur =
        (sigma0 / (4 * mu)) *
        (r * ((kappa - 1) / 2 + c2) +
          ((a * a) / r) * (1 + (1 + kappa) * c2) -
          (a ** 4 / r ** 3) * c2);
      const ut =
        (sigma0 / (4 * mu)) * ((1 - kappa) * ((a * a) / r) - r - a ** 4 / r ** 3) * Math.sin(2 * t);
      return [ur * Math.cos(t) - ut * Math.sin(t), ur * Math.sin(t) + ut * Math.cos(t)] as const;
    };
    const segments = 160;
    const mesh = meshPolygon(square(-8, -8, 8, 8), [circle(0, 0, a, segments)], {
      size: (x, y) =>
        Math.min(1, ((2 * Math.PI * a) / segments) * (1 + 0.35 * (Math.hypot(x, y) - a))),
    });
    const problem = {
      mesh,
      thicknessMm: 1,
      materials: [STEEL_LIKE],
      ...prescribe(mesh, (_n, x, y) => Math.max(Math.abs(x), Math.abs(y)) > 8 - 1e-9, kirsch),
    };
    const u = solveDirect(problem);
    const nodal = averageAtNodes(mesh, elementStrainsAndStresses(problem, u).stressMPa, 3);
    // The node at the top of the hole (θ = 90°), where σxx = 3 σ0.
    let top = -1;
    for (let n = 0; n < mesh.nodeCount; n++) {
      if (Math.abs(mesh.nodesXY[2 * n]) < 1e-9 && Math.abs(mesh.nodesXY[2 * n + 1] - a) < 1e-9)
        top = n;
    }
    expect(top).toBeGreaterThanOrEqual(0);
    const concentration = nodal[3 * top] / sigma0;
    expect(Math.abs(concentration - 3) / 3).toBeLessThan(0.03);
    // Away from the hole, on the x axis, σxx = σrr = σ0/2 (1 − a²/r²) + σ0/2 (1 − 4a²/r² + 3a⁴/r⁴).
    let far = -1;
    for (let n = 0; n < mesh.nodeCount; n++)
      if (Math.hypot(mesh.nodesXY[2 * n] - 5, mesh.nodesXY[2 * n + 1]) < 0.5) far = n;
    const r = Math.hypot(mesh.nodesXY[2 * far], mesh.nodesXY[2 * far + 1]);
    const expected =
      (sigma0 / 2) * (1 - (a * a) / (r * r)) +
      (sigma0 / 2) * (1 - (4 * a * a) / (r * r) + (3 * a ** 4) / r ** 4);
    expect(Math.abs(nodal[3 * far] - expected) / expected).toBeLessThan(0.03);
  });

  it('rotates an orthotropic material correctly', () => {
    const iso = planeStressMatrix({ kind: 'isotropic', youngsModulusMPa: 200, poissonRatio: 0.25 });
    const asOrtho = planeStressMatrix({
      kind: 'orthotropic',
      e1MPa: 200,
      e2MPa: 200,
      nu12: 0.25,
      g12MPa: 200 / 2.5,
      angleRad: 0.7,
    });
    for (let i = 0; i < 9; i++) expect(asOrtho[i]).toBeCloseTo(iso[i], 9);
    // Stiff along 1: rotated by 90°, x and y swap.
    const along = planeStressMatrix({
      kind: 'orthotropic',
      e1MPa: 2,
      e2MPa: 1,
      nu12: 0.3,
      g12MPa: 0.4,
      angleRad: 0,
    });
    const across = planeStressMatrix({
      kind: 'orthotropic',
      e1MPa: 2,
      e2MPa: 1,
      nu12: 0.3,
      g12MPa: 0.4,
      angleRad: Math.PI / 2,
    });
    expect(across[0]).toBeCloseTo(along[4], 12);
    expect(across[4]).toBeCloseTo(along[0], 12);
    expect(across[8]).toBeCloseTo(along[8], 12);
  });
});

describe('assembly with a given sparsity pattern', () => {
  it('gives the same system as without, and refuses another mesh’s pattern', async () => {
    const { NodeBlockPattern } = await import('../src/index.js');
    const mesh = meshPolygon(square(0, 0, 8, 5), [circle(4, 2.5, 1, 12)], { size: 0.8 });
    const problem = { mesh, thicknessMm: 1, materials: [STEEL_LIKE], foundationNPerMm3: 0.1 };
    const pattern = new NodeBlockPattern(mesh.nodeCount, mesh.triangles);
    const own = assemblePlaneStress(problem);
    const given = assemblePlaneStress({ ...problem, pattern });
    expect(given.pattern).toBe(pattern);
    expect(Array.from(given.matrix.values)).toEqual(Array.from(own.matrix.values));
    const other = meshPolygon(square(0, 0, 8, 5), [], { size: 0.8 });
    expect(() =>
      assemblePlaneStress({
        ...problem,
        pattern: new NodeBlockPattern(other.nodeCount, other.triangles),
      }),
    ).toThrow(/not of this mesh/);
  });
});

describe('elements computed once, assembled per foundation', () => {
  it('give the same system as assemblePlaneStress, to the last bit, for every foundation', () => {
    const mesh = meshPolygon(square(0, 0, 9, 6), [circle(5, 3, 1.2, 14)], { size: 0.7 });
    const eigenstrain = new Float64Array(3 * mesh.triangleCount);
    const elementMaterial = new Uint8Array(mesh.triangleCount);
    for (let e = 0; e < mesh.triangleCount; e++) {
      eigenstrain.set([-0.01 * (e % 7), 0.004, 0.002 * (e % 3)], 3 * e);
      elementMaterial[e] = e % 2;
    }
    const nodalForcesN = Float64Array.from({ length: 2 * mesh.nodeCount }, (_, i) => (i % 5) * 0.1);
    const problem = {
      mesh,
      thicknessMm: 1.3,
      materials: [
        STEEL_LIKE,
        { kind: 'orthotropic', e1MPa: 3, e2MPa: 1, nu12: 0.3, g12MPa: 0.8, angleRad: 0.4 },
      ] as const,
      elementMaterial,
      eigenstrain,
      bodyForce: (x: number, y: number) => [0.01 * x, -0.02 * y] as const,
      nodalForcesN,
      ...prescribe(
        mesh,
        (_n, x) => x < 1e-9,
        (_x, y) => [0, 0.001 * y],
      ),
    };
    const elements = planeStressElements(problem);
    for (const foundationNPerMm3 of [0, 0.02, 3.5]) {
      const direct = assemblePlaneStress({ ...problem, foundationNPerMm3 });
      const combined = assembleElements(elements, foundationNPerMm3);
      expect(Array.from(combined.matrix.values)).toEqual(Array.from(direct.matrix.values));
      expect(Array.from(combined.rhs)).toEqual(Array.from(direct.rhs));
      expect(Array.from(combined.fixed)).toEqual(Array.from(direct.fixed));
    }
    // The foundation does change the system, and the elements are not changed by assembling.
    const before = elements.stiffness.slice();
    expect(assembleElements(elements, 1).matrix.values).not.toEqual(
      assembleElements(elements, 0).matrix.values,
    );
    expect(elements.stiffness).toEqual(before);
  });
});

describe('preconditioned CG', () => {
  it('multigrid cuts iterations many-fold against plain CG on a fine mesh, to the same answer', () => {
    const hierarchy = refineRepeatedly(meshPolygon(square(0, 0, 40, 20), [], { size: 4 }), 4);
    const problemAt = (mesh: (typeof hierarchy.meshes)[number]) => {
      const eigenstrain = new Float64Array(3 * mesh.triangleCount);
      for (let e = 0; e < mesh.triangleCount; e++) {
        const n = mesh.triangles[3 * e];
        const x = mesh.nodesXY[2 * n];
        eigenstrain.set([-0.02 * Math.exp(-((x - 20) ** 2) / 50), -0.01, 0], 3 * e);
      }
      return {
        mesh,
        thicknessMm: 1,
        materials: [STEEL_LIKE],
        eigenstrain,
        foundationNPerMm3: 0.01,
        ...prescribe(
          mesh,
          (_n, x) => x < 1e-9 || x > 40 - 1e-9,
          () => [0, 0],
        ),
      };
    };
    const { finest, preconditioner } = multigridSystem(hierarchy, problemAt);
    expect(finest.matrix.size).toBeGreaterThan(20_000);
    const plain = conjugateGradient(finest.matrix, finest.rhs, undefined, {
      relativeTolerance: 1e-8,
    });
    const mg = conjugateGradient(finest.matrix, finest.rhs, preconditioner, {
      relativeTolerance: 1e-8,
    });
    expect(plain.converged && mg.converged).toBe(true);
    expect(plain.iterations / mg.iterations).toBeGreaterThan(10);
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < finest.matrix.size; i++) {
      diff = Math.max(diff, Math.abs(plain.solution[i] - mg.solution[i]));
      norm = Math.max(norm, Math.abs(mg.solution[i]));
    }
    expect(diff / norm).toBeLessThan(1e-5);
    // The assembled system is symmetric.
    const a = finest.matrix;
    const entry = (i: number, j: number) => {
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++)
        if (a.columns[k] === j) return a.values[k];
      return 0;
    };
    for (let i = 0; i < a.size; i += 997) {
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++)
        expect(entry(a.columns[k], i)).toBeCloseTo(a.values[k], 12);
    }
    expect(assemblePlaneStress(problemAt(hierarchy.meshes[0])).matrix.size).toBeLessThan(20_000);
  });
});

describe('banded Cholesky', () => {
  it('solves an assembled system exactly, as CG does', async () => {
    const { BandCholesky } = await import('../src/index.js');
    const mesh = meshPolygon(square(0, 0, 30, 12), [circle(10, 6, 3, 20)], { size: 1.5 });
    const problem = {
      mesh,
      thicknessMm: 1,
      materials: [STEEL_LIKE],
      foundationNPerMm3: 0.05,
      bodyForce: (x: number) => [0.01 * x, -0.02] as const,
      // Prescribed dofs leave explicit zeros in the pattern, some outside the band.
      ...prescribe(
        mesh,
        (_n, x) => x < 1e-9,
        (_x, y) => [0, 0.001 * y],
      ),
    };
    const system = assemblePlaneStress(problem);
    const x = new Float64Array(system.matrix.size);
    new BandCholesky(system.matrix).solve(system.rhs, x);
    const reference = solveDirect(problem);
    for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(reference[i], 8);
  });
});
