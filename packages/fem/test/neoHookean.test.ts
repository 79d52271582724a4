import { describe, expect, it } from 'vitest';
import {
  assemblePlaneStress,
  elementDeformationGradients,
  homogeneousState,
  homogeneousStretch,
  lameConstants,
  largestPrincipalStretch,
  meshPolygon,
  neoHookeanPoint,
  nestedDissectionOrder,
  planeStressMatrix,
  restingPoint,
  SparseCholesky,
  solveNeoHookean,
} from '../src/index.js';
import { circle, square } from './helpers.js';

const SKIN = { youngsModulusMPa: 0.15, poissonRatio: 0.45 };
const { mu, lambda } = lameConstants(SKIN);

/**
 * The plane-stress energy written out on its own: W(C) with the through-thickness C₃₃ chosen so
 * that W is stationary in it (S₃₃ = 0), found here by bisection on ∂W/∂C₃₃ — independent of the
 * Newton solve inside neoHookeanPoint.
 */
function reducedEnergy(c11: number, c22: number, c12: number): number {
  const det = c11 * c22 - c12 * c12;
  const w = (c33: number) => {
    const lnJ = 0.5 * Math.log(det * c33);
    return (mu / 2) * (c11 + c22 + c33 - 3) - mu * lnJ + (lambda / 2) * lnJ * lnJ;
  };
  let lo = 1e-3;
  let hi = 10;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    const h = 1e-7 * mid;
    if (w(mid + h) - w(mid - h) > 0) hi = mid;
    else lo = mid;
  }
  return w((lo + hi) / 2);
}

describe('neo-Hookean plane stress', () => {
  it('derives its stress from the energy: S = 2 ∂W/∂C, and its tangent from S', () => {
    const point = restingPoint();
    for (const [c11, c22, c12] of [
      [1.44, 0.9, 0.1],
      [2.25, 1.1, -0.3],
      [1.02, 0.99, 0.005],
    ]) {
      neoHookeanPoint(mu, lambda, c11, c22, c12, point);
      const stress = Float64Array.from(point.stress);
      const tangent = Float64Array.from(point.tangent);
      const h = 1e-5;
      const dW = (dc11: number, dc22: number, dc12: number) =>
        (reducedEnergy(c11 + dc11, c22 + dc22, c12 + dc12) -
          reducedEnergy(c11 - dc11, c22 - dc22, c12 - dc12)) /
        (2 * h);
      // W depends on c12 twice (C12 and C21): ∂W/∂c12 = 2 · ∂W/∂C12 = S12.
      expect(stress[0]).toBeCloseTo(2 * dW(h, 0, 0), 6);
      expect(stress[1]).toBeCloseTo(2 * dW(0, h, 0), 6);
      expect(stress[2]).toBeCloseTo(dW(0, 0, h), 6);
      // ℂ = 2 ∂S/∂C in Voigt (E11, E22, 2E12): column k from a central difference of S.
      const columns: Array<[number, number, number]> = [
        [h, 0, 0],
        [0, h, 0],
        [0, 0, h],
      ];
      columns.forEach(([a, b, c], k) => {
        const plus = restingPoint();
        const minus = restingPoint();
        neoHookeanPoint(mu, lambda, c11 + a, c22 + b, c12 + c, plus);
        neoHookeanPoint(mu, lambda, c11 - a, c22 - b, c12 - c, minus);
        // dC11 = 2 dE11, dC22 = 2 dE22, dC12 = 2 dE12 = d(2E12): the shear column needs no 2.
        const factor = k < 2 ? 2 : 1;
        for (let r = 0; r < 3; r++)
          expect(tangent[3 * r + k]).toBeCloseTo(
            (factor * (plus.stress[r] - minus.stress[r])) / (2 * h),
            5,
          );
      });
    }
  });

  it('is the linear plane-stress material at small strain', () => {
    const point = restingPoint();
    neoHookeanPoint(mu, lambda, 1, 1, 0, point);
    const linear = planeStressMatrix({ kind: 'isotropic', ...SKIN });
    for (let k = 0; k < 9; k++) expect(point.tangent[k]).toBeCloseTo(linear[k], 12);
    for (const s of point.stress) expect(s).toBeCloseTo(0, 14);
  });

  it('solves a uniaxial dead load on a sheet with a hole: small loads as the linear solve, large ones softer', () => {
    const mesh = meshPolygon(square(0, 0, 10, 10), [circle(5, 5, 1.5, 24)], { size: 0.8 });
    const thicknessMm = 1.5;
    const forcesFor = (pMPa: number) => {
      const forces = new Float64Array(2 * mesh.nodeCount);
      // Lump σ·t over the right edge's segments (x = 10) and its mirror on the left.
      for (let e = 0; e < mesh.triangleCount; e++) {
        for (let k = 0; k < 3; k++) {
          const a = mesh.triangles[3 * e + k];
          const b = mesh.triangles[3 * e + ((k + 1) % 3)];
          const [ax, ay, bx, by] = [
            mesh.nodesXY[2 * a],
            mesh.nodesXY[2 * a + 1],
            mesh.nodesXY[2 * b],
            mesh.nodesXY[2 * b + 1],
          ];
          for (const [edgeX, sign] of [
            [10, 1],
            [0, -1],
          ]) {
            if (Math.abs(ax - edgeX) < 1e-9 && Math.abs(bx - edgeX) < 1e-9) {
              const half = (pMPa * thicknessMm * Math.abs(by - ay)) / 2;
              forces[2 * a] += sign * half;
              forces[2 * b] += sign * half;
            }
          }
        }
      }
      return forces;
    };
    const corner = (x: number, y: number) => {
      let best = 0;
      for (let n = 0; n < mesh.nodeCount; n++)
        if (
          Math.hypot(mesh.nodesXY[2 * n] - x, mesh.nodesXY[2 * n + 1] - y) <
          Math.hypot(mesh.nodesXY[2 * best] - x, mesh.nodesXY[2 * best + 1] - y)
        )
          best = n;
      return best;
    };
    const origin = corner(0, 0);
    const right = corner(10, 0);
    const fixedDofs = Int32Array.of(2 * origin, 2 * origin + 1, 2 * right + 1);
    const fixedValuesMm = new Float64Array(3);
    const linearSolve = (pMPa: number) => {
      const system = assemblePlaneStress({
        mesh,
        thicknessMm,
        materials: [{ kind: 'isotropic', ...SKIN }],
        nodalForcesN: forcesFor(pMPa),
        fixedDofs,
        fixedValuesMm,
      });
      const u = new Float64Array(system.matrix.size);
      new SparseCholesky(system.matrix, nestedDissectionOrder(system.matrix, mesh.nodesXY)).solve(
        system.rhs,
        u,
      );
      return u;
    };
    const largestStretch = (u: Float64Array) => {
      const f = elementDeformationGradients(mesh, u);
      let worst = 0;
      for (let e = 0; e < mesh.triangleCount; e++)
        worst = Math.max(
          worst,
          largestPrincipalStretch(f[4 * e], f[4 * e + 1], f[4 * e + 2], f[4 * e + 3]),
        );
      return worst;
    };
    const solve = (pMPa: number) =>
      solveNeoHookean({
        mesh,
        thicknessMm,
        material: SKIN,
        nodalForcesN: forcesFor(pMPa),
        fixedDofs,
        fixedValuesMm,
      });

    // Small load: the strains agree with the linear solve to within the strain's own size.
    const small = solve(1e-5);
    const linearSmall = linearSolve(1e-5);
    expect(small.relativeResidual).toBeLessThan(1e-9);
    const strainSmall = largestStretch(small.displacementMm) - 1;
    expect(Math.abs(strainSmall / (largestStretch(linearSmall) - 1) - 1)).toBeLessThan(1e-3);

    // Large load: the hole's concentration strains the sheet by tens of per cent; converged,
    // and the far field is the homogeneous uniaxial stretch of the same law.
    const pMPa = 0.03;
    const large = solve(pMPa);
    expect(large.relativeResidual).toBeLessThan(1e-9);
    expect(large.newtonSteps).toBeLessThan(15);
    // Neo-Hookean skin is softer than the linear law under a dead tensile load (P = μ(λ − λ⁻²)
    // grows more slowly than 3μ(λ − 1)): both the far field and the hole's edge stretch more.
    const [u11] = homogeneousStretch(SKIN, pMPa, 0, 0);
    const linear = linearSolve(pMPa);
    expect(largestStretch(large.displacementMm)).toBeGreaterThan(largestStretch(linear));
    expect(u11 - 1).toBeGreaterThan(pMPa / SKIN.youngsModulusMPa);
  });

  it('stretches as the analytic uniaxial neo-Hookean law in the incompressible limit: P = μ(λ − λ⁻²)', () => {
    const nearlyIncompressible = { youngsModulusMPa: 0.15, poissonRatio: 0.4999 };
    const shear = lameConstants(nearlyIncompressible).mu;
    for (const stretch of [1.05, 1.3, 1.6]) {
      const p = shear * (stretch - stretch ** -2);
      const [u11, u22] = homogeneousStretch(nearlyIncompressible, p, 0, 0);
      expect(u11).toBeCloseTo(stretch, 3);
      // Incompressible uniaxial: the width contracts as λ^(−1/2).
      expect(u22).toBeCloseTo(stretch ** -0.5, 3);
    }
  });

  it('gives the homogeneous stretch on a plain sheet under a uniaxial or biaxial dead load', () => {
    const mesh = meshPolygon(square(0, 0, 8, 5), [], { size: 1 });
    const thicknessMm = 1.2;
    for (const [p11, p22] of [
      [0.06, 0],
      [0.04, 0.03],
    ]) {
      const forces = new Float64Array(2 * mesh.nodeCount);
      for (let e = 0; e < mesh.triangleCount; e++) {
        for (let k = 0; k < 3; k++) {
          const a = mesh.triangles[3 * e + k];
          const b = mesh.triangles[3 * e + ((k + 1) % 3)];
          const ax = mesh.nodesXY[2 * a];
          const ay = mesh.nodesXY[2 * a + 1];
          const bx = mesh.nodesXY[2 * b];
          const by = mesh.nodesXY[2 * b + 1];
          // Outward normal of a counter-clockwise boundary edge a→b: (dy, −dx).
          const onEdge =
            (Math.abs(ax - bx) < 1e-9 && (Math.abs(ax) < 1e-9 || Math.abs(ax - 8) < 1e-9)) ||
            (Math.abs(ay - by) < 1e-9 && (Math.abs(ay) < 1e-9 || Math.abs(ay - 5) < 1e-9));
          if (!onEdge || !mesh.boundaryNode[a] || !mesh.boundaryNode[b]) continue;
          const fx = (thicknessMm * p11 * (by - ay)) / 2;
          const fy = (thicknessMm * p22 * -(bx - ax)) / 2;
          forces[2 * a] += fx;
          forces[2 * b] += fx;
          forces[2 * a + 1] += fy;
          forces[2 * b + 1] += fy;
        }
      }
      const nodeAt = (x: number, y: number) => {
        for (let n = 0; n < mesh.nodeCount; n++)
          if (Math.hypot(mesh.nodesXY[2 * n] - x, mesh.nodesXY[2 * n + 1] - y) < 1e-9) return n;
        throw new Error('no node there');
      };
      const origin = nodeAt(0, 0);
      const right = nodeAt(8, 0);
      const result = solveNeoHookean({
        mesh,
        thicknessMm,
        material: SKIN,
        nodalForcesN: forces,
        fixedDofs: Int32Array.of(2 * origin, 2 * origin + 1, 2 * right + 1),
        fixedValuesMm: new Float64Array(3),
      });
      const [u11, u22] = homogeneousStretch(SKIN, p11, p22, 0);
      const f = elementDeformationGradients(mesh, result.displacementMm);
      for (let e = 0; e < mesh.triangleCount; e++) {
        expect(f[4 * e]).toBeCloseTo(u11, 8);
        expect(f[4 * e + 3]).toBeCloseTo(u22, 8);
        expect(f[4 * e + 1]).toBeCloseTo(0, 8);
        expect(f[4 * e + 2]).toBeCloseTo(0, 8);
      }
    }
  });

  it('carries a true (Cauchy) tension at the stretch its nominal stress gives, P = σ J U⁻¹', () => {
    const state = homogeneousState(SKIN, [0.03, 0, 0], 'cauchy');
    const [u11, u22] = state.stretch;
    // The round trip: the dead load P holds the same stretch.
    const back = homogeneousStretch(SKIN, ...state.nominal);
    for (let k = 0; k < 3; k++) expect(back[k]).toBeCloseTo(state.stretch[k], 9);
    // Uniaxial: P11 = σ11 · λ2 · λ3 — less than σ, as the sheet narrows and thins.
    const point = restingPoint();
    neoHookeanPoint(mu, lambda, u11 * u11, u22 * u22, 0, point);
    expect(state.nominal[0]).toBeCloseTo(0.03 * u22 * Math.sqrt(point.c33), 10);
    expect(state.nominal[0]).toBeLessThan(0.03);
  });

  it('finds the homogeneous stretch under a dead load: U·S(U) = P', () => {
    const point = restingPoint();
    for (const [p11, p22, p12] of [
      [0.03, 0.015, 0],
      [0.05, 0, 0.01],
    ]) {
      const [u11, u22, u12] = homogeneousStretch(SKIN, p11, p22, p12);
      neoHookeanPoint(
        mu,
        lambda,
        u11 * u11 + u12 * u12,
        u22 * u22 + u12 * u12,
        u12 * (u11 + u22),
        point,
      );
      const [s11, s22, s12] = point.stress;
      expect(u11 * s11 + u12 * s12).toBeCloseTo(p11, 10);
      expect(u12 * s12 + u22 * s22).toBeCloseTo(p22, 10);
      expect(u11 * s12 + u12 * s22).toBeCloseTo(p12, 10);
    }
  });
});
