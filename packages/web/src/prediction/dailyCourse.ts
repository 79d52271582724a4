import {
  cohortOutcomeOnDays,
  defaultParameterValues,
  epithelialCover,
  type SimulationRun,
  SortFromLastOrder,
  seriesAreaLossFraction,
} from '@microcore/core';

/**
 * The prediction for every day from 0 to `lastDay`, for the day slider and the charts (the
 * simulation's own timeline lists only a few days). Per day, over the simulation's virtual cohort:
 * the area loss of the treated skin (nominal, and the 5th–95th percentile as the timeline gives
 * it), the Lemperle change (mean, 5th–95th percentile over the virtual patients, each with a
 * draw of the calibration's posterior) and the share of patients GAIS-improved with the 5th–95th
 * percentile of that share over the posterior (what the evidence leaves unknown). Fractions, not
 * percentages; positive area loss and positive Lemperle change are improvement.
 */
export interface DailyCourse {
  readonly days: Float64Array;
  /** The healing curve η(t) with the nominal parameters: the field per unit η times this. */
  readonly eta: Float64Array;
  /** Epithelial cover of the latest session's wounds, 0..1. */
  readonly epithelialCover: Float64Array;
  readonly areaLoss: Band;
  readonly lemperleChange: Band;
  readonly gaisImproved: Band;
}

export interface Band {
  /** The nominal (area) or mean (Lemperle) or estimated (GAIS) value. */
  readonly value: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

export function dailyCourse(run: SimulationRun, lastDay: number): DailyCourse {
  const count = Math.floor(lastDay) + 1;
  const nominal = defaultParameterValues();
  const sessionDays = run.simulation.sessions.map((s) => s.day);
  const band = (): Band => ({
    value: new Float64Array(count),
    low: new Float64Array(count),
    high: new Float64Array(count),
  });
  const course = {
    days: new Float64Array(count),
    eta: new Float64Array(count),
    epithelialCover: new Float64Array(count),
    areaLoss: band(),
    lemperleChange: band(),
    gaisImproved: band(),
  };
  const outcomeOn = cohortOutcomeOnDays(run.outcomeDraws, run.simulation.outcome.baselineLemperle);
  const patients = run.cohortAreaLoss.length;
  // A patient's area loss moves little from one day to the next: sorted from the last day's order.
  const lossSorter = new SortFromLastOrder(patients);
  // The timeline's rule, on the area change (−loss): its value at ⌊q·(n − 1)⌋ once sorted. The
  // change sorted is the loss sorted, reversed and negated: its rank r is the loss's n − 1 − r.
  const lossRank = (q: number) => patients - 1 - Math.floor(q * (patients - 1));
  for (let day = 0; day < count; day++) {
    course.days[day] = day;
    course.eta[day] = seriesAreaLossFraction(day, sessionDays, nominal);
    const latest = Math.max(0, ...sessionDays.filter((s) => s <= day));
    course.epithelialCover[day] = epithelialCover(day - latest, nominal);
    const cohort = run.cohortAreaLossAt(day);
    course.areaLoss.value[day] = run.nominalAreaLossAt(day);
    const sortedLoss = lossSorter.sort(cohort);
    course.areaLoss.low[day] = sortedLoss[lossRank(0.95)];
    course.areaLoss.high[day] = sortedLoss[lossRank(0.05)];
    const outcome = outcomeOn(cohort, day, sortedLoss);
    course.lemperleChange.value[day] = outcome.lemperleChange.mean;
    course.lemperleChange.low[day] = outcome.lemperleChange.low;
    course.lemperleChange.high[day] = outcome.lemperleChange.high;
    course.gaisImproved.value[day] = outcome.gaisImprovedFraction;
    course.gaisImproved.low[day] = outcome.gaisImprovedInterval.low;
    course.gaisImproved.high[day] = outcome.gaisImprovedInterval.high;
  }
  return course;
}
