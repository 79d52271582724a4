import type { Band, DailyCourse } from './dailyCourse.js';
import { formatNumber } from './format.js';

/**
 * The charts' data in uPlot's column form: x (days), then the value, the interval's low and high
 * edges (the band is drawn between the last two). Units are the charts' own: percent for area
 * and probability, grades for Lemperle.
 */
export type BandColumns = [Float64Array, Float64Array, Float64Array, Float64Array];

export interface ChartSpec {
  readonly title: string;
  readonly unit: string;
  readonly valueLabel: string;
  readonly bandLabel: string;
  /** Decimals on the value axis. */
  readonly axisDigits: number;
  readonly data: BandColumns;
}

function scaled(days: Float64Array, band: Band, factor: number): BandColumns {
  const times = (values: Float64Array) => Float64Array.from(values, (v) => v * factor);
  return [days, times(band.value), times(band.low), times(band.high)];
}

export function areaChart(course: DailyCourse, cohortSize: number, locale?: string): ChartSpec {
  return {
    title: 'Area loss of the treated skin (tightening)',
    unit: '%',
    valueLabel: 'Area loss, nominal (%)',
    bandLabel: `90 % of ${formatNumber(cohortSize, 0, locale)} virtual patients (%)`,
    axisDigits: 2,
    data: scaled(course.days, course.areaLoss, 100),
  };
}

export function lemperleChart(course: DailyCourse, cohortSize: number, locale?: string): ChartSpec {
  return {
    title: 'Lemperle wrinkle grade improvement',
    unit: 'grades',
    valueLabel: 'Mean improvement (grades)',
    bandLabel: `90 % of ${formatNumber(cohortSize, 0, locale)} virtual patients (grades)`,
    axisDigits: 1,
    data: scaled(course.days, course.lemperleChange, 1),
  };
}

export function gaisChart(course: DailyCourse, _cohortSize?: number, _locale?: string): ChartSpec {
  return {
    title: 'Probability of a GAIS improvement (improved or better)',
    unit: '%',
    valueLabel: 'Share improved (%)',
    bandLabel: '90 % interval of the share over the calibration’s uncertainty (%)',
    axisDigits: 0,
    data: scaled(course.days, course.gaisImproved, 100),
  };
}

/** The chart's y range: from 0 (or below, if the band goes there) to a little above the band. */
export function yRange(data: BandColumns): [number, number] {
  let low = 0;
  let high = 0;
  for (const column of data.slice(1)) {
    for (const v of column) {
      if (!Number.isFinite(v)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  const pad = (high - low) * 0.05 || 1;
  return [low < 0 ? low - pad : 0, high + pad];
}
