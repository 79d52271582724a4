import type { PointMm, RingMm } from '@microcore/core';
import type { FaceFeature } from '../planner/faceLandmarks.js';

/**
 * The plan drawing of the printed sheet, as SVG paths in sheet millimetres: the chart at a stated
 * ratio (1 : 1.5 and the like), so the printout can be measured with a ruler. Every core is a
 * circle of its true diameter at that ratio, all of a zone's cores in one path.
 */
export interface SheetInput {
  readonly face: readonly FaceFeature[];
  readonly zones: readonly { readonly id: string; readonly polygon: RingMm }[];
  /** x, y of every core, mm, zone after zone; zoneStarts as in the packed plan. */
  readonly positionsMm: Float32Array;
  readonly zoneStarts: Uint32Array;
  readonly coreDiameterMm: number;
  readonly exclusions: readonly RingMm[];
}

export interface SheetDrawing {
  readonly widthMm: number;
  readonly heightMm: number;
  /** Chart millimetres per sheet millimetre: the sheet is drawn at 1 : ratio. */
  readonly ratio: number;
  readonly face: readonly string[];
  readonly zones: readonly { readonly id: string; readonly d: string }[];
  readonly cores: readonly { readonly id: string; readonly d: string; readonly count: number }[];
  readonly exclusions: readonly string[];
  /** A 10 mm (chart) scale bar's length on the sheet, mm. */
  readonly barMm: number;
}

/** The ratios a sheet may be drawn at: the first that fits the box is taken. */
export const SHEET_RATIOS = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5] as const;
const MARGIN_MM = 4;

export function sheetDrawing(
  input: SheetInput,
  boxWidthMm: number,
  boxHeightMm: number,
): SheetDrawing {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const grow = ([x, y]: PointMm) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (const feature of input.face) feature.pointsMm.forEach(grow);
  for (const zone of input.zones) zone.polygon.forEach(grow);
  minX -= MARGIN_MM;
  minY -= MARGIN_MM;
  maxX += MARGIN_MM;
  maxY += MARGIN_MM;
  const contentW = maxX - minX;
  const contentH = maxY - minY;
  const ratio =
    SHEET_RATIOS.find((r) => contentW / r <= boxWidthMm && contentH / r <= boxHeightMm) ??
    Math.max(contentW / boxWidthMm, contentH / boxHeightMm);
  const k = 1 / ratio;
  const sx = (x: number) => fmt((x - minX) * k);
  const sy = (y: number) => fmt((maxY - y) * k);
  const path = (points: readonly PointMm[], closed: boolean) =>
    `M${points.map(([x, y]) => `${sx(x)} ${sy(y)}`).join('L')}${closed ? 'Z' : ''}`;

  const r = (input.coreDiameterMm / 2) * k;
  const rs = fmt(r);
  const cores = input.zones.map((zone, z) => {
    const from = input.zoneStarts[z] ?? 0;
    const to = input.zoneStarts[z + 1] ?? from;
    const parts: string[] = [];
    for (let c = from; c < to; c++) {
      const x = (input.positionsMm[2 * c] - minX) * k;
      const y = (maxY - input.positionsMm[2 * c + 1]) * k;
      parts.push(
        `M${fmt(x - r)} ${fmt(y)}a${rs} ${rs} 0 1 0 ${fmt(2 * r)} 0a${rs} ${rs} 0 1 0 ${fmt(-2 * r)} 0`,
      );
    }
    return { id: zone.id, d: parts.join(''), count: to - from };
  });
  return {
    widthMm: round3(contentW * k),
    heightMm: round3(contentH * k),
    ratio,
    face: input.face.map((f) => path(f.pointsMm, f.closed)),
    zones: input.zones.map((zone) => ({ id: zone.id, d: path(zone.polygon, true) })),
    cores,
    exclusions: input.exclusions.map((ring) => path(ring, true)),
    barMm: round3(10 * k),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Three decimals of a sheet millimetre (a micrometre): fine enough for a 0.2 mm core. */
function fmt(value: number): string {
  return String(round3(value));
}
