import type { DailyCourse } from './dailyCourse.js';
import { formatGrades, formatNumber, formatPercent, formatPercentRange } from './format.js';

/** The figures of one day in words, with their intervals (units always written). */
export interface DayFigures {
  readonly areaLoss: string;
  readonly areaInterval: string;
  readonly lemperle: string;
  readonly lemperleInterval: string;
  readonly gais: string;
  readonly gaisInterval: string;
  readonly epithelialCover: string;
}

export function dayFigures(
  course: DailyCourse,
  day: number,
  cohortSize: number,
  locale?: string,
): DayFigures {
  const d = Math.min(course.days.length - 1, Math.max(0, Math.round(day)));
  const { areaLoss, lemperleChange, gaisImproved } = course;
  return {
    areaLoss: formatPercent(areaLoss.value[d], 2, locale),
    areaInterval: `90 % of ${formatNumber(cohortSize, 0, locale)} virtual patients: ${formatPercentRange(areaLoss.low[d], areaLoss.high[d], 2, locale)}`,
    lemperle: formatGrades(lemperleChange.value[d], 2, locale),
    lemperleInterval: `90 % of virtual patients: ${formatNumber(lemperleChange.low[d], 2, locale)} to ${formatGrades(lemperleChange.high[d], 2, locale)}`,
    gais: formatPercent(gaisImproved.value[d], 1, locale),
    gaisInterval: `90 % interval over the calibration: ${formatPercentRange(gaisImproved.low[d], gaisImproved.high[d], 1, locale)}`,
    epithelialCover: formatPercent(course.epithelialCover[d], 0, locale),
  };
}
