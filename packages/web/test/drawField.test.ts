import { describe, expect, it } from 'vitest';
import { viridisTable } from '../src/prediction/colourMap.js';
import {
  drawField,
  type FieldCanvas2D,
  IMAGE_HEIGHT_PX,
  IMAGE_LAYOUT,
  prepareFieldRaster,
} from '../src/prediction/drawField.js';

/** A canvas that records what is drawn. */
function recorder() {
  const calls: Array<[string, ...unknown[]]> = [];
  const texts: string[] = [];
  const images: Array<{ data: Uint8ClampedArray; x: number; y: number }> = [];
  const ctx: FieldCanvas2D = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    textAlign: '',
    fillRect: (...a) => calls.push(['fillRect', ...a]),
    fillText: (text, ...a) => {
      texts.push(text);
      calls.push(['fillText', text, ...a]);
    },
    beginPath: () => calls.push(['beginPath']),
    moveTo: (...a) => calls.push(['moveTo', ...a]),
    lineTo: (...a) => calls.push(['lineTo', ...a]),
    closePath: () => calls.push(['closePath']),
    stroke: () => calls.push(['stroke']),
    fill: () => calls.push(['fill']),
    createImageData: (w, h) => ({ data: new Uint8ClampedArray(4 * w * h) }),
    putImageData: (image, x, y) => images.push({ data: image.data, x, y }),
  };
  return { ctx, calls, texts, images };
}

// A 100 × 60 mm rectangle of two triangles, tightening 1 % per unit η everywhere, one arrow.
const mesh = {
  nodesXY: Float64Array.of(0, 0, 100, 0, 100, 60, 0, 60),
  triangles: Uint32Array.of(0, 1, 2, 0, 2, 3),
};
const arrows = Float64Array.of(50, 30, 0.1, 0);
const raster = prepareFieldRaster(mesh, Float64Array.of(0.01, 0.01, 0.01, 0.01), arrows, 0.5);
const frame = (eta: number) => ({
  eta,
  scaleMaximum: 0.01,
  table: viridisTable(16),
  zones: [
    [
      [10, 10],
      [40, 10],
      [40, 40],
    ] as [number, number][],
  ],
  arrows,
  header: ['Model estimate — not a promise of outcome', 'Day 90: tightening 0.50 %'] as const,
  tickLabels: ['0 %', '0.5 %', '1 %'],
  scaleCaption: ['Tightening (area loss), %', 'Arrows: displacement ×100'],
});

describe('the field image', () => {
  it('writes the label first, then the day, and the colour scale with its ticks', () => {
    const { ctx, texts } = recorder();
    drawField(ctx, raster, frame(0.5));
    expect(texts[0]).toBe('Model estimate — not a promise of outcome');
    expect(texts[1]).toBe('Day 90: tightening 0.50 %');
    expect(texts).toEqual(
      expect.arrayContaining(['0 %', '0.5 %', '1 %', 'Tightening (area loss), %']),
    );
  });

  it('paints the heat map below the header, coloured for the day', () => {
    const { ctx, images } = recorder();
    drawField(ctx, raster, frame(0.6));
    expect(images).toHaveLength(1);
    expect(images[0].x).toBe(0);
    expect(images[0].y).toBe(IMAGE_LAYOUT.headerPx);
    const { widthPx, fieldPx } = IMAGE_LAYOUT;
    const centre = 4 * (Math.floor(fieldPx / 2) * widthPx + Math.floor(widthPx / 2));
    // 1 % × η 0.6 on a 0–1 % scale: 0.6 of the way along the 16-colour table, colour 9.
    const table = viridisTable(16);
    expect(Array.from(images[0].data.subarray(centre, centre + 4))).toEqual(
      Array.from(table.subarray(36, 40)),
    );
    // Outside the mesh: white.
    expect(Array.from(images[0].data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(IMAGE_HEIGHT_PX).toBe(IMAGE_LAYOUT.headerPx + fieldPx + IMAGE_LAYOUT.legendPx);
  });

  it('draws the arrows in proportion to the healing curve, none on the day of no tightening', () => {
    const lineLength = (eta: number) => {
      const { ctx, calls } = recorder();
      drawField(ctx, raster, frame(eta));
      // The arrow's shaft: the moveTo / lineTo pair at the arrow's start (50, 30 mm).
      const start = calls.findIndex(
        (c, k) =>
          c[0] === 'moveTo' &&
          calls[k + 1]?.[0] === 'lineTo' &&
          k > 0 &&
          calls[k - 1][0] === 'beginPath' &&
          calls[k + 2]?.[0] === 'moveTo',
      );
      if (start < 0) return 0;
      const [, x0, y0] = calls[start] as [string, number, number];
      const [, x1, y1] = calls[start + 1] as [string, number, number];
      return Math.hypot(x1 - x0, y1 - y0);
    };
    expect(lineLength(0)).toBe(0);
    const half = lineLength(0.25);
    const full = lineLength(0.5);
    expect(full).toBeGreaterThan(0);
    expect(full / half).toBeCloseTo(2, 6);
    // ×exaggeration on the skin: 0.1 mm × 0.5 × the factor, at the image's scale.
    expect(full).toBeCloseTo(0.1 * 0.5 * raster.exaggeration * raster.view.pxPerMm, 6);
  });
});
