import type { Rng } from '../rng.js';
import {
  driftSpread,
  durability,
  lemperleChangeGiven,
  meanImprovedProbability,
  type ResponseParameters,
} from './response.js';
import { RESPONSE_POSTERIOR } from './responsePosterior.js';
import { SortFromLastOrder } from './sortFromLastOrder.js';

/**
 * The outcome over a virtual cohort: each virtual patient's predicted tightening (the mechanics)
 * goes through the response law (heal/response.ts) with a parameter set drawn from the
 * calibration's posterior (heal/calibrate.ts, stored in heal/responsePosterior.ts) and their own
 * responsiveness. The interval is therefore a prediction interval: it carries the patients'
 * spread and what the roughly 60 published patients leave unknown, and widens where the
 * evidence is thin. docs/model.md §4.
 */
export type Posterior = typeof RESPONSE_POSTERIOR;

/** The draws of the posterior as parameter sets. */
export const POSTERIOR_DRAWS: readonly ResponseParameters[] = RESPONSE_POSTERIOR.draws;

/**
 * The day of the calibration's reference tightening: x = 1 is the default plan's area loss of the
 * treated skin on this day after one session, nominal parameters (RESPONSE_POSTERIOR's A_ref).
 */
export const REFERENCE_DAY = 90;

/** Standard normal draws (Box–Muller), seeded. */
export function normalDraws(count: number, rng: Rng): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = Math.max(rng.next(), Number.MIN_VALUE);
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

export interface CohortOutcome {
  /** ΔL over the virtual patients: mean and 5th–95th percentile (a prediction interval). */
  readonly lemperleChange: { readonly mean: number; readonly low: number; readonly high: number };
  /** Expected share of patients rated GAIS "improved" or better. */
  readonly gaisImprovedFraction: number;
  /** 5th–95th percentile of that share over the posterior: what the evidence leaves unknown. */
  readonly gaisImprovedInterval: { readonly low: number; readonly high: number };
}

/** Each virtual patient's draws for the outcome: responsiveness and a posterior parameter set. */
export interface OutcomeDraws {
  readonly responsivenessZ: Float64Array;
  readonly posteriorIndex: Uint16Array;
  /** The patient's drift beyond the published follow-up (standard normal). */
  readonly driftZ: Float64Array;
}

/** Posterior indices for `count` patients, uniform over the draws (seeded). */
export function posteriorIndices(count: number, rng: Rng, draws = POSTERIOR_DRAWS.length) {
  return Uint16Array.from({ length: count }, () => rng.int(draws));
}

/** Quantiles of the patients' tightening the GAIS share is averaged over, per posterior draw. */
const SHARE_QUANTILES = 25;

/**
 * The outcome over a virtual cohort on a day: `areaLoss[i]` is patient i's predicted area loss
 * (fraction, positive = loss), `draws` their responsiveness and posterior draw.
 */
export function cohortOutcome(
  areaLoss: Float64Array,
  draws: OutcomeDraws,
  baselineLemperle: number,
  day: number,
  posterior: Posterior = RESPONSE_POSTERIOR,
): CohortOutcome {
  return cohortOutcomeOnDays(draws, baselineLemperle, posterior)(areaLoss, day);
}

/**
 * The outcome over a virtual cohort on a day, given the patients' area loss that day (and, if the
 * caller has it, the same sorted ascending).
 */
export type CohortOutcomeOnDay = (
  areaLoss: Float64Array,
  day: number,
  sortedAreaLoss?: Float64Array,
) => CohortOutcome;

/**
 * `cohortOutcome` for one cohort on as many days as asked, with the same numbers: what does not
 * depend on the day (each patient's responsiveness R, which posterior draws repeat) is worked out
 * once, and the work arrays are kept from one day to the next.
 */
export function cohortOutcomeOnDays(
  draws: OutcomeDraws,
  baselineLemperle: number,
  posterior: Posterior = RESPONSE_POSTERIOR,
): CohortOutcomeOnDay {
  const reference = posterior.referenceAreaLossFraction;
  const thetas = posterior.draws;
  const responsiveness = Float64Array.from(draws.responsivenessZ, (z, i) =>
    Math.exp(thetas[draws.posteriorIndex[i]].sigmaR * z),
  );
  // A posterior sampled by MCMC repeats draws: each distinct draw's GAIS share is computed once.
  const firstSame = new Map<string, number>();
  const sameAs = thetas.map((theta, t) => {
    const key = JSON.stringify(theta);
    if (!firstSame.has(key)) firstSame.set(key, t);
    return firstSame.get(key) as number;
  });
  const durabilities = new Float64Array(thetas.length);
  const spreads = new Float64Array(thetas.length);
  const shares = new Float64Array(thetas.length);
  const shareSorter = new SortFromLastOrder(thetas.length);
  let changes = new Float64Array(draws.responsivenessZ.length);
  let logX = new Float64Array(0);
  // A patient's ΔL moves little from one day to the next: sorted from the last day's order.
  let changeSorter = new SortFromLastOrder(changes.length);
  return (areaLoss, day, sortedAreaLoss = Float64Array.from(areaLoss).sort()) => {
    const n = areaLoss.length;
    if (changes.length !== n) {
      changes = new Float64Array(n);
      changeSorter = new SortFromLastOrder(n);
    }
    for (let t = 0; t < thetas.length; t++) {
      durabilities[t] = durability(day, thetas[t]);
      spreads[t] = driftSpread(day, thetas[t]);
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const t = draws.posteriorIndex[i];
      changes[i] = lemperleChangeGiven(
        areaLoss[i] / reference,
        baselineLemperle,
        thetas[t],
        responsiveness[i],
        durabilities[t],
        spreads[t] * draws.driftZ[i],
      );
      sum += changes[i];
    }
    const sortedChanges = changeSorter.sort(changes);
    // The share per posterior draw, averaged over the patients' tightening; the responsiveness
    // (and the drift) integrated analytically: no Monte Carlo noise in the share.
    // The patients' tightening at evenly spaced quantiles stands for the whole cohort's.
    const picked = Math.min(n, SHARE_QUANTILES);
    if (logX.length !== picked) logX = new Float64Array(picked);
    for (let t = 0; t < picked; t++)
      logX[t] = Math.log(sortedAreaLoss[Math.floor(((t + 0.5) * n) / picked)] / reference);
    let shareSum = 0;
    for (let t = 0; t < thetas.length; t++) {
      shares[t] =
        sameAs[t] < t
          ? shares[sameAs[t]]
          : meanImprovedProbability(logX, baselineLemperle, thetas[t], day);
      shareSum += shares[t];
    }
    const meanShare = shareSum / shares.length;
    const sortedShares = shareSorter.sort(shares);
    return {
      lemperleChange: {
        mean: sum / n,
        low: quantile(sortedChanges, 0.05),
        high: quantile(sortedChanges, 0.95),
      },
      gaisImprovedFraction: meanShare,
      gaisImprovedInterval: {
        low: quantile(sortedShares, 0.05),
        high: quantile(sortedShares, 0.95),
      },
    };
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const i = Math.floor(position);
  const f = position - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}
