/**
 * The calibration plot's geometry (CalibrationPanel.tsx), apart from React so it is tested in
 * Node: one scale for both axes (predicted and observed are the same quantity, so the identity
 * line is the diagonal), whole-grade ticks, and each point's position and interval bar.
 */
export interface CalibrationPointLike {
  readonly predicted: { readonly mean: number; readonly low: number; readonly high: number };
  readonly observed: number;
  readonly inside: boolean;
}

export interface PlotBox {
  readonly width: number;
  readonly height: number;
  /** Room for the axes' ticks and labels, px. */
  readonly margin: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
}

export interface PlotGeometry {
  /** The grades both axes span: whole grades, at least −1 to 3. */
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  x(grades: number): number;
  y(grades: number): number;
  readonly points: readonly {
    readonly cx: number;
    readonly cy: number;
    /** The predicted interval as a vertical bar at the predicted mean: where the observation was expected. */
    readonly barLow: number;
    readonly barHigh: number;
    readonly inside: boolean;
  }[];
}

export function calibrationPlot(
  points: readonly CalibrationPointLike[],
  box: PlotBox,
): PlotGeometry {
  const values = points.flatMap((p) => [p.predicted.low, p.predicted.high, p.observed]);
  const min = Math.min(-1, Math.floor(Math.min(...values, 0)));
  const max = Math.max(3, Math.ceil(Math.max(...values, 0)));
  const { width, height, margin } = box;
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const x = (g: number) => margin.left + ((g - min) / (max - min)) * innerWidth;
  const y = (g: number) => margin.top + (1 - (g - min) / (max - min)) * innerHeight;
  const ticks = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return {
    min,
    max,
    ticks,
    x,
    y,
    points: points.map((p) => ({
      cx: x(p.predicted.mean),
      cy: y(p.observed),
      barLow: y(p.predicted.low),
      barHigh: y(p.predicted.high),
      inside: p.inside,
    })),
  };
}
