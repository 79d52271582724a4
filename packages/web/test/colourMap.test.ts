import { describe, expect, it } from 'vitest';
import {
  oklabToSrgb,
  srgbToOklab,
  toHex,
  viridis,
  viridisTable,
} from '../src/prediction/colourMap.js';

/** CIE 1976 L* (D65) of an 8-bit sRGB colour: the lightness a viewer sees. */
function lightness([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const f = y > (6 / 29) ** 3 ? Math.cbrt(y) : y / (3 * (6 / 29) ** 2) + 4 / 29;
  return 116 * f - 16;
}

const hexToRgb = (hex: string) =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('viridis colour map', () => {
  it('ends at viridis’s published endpoints, #440154 and #fde725', () => {
    expect(toHex(viridis(0))).toBe('#440154');
    expect(toHex(viridis(1))).toBe('#fde725');
    // Out of range and not-a-number clamp to the ends.
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  it('matches matplotlib’s viridis sampled at ten points within 3/255 per channel', () => {
    // matplotlib.cm.viridis(numpy.linspace(0, 1, 10)), as hex (published widely, e.g. R's viridisLite).
    const published = [
      '#440154',
      '#482878',
      '#3e4989',
      '#31688e',
      '#26828e',
      '#1f9e89',
      '#35b779',
      '#6ece58',
      '#b5de2b',
      '#fde725',
    ];
    published.forEach((hex, k) => {
      const ours = viridis(k / 9);
      const theirs = hexToRgb(hex);
      for (let c = 0; c < 3; c++)
        expect(Math.abs(ours[c] - theirs[c]), `${hex} channel ${c}`).toBeLessThanOrEqual(3);
    });
    // The middle of the map, #21918c in matplotlib.
    const middle = viridis(0.5);
    const expected = hexToRgb('#21918c');
    for (let c = 0; c < 3; c++) expect(Math.abs(middle[c] - expected[c])).toBeLessThanOrEqual(3);
  });

  it('rises in lightness all the way (readable in grey and with colour-vision deficiencies)', () => {
    // 64 steps: each a rise well above what rounding to 8 bits can take back.
    const table = viridisTable(64);
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 64; i++) {
      const l = lightness([table[4 * i], table[4 * i + 1], table[4 * i + 2]]);
      expect(l).toBeGreaterThan(previous);
      previous = l;
      expect(table[4 * i + 3]).toBe(255);
    }
    // viridis spans dark to light: L* from about 16 to about 92.
    expect(lightness(viridis(0))).toBeCloseTo(16, -1);
    expect(lightness(viridis(1))).toBeCloseTo(92, -1);
    // Nearly even steps of lightness: no stretch of the map is much flatter than another.
    const steps = Array.from(
      { length: 10 },
      (_, k) => lightness(viridis((k + 1) / 10)) - lightness(viridis(k / 10)),
    );
    expect(Math.min(...steps) / Math.max(...steps)).toBeGreaterThan(0.6);
  });

  it('converts sRGB to OKLab and back', () => {
    for (const rgb of [
      [0, 0, 0],
      [1, 1, 1],
      [0.2, 0.5, 0.9],
      [0.99, 0.1, 0.3],
    ] as const) {
      const back = oklabToSrgb(srgbToOklab(rgb));
      for (let c = 0; c < 3; c++) expect(back[c]).toBeCloseTo(rgb[c], 6);
    }
    // White has lightness 1 and no chroma in OKLab.
    const white = srgbToOklab([1, 1, 1]);
    expect(white[0]).toBeCloseTo(1, 4);
    expect(Math.hypot(white[1], white[2])).toBeLessThan(1e-4);
  });
});
