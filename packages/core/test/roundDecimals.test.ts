import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundDecimals } from '../src/roundDecimals.js';

/** The definition: toFixed's digits read back (Object.is: −0 and +0 differ in a hash of the bits). */
const byToFixed = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** The double next to `value` (positive, or zero upwards) one step up (+1) or down (−1). */
function nextDouble(value: number, step: 1 | -1): number {
  const bits = new BigInt64Array(Float64Array.of(value).buffer);
  bits[0] += BigInt(step);
  return new Float64Array(bits.buffer)[0];
}

describe('roundDecimals', () => {
  it('equals Number(value.toFixed(decimals)) bit for bit on any double', () => {
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 0, max: 8 }), (value, decimals) => {
        expect(Object.is(roundDecimals(value, decimals), byToFixed(value, decimals))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals it on coordinates in mm, at and next to every kind of half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
        fc.constantFrom(0, 0.5, 0.4999999, 0.5000001, 0.49999999999, 0.50000000001),
        fc.integer({ min: 1, max: 6 }),
        (whole, fraction, decimals) => {
          const value = (whole + fraction) / 10 ** decimals;
          for (const v of [value, nextDouble(value, 1), nextDouble(value, -1), -value]) {
            expect(Object.is(roundDecimals(v, decimals), byToFixed(v, decimals))).toBe(true);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('keeps toFixed’s zero, sign, range and non-finite cases', () => {
    for (const value of [
      0,
      -0,
      4e-5,
      -4e-5,
      5e-5,
      -5e-5,
      1e-300,
      1e15,
      -1e21,
      1e22,
      NaN,
      Infinity,
    ]) {
      expect(Object.is(roundDecimals(value, 4), byToFixed(value, 4))).toBe(true);
    }
  });
});
