/**
 * viridis, the colour map the heat map uses: perceptually uniform (equal steps of value look like
 * equal steps of colour), lightness rising from end to end so it reads in grey and with the
 * common colour-vision deficiencies. Anchors: matplotlib's viridis (Smith, van der Walt and
 * Firing, 2015; CC0), every 17th of its 256 colours (sRGB, 0..1); between them a spline in OKLab
 * (Ottosson 2020), a perceptual space, fills the map in: computed here, no image asset.
 */
const VIRIDIS_ANCHORS: readonly (readonly [number, number, number])[] = [
  [0.267004, 0.004874, 0.329415],
  [0.282656, 0.100196, 0.42216],
  [0.277134, 0.185228, 0.489898],
  [0.253935, 0.265254, 0.529983],
  [0.221989, 0.339161, 0.548752],
  [0.190631, 0.407061, 0.556089],
  [0.163625, 0.471133, 0.558148],
  [0.139147, 0.533812, 0.555298],
  [0.120565, 0.596422, 0.543611],
  [0.134692, 0.658636, 0.517649],
  [0.20803, 0.718701, 0.472873],
  [0.327796, 0.77398, 0.40664],
  [0.477504, 0.821444, 0.318195],
  [0.647257, 0.8584, 0.209861],
  [0.82494, 0.88472, 0.106217],
  [0.993248, 0.906157, 0.143936],
];

export type Rgb = readonly [number, number, number];

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) =>
  c <= 0.0031308 ? 12.92 * c : 1.055 * Math.max(0, c) ** (1 / 2.4) - 0.055;

/** sRGB (0..1) → OKLab. */
export function srgbToOklab([r, g, b]: Rgb): Rgb {
  const lr = toLinear(r);
  const lg = toLinear(g);
  const lb = toLinear(b);
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** OKLab → sRGB (0..1, clamped). */
export function oklabToSrgb([lightness, a, b]: Rgb): Rgb {
  const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (lightness - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [
    clamp(fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s)),
    clamp(fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s)),
    clamp(fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s)),
  ];
}

const ANCHORS_OKLAB = VIRIDIS_ANCHORS.map(srgbToOklab);

/** viridis at t in 0..1 (clamped), as 8-bit sRGB: a Catmull–Rom spline through the anchors in OKLab. */
export function viridis(t: number): Rgb {
  const last = ANCHORS_OKLAB.length - 1;
  const position = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * last;
  const k = Math.min(last - 1, Math.floor(position));
  const f = position - k;
  const p0 = ANCHORS_OKLAB[Math.max(0, k - 1)];
  const p1 = ANCHORS_OKLAB[k];
  const p2 = ANCHORS_OKLAB[k + 1];
  const p3 = ANCHORS_OKLAB[Math.min(last, k + 2)];
  const spline = (c: number) =>
    p1[c] +
    0.5 *
      f *
      (p2[c] -
        p0[c] +
        f *
          (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c] + f * (3 * (p1[c] - p2[c]) + p3[c] - p0[c])));
  const [r, g, b] = oklabToSrgb([spline(0), spline(1), spline(2)]);
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/** The map as a table of `size` RGBA colours (for colouring many pixels fast). */
export function viridisTable(size = 256): Uint8ClampedArray {
  const table = new Uint8ClampedArray(4 * size);
  for (let i = 0; i < size; i++) {
    const [r, g, b] = viridis(size === 1 ? 0 : i / (size - 1));
    table.set([r, g, b, 255], 4 * i);
  }
  return table;
}

/** "#rrggbb" for CSS and the canvas. */
export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
