import type { Rng } from '../rng.js';
import { lemperleChange, meanImprovedProbability, type ResponseParameters } from './response.js';
import { RESPONSE_POSTERIOR } from './responsePosterior.js';

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
  const n = areaLoss.length;
  const reference = posterior.referenceAreaLossFraction;
  const changes = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const theta = posterior.draws[draws.posteriorIndex[i]];
    changes[i] = lemperleChange(
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
  // The share per posterior draw, averaged over the patients' tightening; the responsiveness
  // (and the drift) integrated analytically: no Monte Carlo noise in the share.
  // The patients' tightening at evenly spaced quantiles stands for the whole cohort's.
  const sortedLoss = Float64Array.from(areaLoss).sort();
  const picked = Math.min(n, SHARE_QUANTILES);
  const logX = Float64Array.from({ length: picked }, (_, t) =>
    Math.log(sortedLoss[Math.floor(((t + 0.5) * n) / picked)] / reference),
  );
  const shares = Float64Array.from(posterior.draws, (theta) =>
    meanImprovedProbability(logX, baselineLemperle, theta, day),
  );
  const meanShare = shares.reduce((a, v) => a + v, 0) / shares.length;
  shares.sort();
  return {
    lemperleChange: { mean: sum / n, low: quantile(changes, 0.05), high: quantile(changes, 0.95) },
    gaisImprovedFraction: meanShare,
    gaisImprovedInterval: { low: quantile(shares, 0.05), high: quantile(shares, 0.95) },
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const i = Math.floor(position);
  const f = position - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}
