import type { PointMm, RingMm } from '@microcore/core';
import type { FaceFeature } from './faceLandmarks.js';
import type { SizePx, View } from './viewTransform.js';

/**
 * The 2D-canvas calls the planner's drawing uses: a CanvasRenderingContext2D has them all, and a
 * test can record them.
 */
export interface Canvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textBaseline: unknown;
  setLineDash(segments: number[]): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
}

export interface SceneZone {
  readonly id: string;
  readonly polygon: RingMm;
  readonly planned: boolean;
}

export interface SceneCores {
  /** x, y of every core, mm, zone after zone. */
  readonly positionsMm: Float32Array;
  /** Where each zone's cores start in positionsMm (in cores); the last entry is the total. */
  readonly zoneStarts: Uint32Array;
  readonly coreDiameterMm: number;
}

export interface Scene {
  readonly face: readonly FaceFeature[];
  readonly zones: readonly SceneZone[];
  readonly cores: SceneCores | null;
  readonly exclusions: readonly RingMm[];
  /** Index of the selected exclusion, −1 for none. */
  readonly selectedExclusion: number;
  /** An exclusion being drawn or moved, drawn dashed on top. */
  readonly draft: RingMm | null;
}

/** Colours with at least 3:1 contrast on the white background for every line and dot. */
export const PALETTE = {
  background: '#ffffff',
  face: '#6b6b6b',
  zoneFill: 'rgba(12, 133, 120, 0.10)',
  zoneEdge: '#0b7a6e',
  zoneOff: '#8a8a8a',
  core: '#7a1f1f',
  exclusionFill: 'rgba(192, 57, 43, 0.22)',
  exclusionEdge: '#b03a2e',
  selected: '#1c4fa3',
  scale: '#222222',
  plate: 'rgba(255, 255, 255, 0.85)',
} as const;

/** A core smaller than this on screen (radius, px) is drawn as a square: same size, cheaper. */
const ROUND_FROM_RADIUS_PX = 1.5;
/** The smallest dot drawn, px: a core never vanishes at low zoom. */
const MIN_DOT_PX = 1;

/**
 * Draw the scene: face, zones, exclusions, then the cores — one path and one fill per zone, no
 * state change between cores, those off the canvas skipped — and a scale bar. Sizes are in CSS
 * pixels (the caller sets the device-pixel transform). Returns the number of cores drawn.
 */
export function drawScene(ctx: Canvas2D, scene: Scene, view: View, size: SizePx): number {
  ctx.fillStyle = PALETTE.background;
  ctx.fillRect(0, 0, size.widthPx, size.heightPx);
  const s = view.pxPerMm;
  const ox = view.originXPx;
  const oy = view.originYPx;
  const tracePoints = (points: readonly PointMm[], closed: boolean) => {
    ctx.beginPath();
    points.forEach(([x, y], k) => {
      if (k === 0) ctx.moveTo(ox + x * s, oy - y * s);
      else ctx.lineTo(ox + x * s, oy - y * s);
    });
    if (closed) ctx.closePath();
  };

  ctx.setLineDash([]);
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = PALETTE.face;
  for (const feature of scene.face) {
    tracePoints(feature.pointsMm, feature.closed);
    ctx.stroke();
  }

  for (const zone of scene.zones) {
    tracePoints(zone.polygon, true);
    if (zone.planned) {
      ctx.fillStyle = PALETTE.zoneFill;
      ctx.fill();
      ctx.setLineDash([]);
      ctx.strokeStyle = PALETTE.zoneEdge;
    } else {
      ctx.setLineDash([4, 4]);
      ctx.strokeStyle = PALETTE.zoneOff;
    }
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  ctx.setLineDash([]);

  scene.exclusions.forEach((ring, k) => {
    tracePoints(ring, true);
    ctx.fillStyle = PALETTE.exclusionFill;
    ctx.fill();
    ctx.lineWidth = k === scene.selectedExclusion ? 2.5 : 1.25;
    ctx.strokeStyle = k === scene.selectedExclusion ? PALETTE.selected : PALETTE.exclusionEdge;
    ctx.stroke();
  });

  const drawn = scene.cores ? drawCores(ctx, scene.cores, view, size) : 0;

  if (scene.draft) {
    tracePoints(scene.draft, true);
    ctx.setLineDash([5, 3]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = PALETTE.selected;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  drawScaleBar(ctx, view, size);
  return drawn;
}

function drawCores(ctx: Canvas2D, cores: SceneCores, view: View, size: SizePx): number {
  const s = view.pxPerMm;
  const ox = view.originXPx;
  const oy = view.originYPx;
  const radiusPx = (cores.coreDiameterMm / 2) * s;
  const round = radiusPx >= ROUND_FROM_RADIUS_PX;
  const half = Math.max(radiusPx, MIN_DOT_PX / 2);
  const side = 2 * half;
  const minX = -half;
  const minY = -half;
  const maxX = size.widthPx + half;
  const maxY = size.heightPx + half;
  const p = cores.positionsMm;
  let drawn = 0;
  ctx.fillStyle = PALETTE.core;
  for (let z = 0; z + 1 < cores.zoneStarts.length; z++) {
    const end = 2 * cores.zoneStarts[z + 1];
    let start = 2 * cores.zoneStarts[z];
    if (start === end) continue;
    ctx.beginPath();
    for (; start < end; start += 2) {
      const x = ox + p[start] * s;
      const y = oy - p[start + 1] * s;
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      if (round) {
        ctx.moveTo(x + radiusPx, y);
        ctx.arc(x, y, radiusPx, 0, 2 * Math.PI);
      } else {
        ctx.rect(x - half, y - half, side, side);
      }
      drawn++;
    }
    ctx.fill();
  }
  return drawn;
}

const numberFormat = new Intl.NumberFormat();

/** The bar lengths offered, mm: the longest that fits in about 120 px is drawn. */
const BAR_LENGTHS_MM = [0.5, 1, 2, 5, 10, 20, 50, 100];

/** A scale bar's length for a view: the longest of 0.5 … 100 mm that is at most 120 px. */
export function scaleBarMm(pxPerMm: number): number {
  let best = BAR_LENGTHS_MM[0];
  for (const length of BAR_LENGTHS_MM) if (length * pxPerMm <= 120) best = length;
  return best;
}

function drawScaleBar(ctx: Canvas2D, view: View, size: SizePx): void {
  const lengthMm = scaleBarMm(view.pxPerMm);
  const lengthPx = lengthMm * view.pxPerMm;
  const x = 16;
  const y = size.heightPx - 16;
  // A white plate under the bar, so it reads over cores and zones alike.
  ctx.fillStyle = PALETTE.plate;
  ctx.fillRect(x - 6, y - 22, lengthPx + 64, 30);
  ctx.fillStyle = PALETTE.scale;
  ctx.fillRect(x, y - 3, lengthPx, 3);
  ctx.fillRect(x, y - 8, 1.5, 8);
  ctx.fillRect(x + lengthPx - 1.5, y - 8, 1.5, 8);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`${numberFormat.format(lengthMm)} mm`, x + lengthPx + 6, y + 1);
}
