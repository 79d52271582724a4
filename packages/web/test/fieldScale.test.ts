import { describe, expect, it } from 'vitest';
import { niceCeiling, scaleMaximum, scaleTicks } from '../src/prediction/fieldScale.js';

describe('the heat map’s colour scale', () => {
  it('rounds the largest tightening of any day up to a round number', () => {
    // Largest nodal loss 0.031 per unit η, η up to 0.45: 1.395 % → 1.5 %.
    expect(scaleMaximum([0.01, 0.031, -0.004], [0, 0.2, 0.45, 0.44])).toBeCloseTo(0.015, 12);
    expect(niceCeiling(0.0073)).toBeCloseTo(0.008, 12);
    expect(niceCeiling(0.021)).toBeCloseTo(0.025, 12);
    expect(niceCeiling(0.25)).toBeCloseTo(0.25, 12);
    expect(niceCeiling(0.029)).toBeCloseTo(0.03, 12);
    expect(niceCeiling(9.1)).toBe(10);
    expect(niceCeiling(0)).toBe(0);
    expect(scaleMaximum([-0.01], [0.5])).toBe(0);
  });

  it('ticks evenly from 0 to the maximum', () => {
    expect(scaleTicks(0.02, 4)).toEqual([0, 0.005, 0.01, 0.015, 0.02]);
  });
});
