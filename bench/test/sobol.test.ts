import { Rng } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { standardNormalQuantile } from '../src/sensitivity/inputs.js';
import { saltelliMatrices, sobolIndices } from '../src/sensitivity/sobol.js';

describe('Sobol indices by Saltelli sampling', () => {
  it('recover the analytic indices of the Ishigami function', () => {
    // f = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1, x uniform on [−π, π]³ (Ishigami & Homma 1990);
    // its indices are known in closed form.
    const a = 7;
    const b = 0.1;
    const pi = Math.PI;
    const v1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2;
    const v2 = a ** 2 / 8;
    const v13 = (b ** 2 * pi ** 8) / 18 - (b ** 2 * pi ** 8) / 50;
    const variance = v1 + v2 + v13;
    const expected = {
      first: [v1 / variance, v2 / variance, 0],
      total: [(v1 + v13) / variance, v2 / variance, v13 / variance],
    };
    const rng = new Rng(7);
    const next = () => rng.next();
    const matrices = saltelliMatrices(20_000, 3, next);
    const [indices] = sobolIndices(
      (u, out) => {
        const [x1, x2, x3] = [0, 1, 2].map((i) => -pi + 2 * pi * u[i]);
        out[0] = Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
      },
      1,
      matrices,
      3,
      next,
      50,
    );
    for (let i = 0; i < 3; i++) {
      expect(indices.first[i]).toBeCloseTo(expected.first[i], 1);
      expect(indices.total[i]).toBeCloseTo(expected.total[i], 1);
      // The bootstrap interval holds the true value (±3 half-widths against bad luck).
      expect(Math.abs(indices.total[i] - expected.total[i])).toBeLessThan(
        3 * indices.totalHalfWidth[i] + 1e-3,
      );
    }
    expect(indices.variance).toBeCloseTo(variance, 0);
  });

  it('maps uniform numbers to standard normal quantiles', () => {
    expect(standardNormalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(standardNormalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(standardNormalQuantile(0.91)).toBeCloseTo(1.340755, 5);
  });
});
