import {
  defaultParameterValues,
  durability,
  epithelialCover,
  meanImprovedProbability,
  PUBLISHED_FOLLOW_UP_DAYS,
  planTreatment,
  RESPONSE_POSTERIOR,
  type ResponseParameters,
  type SimulationRun,
  seriesAreaLossFraction,
  simulateTreatment,
} from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { type DailyCourse, dailyCourse } from '../src/prediction/dailyCourse.js';

/**
 * The daily course as it was first written, kept as the reference: per day a fresh sort of the
 * cohort's area loss, and the cohort's outcome worked out from scratch (every patient's ΔL and
 * its sort, the loss sorted again, a share per posterior draw). The course the worker computes
 * now must give the same numbers, bit for bit.
 */
function referenceCourse(run: SimulationRun, lastDay: number): DailyCourse {
  const count = Math.floor(lastDay) + 1;
  const nominal = defaultParameterValues();
  const sessionDays = run.simulation.sessions.map((s) => s.day);
  const band = () => ({
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
  for (let day = 0; day < count; day++) {
    course.days[day] = day;
    course.eta[day] = seriesAreaLossFraction(day, sessionDays, nominal);
    const latest = Math.max(0, ...sessionDays.filter((s) => s <= day));
    course.epithelialCover[day] = epithelialCover(day - latest, nominal);
    const cohort = run.cohortAreaLossAt(day);
    course.areaLoss.value[day] = run.nominalAreaLossAt(day);
    const change = Float64Array.from(cohort, (loss) => -loss).sort();
    const at = (q: number) => change[Math.floor(q * (change.length - 1))];
    course.areaLoss.low[day] = -at(0.95);
    course.areaLoss.high[day] = -at(0.05);
    const outcome = referenceOutcome(
      cohort,
      run.outcomeDraws,
      run.simulation.outcome.baselineLemperle,
      day,
    );
    course.lemperleChange.value[day] = outcome.mean;
    course.lemperleChange.low[day] = outcome.low;
    course.lemperleChange.high[day] = outcome.high;
    course.gaisImproved.value[day] = outcome.share;
    course.gaisImproved.low[day] = outcome.shareLow;
    course.gaisImproved.high[day] = outcome.shareHigh;
  }
  return course;
}

function referenceOutcome(
  areaLoss: Float64Array,
  draws: SimulationRun['outcomeDraws'],
  baselineLemperle: number,
  day: number,
) {
  const n = areaLoss.length;
  const reference = RESPONSE_POSTERIOR.referenceAreaLossFraction;
  const changes = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const theta = RESPONSE_POSTERIOR.draws[draws.posteriorIndex[i]];
    changes[i] = referenceLemperleChange(
      areaLoss[i] / reference,
      baselineLemperle,
      theta,
      draws.responsivenessZ[i],
      day,
      draws.driftZ[i],
    );
    sum += changes[i];
  }
  changes.sort();
  const sortedLoss = Float64Array.from(areaLoss).sort();
  const picked = Math.min(n, 25);
  const logX = Float64Array.from({ length: picked }, (_, t) =>
    Math.log(sortedLoss[Math.floor(((t + 0.5) * n) / picked)] / reference),
  );
  const shares = Float64Array.from(RESPONSE_POSTERIOR.draws, (theta) =>
    meanImprovedProbability(logX, baselineLemperle, theta, day),
  );
  const share = shares.reduce((a, v) => a + v, 0) / shares.length;
  shares.sort();
  return {
    mean: sum / n,
    low: quantile(changes, 0.05),
    high: quantile(changes, 0.95),
    share,
    shareLow: quantile(shares, 0.05),
    shareHigh: quantile(shares, 0.95),
  };
}

function referenceLemperleChange(
  x: number,
  baselineLemperle: number,
  theta: ResponseParameters,
  z: number,
  day: number,
  w: number,
): number {
  const drive = (theta.k * Math.max(0, x) * Math.exp(theta.sigmaR * z)) / theta.m;
  const change = baselineLemperle * theta.m * -Math.expm1(-drive) * durability(day, theta);
  const years = Math.max(0, day - PUBLISHED_FOLLOW_UP_DAYS) / 365.25;
  const drift = theta.driftPerRootYear * Math.sqrt(years) * w;
  return Math.min(baselineLemperle, Math.max(baselineLemperle - 5, change + drift));
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const i = Math.floor(position);
  const f = position - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** Every series of the course as [name, values]. */
function series(course: DailyCourse): Array<[string, Float64Array]> {
  const out: Array<[string, Float64Array]> = [
    ['days', course.days],
    ['eta', course.eta],
    ['epithelialCover', course.epithelialCover],
  ];
  for (const band of ['areaLoss', 'lemperleChange', 'gaisImproved'] as const)
    for (const part of ['value', 'low', 'high'] as const)
      out.push([`${band}.${part}`, course[band][part]]);
  return out;
}

describe('the daily course', () => {
  const plan = planTreatment();
  it.each([
    { sessions: 1, baselineLemperle: 3, lastDay: 180 },
    { sessions: 2, baselineLemperle: 3, lastDay: 180 },
    // Beyond the published follow-up the effect fades and drifts: other branches of the model.
    { sessions: 2, baselineLemperle: 4.2, lastDay: 400 },
  ])(
    'gives the reference’s numbers bit for bit: $sessions session(s), L0 $baselineLemperle, to day $lastDay',
    ({ sessions, baselineLemperle, lastDay }) => {
      const run = simulateTreatment(plan, {
        sessions,
        intervalWeeks: 6,
        baselineLemperle,
        days: [0, 1, 4, 14, 30, 90, lastDay],
      });
      const course = dailyCourse(run, lastDay);
      const reference = referenceCourse(run, lastDay);
      for (const [[name, values], [, expected]] of series(course).map((s, k) => [
        s,
        series(reference)[k],
      ])) {
        expect(values.length, name).toBe(lastDay + 1);
        const differing = values.filter((v, day) => !Object.is(v, expected[day])).length;
        expect(differing, `${name}: days that differ from the reference`).toBe(0);
      }
      // The bands are not trivially equal: they open up as the cohort's tightening spreads.
      expect(course.lemperleChange.high[lastDay]).toBeGreaterThan(
        course.lemperleChange.low[lastDay],
      );
      expect(course.gaisImproved.high[lastDay]).toBeGreaterThan(course.gaisImproved.low[lastDay]);
      expect(course.areaLoss.high[lastDay]).toBeGreaterThan(course.areaLoss.low[lastDay]);
    },
  );
});
