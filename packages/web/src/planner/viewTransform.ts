/**
 * The planner's view: how chart millimetres map to canvas pixels. The chart's y axis points up
 * (cranial), the canvas's down, so y is flipped: a point (x, y) mm is drawn at
 * (originXPx + x·pxPerMm, originYPx − y·pxPerMm). Pure functions of plain values: the canvas
 * component keeps one view and replaces it on every wheel, pinch, drag or key.
 */
export interface View {
  readonly pxPerMm: number;
  readonly originXPx: number;
  readonly originYPx: number;
}

export interface BoundsMm {
  readonly minXMm: number;
  readonly minYMm: number;
  readonly maxXMm: number;
  readonly maxYMm: number;
}

export interface SizePx {
  readonly widthPx: number;
  readonly heightPx: number;
}

export interface ZoomLimits {
  readonly minPxPerMm: number;
  readonly maxPxPerMm: number;
}

/** The box around every point of the rings, mm. */
export function boundsOfRings(
  rings: readonly (readonly (readonly [number, number])[])[],
): BoundsMm {
  let minXMm = Number.POSITIVE_INFINITY;
  let minYMm = Number.POSITIVE_INFINITY;
  let maxXMm = Number.NEGATIVE_INFINITY;
  let maxYMm = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minXMm) minXMm = x;
      if (y < minYMm) minYMm = y;
      if (x > maxXMm) maxXMm = x;
      if (y > maxYMm) maxYMm = y;
    }
  }
  return { minXMm, minYMm, maxXMm, maxYMm };
}

/** The view that shows `bounds` whole and centred, `paddingPx` clear of every side. */
export function fitView(bounds: BoundsMm, size: SizePx, paddingPx = 16): View {
  const widthMm = Math.max(bounds.maxXMm - bounds.minXMm, 1e-9);
  const heightMm = Math.max(bounds.maxYMm - bounds.minYMm, 1e-9);
  const pxPerMm = Math.max(
    1e-6,
    Math.min((size.widthPx - 2 * paddingPx) / widthMm, (size.heightPx - 2 * paddingPx) / heightMm),
  );
  const centreXMm = (bounds.minXMm + bounds.maxXMm) / 2;
  const centreYMm = (bounds.minYMm + bounds.maxYMm) / 2;
  return {
    pxPerMm,
    originXPx: size.widthPx / 2 - centreXMm * pxPerMm,
    originYPx: size.heightPx / 2 + centreYMm * pxPerMm,
  };
}

/**
 * How far one may zoom from the fitted view: out to half of it (the whole face with room around
 * it), in to 40 times it and at least to 60 px a mm (a 0.2 mm core 12 px wide).
 */
export function zoomLimits(fitted: View): ZoomLimits {
  return {
    minPxPerMm: fitted.pxPerMm / 2,
    maxPxPerMm: Math.max(fitted.pxPerMm * 40, 60),
  };
}

export function mmToPx(view: View, xMm: number, yMm: number): [number, number] {
  return [view.originXPx + xMm * view.pxPerMm, view.originYPx - yMm * view.pxPerMm];
}

export function pxToMm(view: View, xPx: number, yPx: number): [number, number] {
  return [(xPx - view.originXPx) / view.pxPerMm, (view.originYPx - yPx) / view.pxPerMm];
}

/** Zoom by `factor` keeping the chart point under (xPx, yPx) where it is; the scale is clamped. */
export function zoomAbout(
  view: View,
  factor: number,
  xPx: number,
  yPx: number,
  limits: ZoomLimits,
): View {
  const pxPerMm = clamp(view.pxPerMm * factor, limits.minPxPerMm, limits.maxPxPerMm);
  const [xMm, yMm] = pxToMm(view, xPx, yPx);
  return { pxPerMm, originXPx: xPx - xMm * pxPerMm, originYPx: yPx + yMm * pxPerMm };
}

export function panBy(view: View, dxPx: number, dyPx: number): View {
  return { ...view, originXPx: view.originXPx + dxPx, originYPx: view.originYPx + dyPx };
}

/**
 * Keep the content in sight: at least `keepPx` of the content's drawn box (or all of it, when it
 * is smaller) stays inside the canvas on each axis, so one cannot pan the face away and lose it.
 */
export function clampView(view: View, content: BoundsMm, size: SizePx, keepPx = 48): View {
  const [leftPx, topPx] = mmToPx(view, content.minXMm, content.maxYMm);
  const [rightPx, bottomPx] = mmToPx(view, content.maxXMm, content.minYMm);
  const dx = shiftInto(leftPx, rightPx, size.widthPx, keepPx);
  const dy = shiftInto(topPx, bottomPx, size.heightPx, keepPx);
  return dx === 0 && dy === 0 ? view : panBy(view, dx, dy);
}

/** The shift that brings [lo, hi] to overlap [0, extent] by at least min(keep, hi − lo). */
function shiftInto(loPx: number, hiPx: number, extentPx: number, keepPx: number): number {
  const keep = Math.min(keepPx, hiPx - loPx, extentPx);
  if (hiPx < keep) return keep - hiPx;
  if (loPx > extentPx - keep) return extentPx - keep - loPx;
  return 0;
}

/**
 * The view a fraction t (0..1) of the way from a to b, for animated zooms: the scale moves
 * geometrically and the chart point at the canvas centre linearly, so a zoom about the centre
 * keeps the centre still all the way.
 */
export function interpolateView(a: View, b: View, t: number, size: SizePx): View {
  if (t <= 0) return a;
  if (t >= 1) return b;
  const cx = size.widthPx / 2;
  const cy = size.heightPx / 2;
  const [axMm, ayMm] = pxToMm(a, cx, cy);
  const [bxMm, byMm] = pxToMm(b, cx, cy);
  const pxPerMm = a.pxPerMm * (b.pxPerMm / a.pxPerMm) ** t;
  const xMm = axMm + (bxMm - axMm) * t;
  const yMm = ayMm + (byMm - ayMm) * t;
  return { pxPerMm, originXPx: cx - xMm * pxPerMm, originYPx: cy + yMm * pxPerMm };
}

/** The chart rectangle the canvas shows, mm. */
export function visibleBounds(view: View, size: SizePx): BoundsMm {
  const [minXMm, maxYMm] = pxToMm(view, 0, 0);
  const [maxXMm, minYMm] = pxToMm(view, size.widthPx, size.heightPx);
  return { minXMm, minYMm, maxXMm, maxYMm };
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
