import type { HandpiecePose, PointMm } from '@microcore/core';
import type { Canvas2D } from '../planner/drawScene';
import type { SizePx, View } from '../planner/viewTransform';

/** How a delivered core is drawn: by shape as well as colour (filled, ring, dashed ring). */
export type CoreMark = 'extracted' | 'failed' | 'unreported';

/** The live layers' colours, each ≥ 3:1 on white; the marks differ by shape too. */
export const LIVE_PALETTE = {
  extracted: '#1b5e20',
  failed: '#c92a2a',
  unreported: '#5c5c5c',
  refused: '#9c3d00',
  field: 'rgba(28, 79, 163, 0.55)',
  next: '#1c4fa3',
  lastField: '#1c4fa3',
} as const;

/** The corners of a placed field: the handpiece's square, centred on the pose, turned by it. */
export function fieldCorners(pose: HandpiecePose, sideMm: number): PointMm[] {
  const h = sideMm / 2;
  const c = Math.cos(pose.rotationRad);
  const s = Math.sin(pose.rotationRad);
  return [
    [-h, -h],
    [h, -h],
    [h, h],
    [-h, h],
  ].map(([x, y]): PointMm => [pose.xMm + x * c - y * s, pose.yMm + x * s + y * c]);
}

interface QueuedCore {
  readonly xMm: number;
  readonly yMm: number;
  readonly mark: CoreMark;
}

/**
 * The delivered layer, drawn incrementally: what the session adds (a core's outcome, a field's
 * outline, a refused core) is queued as the server acknowledges it, and each animation frame
 * draws only what was queued since the last — never the whole session again — so a frame's work
 * stays small however fast events arrive. A core is drawn once: its outcome is final.
 */
export class LiveDrawing {
  private cores: QueuedCore[] = [];
  private fields: HandpiecePose[] = [];
  private refused: PointMm[] = [];
  /** The core ids already queued: a resend or a redraw never draws one twice. */
  private readonly seen = new Set<number>();
  /** The refused places already queued (a resume's state names the refused planned cores again). */
  private readonly seenRefused = new Set<string>();
  /** The placements (seq) whose fields are already queued. */
  private readonly seenFields = new Set<number>();

  constructor(
    readonly view: View,
    readonly coreDiameterMm: number,
    readonly fieldSideMm: number,
  ) {}

  addCore(id: number, xMm: number, yMm: number, mark: CoreMark): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.cores.push({ xMm, yMm, mark });
  }

  /** A placement's field, by its seq: a resume's placements name the drawn ones again. */
  addField(seq: number, pose: HandpiecePose): void {
    if (this.seenFields.has(seq)) return;
    this.seenFields.add(seq);
    this.fields.push(pose);
  }

  addRefused(xMm: number, yMm: number): void {
    const key = `${xMm},${yMm}`;
    if (this.seenRefused.has(key)) return;
    this.seenRefused.add(key);
    this.refused.push([xMm, yMm]);
  }

  /** Something waits to be drawn. */
  get waiting(): boolean {
    return this.cores.length + this.fields.length + this.refused.length > 0;
  }

  /** Draw what was added since the last call onto the delivered layer; the cores drawn. */
  drawNew(ctx: Canvas2D): number {
    const { pxPerMm: s, originXPx: ox, originYPx: oy } = this.view;
    const px = (x: number) => ox + x * s;
    const py = (y: number) => oy - y * s;
    ctx.setLineDash([]);
    if (this.fields.length > 0) {
      ctx.strokeStyle = LIVE_PALETTE.field;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const pose of this.fields) {
        fieldCorners(pose, this.fieldSideMm).forEach(([x, y], k) => {
          if (k === 0) ctx.moveTo(px(x), py(y));
          else ctx.lineTo(px(x), py(y));
        });
        ctx.closePath();
      }
      ctx.stroke();
    }
    // At least a 2 px dot, so a core shows at any zoom; outcomes differ by shape.
    const r = Math.max(1, (this.coreDiameterMm / 2) * s);
    const byMark = (mark: CoreMark) => this.cores.filter((c) => c.mark === mark);
    const extracted = byMark('extracted');
    if (extracted.length > 0) {
      ctx.fillStyle = LIVE_PALETTE.extracted;
      ctx.beginPath();
      for (const c of extracted) {
        ctx.moveTo(px(c.xMm) + r, py(c.yMm));
        ctx.arc(px(c.xMm), py(c.yMm), r, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    for (const mark of ['failed', 'unreported'] as const) {
      const ring = byMark(mark);
      if (ring.length === 0) continue;
      ctx.strokeStyle = LIVE_PALETTE[mark];
      ctx.lineWidth = 1.25;
      ctx.setLineDash(mark === 'unreported' ? [2, 2] : []);
      ctx.beginPath();
      for (const c of ring) {
        ctx.moveTo(px(c.xMm) + r + 1.5, py(c.yMm));
        ctx.arc(px(c.xMm), py(c.yMm), r + 1.5, 0, 2 * Math.PI);
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (this.refused.length > 0) {
      // A refused core: a small cross where it would have been.
      const a = r + 2;
      ctx.strokeStyle = LIVE_PALETTE.refused;
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      for (const [x, y] of this.refused) {
        ctx.moveTo(px(x) - a, py(y) - a);
        ctx.lineTo(px(x) + a, py(y) + a);
        ctx.moveTo(px(x) - a, py(y) + a);
        ctx.lineTo(px(x) + a, py(y) - a);
      }
      ctx.stroke();
    }
    const drawn = this.cores.length;
    this.cores = [];
    this.fields = [];
    this.refused = [];
    return drawn;
  }
}

/**
 * The top layer, cleared and drawn again whenever it changes (two squares, cheap): the field the
 * guard suggests next, dashed and thick, and the field just placed.
 */
export function drawOverlay(
  ctx: Canvas2D,
  view: View,
  size: SizePx,
  fieldSideMm: number,
  next: HandpiecePose | null,
  last: HandpiecePose | null,
): void {
  ctx.clearRect(0, 0, size.widthPx, size.heightPx);
  const trace = (pose: HandpiecePose) => {
    ctx.beginPath();
    fieldCorners(pose, fieldSideMm).forEach(([x, y], k) => {
      const X = view.originXPx + x * view.pxPerMm;
      const Y = view.originYPx - y * view.pxPerMm;
      if (k === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    });
    ctx.closePath();
  };
  if (last) {
    trace(last);
    ctx.setLineDash([]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = LIVE_PALETTE.lastField;
    ctx.stroke();
  }
  if (next) {
    trace(next);
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = LIVE_PALETTE.next;
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
