import { arrowExaggeration, longestArrowMm } from './arrows.js';
import { colourField, type FieldMesh, rasterizeField } from './fieldRaster.js';
import { scaleTicks } from './fieldScale.js';
import { boundsOfPoints, type FieldView, fitView, toCanvas } from './fieldView.js';

/** The 2D-canvas calls the field image uses (a CanvasRenderingContext2D has them all). */
export interface FieldCanvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textBaseline: unknown;
  textAlign: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  stroke(): void;
  fill(): void;
  createImageData(width: number, height: number): { data: Uint8ClampedArray };
  putImageData(image: { data: Uint8ClampedArray }, x: number, y: number): void;
}

/** The image's layout in px: a header with the label, the field, the colour scale below. */
export const IMAGE_LAYOUT = { widthPx: 720, headerPx: 52, fieldPx: 460, legendPx: 64 } as const;
export const IMAGE_HEIGHT_PX = IMAGE_LAYOUT.headerPx + IMAGE_LAYOUT.fieldPx + IMAGE_LAYOUT.legendPx;

/** The parts of the image that do not change with the day: the view and the sampled field. */
export interface FieldRaster {
  readonly view: FieldView;
  readonly samples: Float32Array;
  /** Arrows lengthened by this to be seen (the largest ~10 mm on the skin at the latest day). */
  readonly exaggeration: number;
}

export function prepareFieldRaster(
  mesh: FieldMesh,
  nodalAreaLoss: Float64Array,
  arrows: Float64Array,
  largestEta: number,
): FieldRaster {
  const view = fitView(
    boundsOfPoints(mesh.nodesXY),
    IMAGE_LAYOUT.widthPx,
    IMAGE_LAYOUT.fieldPx,
    12,
  );
  return {
    view,
    samples: rasterizeField(mesh, nodalAreaLoss, view),
    exaggeration: arrowExaggeration(longestArrowMm(arrows) * largestEta, 10),
  };
}

export interface FieldFrame {
  /** The healing curve's value on the day: the field is the unit field × this. */
  readonly eta: number;
  readonly scaleMaximum: number;
  readonly table: Uint8ClampedArray;
  readonly zones: readonly (readonly (readonly [number, number])[])[];
  readonly arrows: Float64Array;
  /** Lines of the header: the label first. */
  readonly header: readonly [string, string];
  /** Tick labels of the colour scale, and its caption's lines. */
  readonly tickLabels: readonly string[];
  readonly scaleCaption: readonly string[];
}

/** Draws the whole image for one day: header, heat map, zone outlines, arrows, colour scale. */
export function drawField(ctx: FieldCanvas2D, raster: FieldRaster, frame: FieldFrame): void {
  const { widthPx, headerPx, fieldPx, legendPx } = IMAGE_LAYOUT;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthPx, headerPx + fieldPx + legendPx);

  // The header: the label, then the day's figures.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#7a1c00';
  ctx.font = 'bold 16px sans-serif';
  ctx.fillText(frame.header[0], 10, 8);
  ctx.fillStyle = '#1a1b1e';
  ctx.font = '13px sans-serif';
  ctx.fillText(frame.header[1], 10, 30);

  // The heat map.
  const image = ctx.createImageData(widthPx, fieldPx);
  colourField(
    raster.samples,
    frame.eta,
    0,
    frame.scaleMaximum || 1,
    frame.table,
    image.data,
    [255, 255, 255, 255],
  );
  ctx.putImageData(image, 0, headerPx);

  const at = (x: number, y: number): [number, number] => {
    const [px, py] = toCanvas(raster.view, x, y);
    return [px, py + headerPx];
  };
  // Zone outlines: a light line under a dark one, visible on every colour of the map.
  for (const [width, colour] of [
    [3, '#ffffff'],
    [1.25, '#1a1b1e'],
  ] as const) {
    ctx.lineWidth = width;
    ctx.strokeStyle = colour;
    for (const ring of frame.zones) {
      ctx.beginPath();
      ring.forEach(([x, y], k) => {
        const [px, py] = at(x, y);
        if (k === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.closePath();
      ctx.stroke();
    }
  }

  // Arrows, the same way: white halo, dark shaft and head.
  const scale = frame.eta * raster.exaggeration;
  for (const [width, colour] of [
    [3.5, '#ffffff'],
    [1.5, '#1a1b1e'],
  ] as const) {
    ctx.lineWidth = width;
    ctx.strokeStyle = colour;
    for (let k = 0; k < frame.arrows.length; k += 4) {
      const [x, y, ux, uy] = frame.arrows.subarray(k, k + 4);
      const [x0, y0] = at(x, y);
      const [x1, y1] = at(x + ux * scale, y + uy * scale);
      const length = Math.hypot(x1 - x0, y1 - y0);
      if (length < 2) continue;
      const dx = (x1 - x0) / length;
      const dy = (y1 - y0) / length;
      const head = Math.min(6, length / 2);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.moveTo(x1 - head * (dx - 0.5 * dy), y1 - head * (dy + 0.5 * dx));
      ctx.lineTo(x1, y1);
      ctx.lineTo(x1 - head * (dx + 0.5 * dy), y1 - head * (dy - 0.5 * dx));
      ctx.stroke();
    }
  }

  // The colour scale.
  const barX = 10;
  const barY = headerPx + fieldPx + 8;
  const barWidth = 400;
  const barHeight = 14;
  const colours = frame.table.length / 4;
  for (let i = 0; i < barWidth; i++) {
    const k = Math.round((i / (barWidth - 1)) * (colours - 1));
    const [r, g, b] = frame.table.subarray(4 * k, 4 * k + 3);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(barX + i, barY, 1, barHeight);
  }
  ctx.fillStyle = '#1a1b1e';
  ctx.font = '12px sans-serif';
  ctx.textBaseline = 'top';
  const ticks = scaleTicks(1, frame.tickLabels.length - 1);
  frame.tickLabels.forEach((label, k) => {
    ctx.textAlign = k === 0 ? 'left' : k === frame.tickLabels.length - 1 ? 'right' : 'center';
    ctx.fillText(label, barX + ticks[k] * barWidth, barY + barHeight + 4);
  });
  ctx.textAlign = 'left';
  frame.scaleCaption.forEach((line, k) => {
    ctx.fillText(line, barX + barWidth + 16, barY + 16 * k);
  });
}
