import type { FieldView } from './fieldView.js';

/** The triangle mesh the tightening field lives on (as the worker sends it). */
export interface FieldMesh {
  /** Interleaved x, y per node, mm. */
  readonly nodesXY: Float64Array;
  /** Three node indices per triangle, counter-clockwise. */
  readonly triangles: Uint32Array;
}

/**
 * Element values averaged at the nodes, each element weighted by its area: a continuous field
 * that the image can interpolate smoothly, where the elements' own values would show their edges.
 */
export function nodalAverage(mesh: FieldMesh, elementValues: ArrayLike<number>): Float64Array {
  const { nodesXY: p, triangles: t } = mesh;
  const nodeCount = p.length / 2;
  const sums = new Float64Array(nodeCount);
  const weights = new Float64Array(nodeCount);
  for (let e = 0; e < t.length / 3; e++) {
    const a = t[3 * e];
    const b = t[3 * e + 1];
    const c = t[3 * e + 2];
    const area =
      Math.abs(
        (p[2 * b] - p[2 * a]) * (p[2 * c + 1] - p[2 * a + 1]) -
          (p[2 * c] - p[2 * a]) * (p[2 * b + 1] - p[2 * a + 1]),
      ) / 2;
    for (const n of [a, b, c]) {
      sums[n] += area * elementValues[e];
      weights[n] += area;
    }
  }
  for (let n = 0; n < nodeCount; n++) sums[n] = weights[n] > 0 ? sums[n] / weights[n] : 0;
  return sums;
}

/**
 * The field sampled at every pixel centre of the view: linear within each triangle between its
 * nodes' values; NaN where no triangle covers the pixel. A pixel centre on an edge shared by two
 * triangles takes one of them (both give the same value there).
 */
export function rasterizeField(
  mesh: FieldMesh,
  nodalValues: ArrayLike<number>,
  view: FieldView,
): Float32Array {
  const { widthPx, heightPx, pxPerMm, leftMm, topMm } = view;
  const out = new Float32Array(widthPx * heightPx).fill(Number.NaN);
  const { nodesXY: p, triangles: t } = mesh;
  // Node positions in pixels.
  const px = (n: number) => (p[2 * n] - leftMm) * pxPerMm;
  const py = (n: number) => (topMm - p[2 * n + 1]) * pxPerMm;
  for (let e = 0; e < t.length / 3; e++) {
    const a = t[3 * e];
    const b = t[3 * e + 1];
    const c = t[3 * e + 2];
    const ax = px(a);
    const ay = py(a);
    const bx = px(b);
    const by = py(b);
    const cx = px(c);
    const cy = py(c);
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (det === 0) continue;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const x1 = Math.min(widthPx - 1, Math.ceil(Math.max(ax, bx, cx)));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const y1 = Math.min(heightPx - 1, Math.ceil(Math.max(ay, by, cy)));
    const va = nodalValues[a];
    const vb = nodalValues[b];
    const vc = nodalValues[c];
    // A hair of tolerance so pixel centres on a shared edge are not lost to rounding.
    const slack = -1e-9;
    for (let y = y0; y <= y1; y++) {
      const sy = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const sx = x + 0.5;
        // Barycentric weights of b and c (a's is the rest).
        const wb = ((sx - ax) * (cy - ay) - (cx - ax) * (sy - ay)) / det;
        const wc = ((bx - ax) * (sy - ay) - (sx - ax) * (by - ay)) / det;
        const wa = 1 - wb - wc;
        if (wa < slack || wb < slack || wc < slack) continue;
        out[y * widthPx + x] = wa * va + wb * vb + wc * vc;
      }
    }
  }
  return out;
}

/**
 * Colours a sampled field into RGBA pixels: value × `factor` mapped onto the table from `low`
 * (first colour) to `high` (last); uncovered pixels take `background` (RGBA).
 */
export function colourField(
  samples: Float32Array,
  factor: number,
  low: number,
  high: number,
  table: Uint8ClampedArray,
  out: Uint8ClampedArray,
  background: readonly [number, number, number, number] = [0, 0, 0, 0],
): void {
  const colours = table.length / 4;
  const span = high - low || 1;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (Number.isNaN(v)) {
      out.set(background, 4 * i);
      continue;
    }
    const t = (v * factor - low) / span;
    const k = Math.min(colours - 1, Math.max(0, Math.round(t * (colours - 1))));
    out[4 * i] = table[4 * k];
    out[4 * i + 1] = table[4 * k + 1];
    out[4 * i + 2] = table[4 * k + 2];
    out[4 * i + 3] = 255;
  }
}
