/**
 * Where the skin chart (mm, y up) lands on a canvas (px, y down): the whole field fitted into the
 * canvas with a margin, at one scale for both axes, so the face is drawn to scale.
 */
export interface FieldView {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly pxPerMm: number;
  /** The chart point drawn at the canvas's top-left corner. */
  readonly leftMm: number;
  readonly topMm: number;
}

export interface BoundsMm {
  readonly minXMm: number;
  readonly minYMm: number;
  readonly maxXMm: number;
  readonly maxYMm: number;
}

/** The bounding box of interleaved x, y coordinates (mm). */
export function boundsOfPoints(xy: ArrayLike<number>): BoundsMm {
  let minXMm = Number.POSITIVE_INFINITY;
  let minYMm = Number.POSITIVE_INFINITY;
  let maxXMm = Number.NEGATIVE_INFINITY;
  let maxYMm = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    minXMm = Math.min(minXMm, xy[i]);
    maxXMm = Math.max(maxXMm, xy[i]);
    minYMm = Math.min(minYMm, xy[i + 1]);
    maxYMm = Math.max(maxYMm, xy[i + 1]);
  }
  return { minXMm, minYMm, maxXMm, maxYMm };
}

/** Fit `bounds` into a canvas of widthPx × heightPx, `marginPx` clear on every side, centred. */
export function fitView(
  bounds: BoundsMm,
  widthPx: number,
  heightPx: number,
  marginPx = 0,
): FieldView {
  const spanX = Math.max(bounds.maxXMm - bounds.minXMm, 1e-9);
  const spanY = Math.max(bounds.maxYMm - bounds.minYMm, 1e-9);
  const pxPerMm = Math.max(
    1e-9,
    Math.min((widthPx - 2 * marginPx) / spanX, (heightPx - 2 * marginPx) / spanY),
  );
  const centreX = (bounds.minXMm + bounds.maxXMm) / 2;
  const centreY = (bounds.minYMm + bounds.maxYMm) / 2;
  return {
    widthPx,
    heightPx,
    pxPerMm,
    leftMm: centreX - widthPx / 2 / pxPerMm,
    topMm: centreY + heightPx / 2 / pxPerMm,
  };
}

/** A chart point (mm) on the canvas (px). */
export function toCanvas(view: FieldView, xMm: number, yMm: number): [number, number] {
  return [(xMm - view.leftMm) * view.pxPerMm, (view.topMm - yMm) * view.pxPerMm];
}

/** A canvas point (px) on the chart (mm). */
export function toChart(view: FieldView, xPx: number, yPx: number): [number, number] {
  return [view.leftMm + xPx / view.pxPerMm, view.topMm - yPx / view.pxPerMm];
}
