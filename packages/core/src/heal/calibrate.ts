import { planTreatment } from '../plan/planner.js';
import { Rng } from '../rng.js';
import {
  EVIDENCE_TARGETS,
  type EvidenceTarget,
  IMPROVED_THRESHOLD_PRIOR,
  type TargetStatistic,
} from './evidenceTargets.js';
import { REFERENCE_DAY } from './outcome.js';
import { lemperleChange, meanImprovedProbability, type ResponseParameters } from './response.js';
import { simulateTreatment } from './simulate.js';

/**
 * Bayesian calibration of the response law (heal/response.ts) to the published results
 * (heal/evidenceTargets.ts), by importance sampling: parameter sets drawn from the priors are
 * weighted by the likelihood of every published statistic given its sample size, then resampled
 * into a fixed number of posterior draws. The mechanics (each virtual patient's tightening) comes
 * from the simulation of the default plan at the studies' conditions; the response layer is cheap,
 * so every prior draw is evaluated on the same virtual patients (common random numbers).
 *
 * `scripts/calibrate-response.mjs` runs this and writes heal/responsePosterior.ts and the tables
 * of docs/model.md §4; a test re-runs it and compares.
 */

export const CALIBRATION_SETTINGS = {
  priorDraws: 60_000,
  posteriorDraws: 200,
  /** Virtual patients the mechanics is simulated for (the likelihood's Monte Carlo). */
  patients: 200,
  seed: 12,
  /** Salame: sessions 38 days apart (30–45), each assessed 38 days after it. */
  salameIntervalDays: 38,
  salameCoverageFraction: 0.05,
  /** Whole-grade rating: two roundings of a uniform ±½ grade, √(2/12). */
  ratingSdGrades: Math.sqrt(2 / 12),
  /** Two areas per patient, correlation 0.5: 60 areas weigh as 60 / (1 + 0.5). */
  asdsEffectiveAreas: 40,
  /** Salame's per-patient GAIS SD (assumed) and the correlation of the two means. */
  salameSdPoints: 0.8,
  salameMeanCorrelation: 0.5,
} as const;

/** The priors: each parameter's distribution and why. */
export const RESPONSE_PRIORS = {
  k: {
    kind: 'log-uniform',
    range: [0.1, 3],
    why: 'anything from a tenth to three times the wrinkle per reference tightening: no prior knowledge (below 0.1 the ASDS mean is out of reach)',
  },
  m: {
    kind: 'uniform',
    range: [0.1, 1],
    why: 'the share of a wrinkle that is skin slack: unmeasured; from a tenth to all of it',
  },
  sigmaR: {
    kind: 'uniform',
    range: [0.05, 1.2],
    why: 'patient-to-patient spread (log-sd): no SD was published; from nearly none to a factor 3.3 at ±1 SD',
  },
  tau: {
    kind: 'truncated normal',
    range: IMPROVED_THRESHOLD_PRIOR.range,
    mean: IMPROVED_THRESHOLD_PRIOR.mean,
    sd: IMPROVED_THRESHOLD_PRIOR.sd,
    why: IMPROVED_THRESHOLD_PRIOR.source,
  },
  goodAboveImproved: {
    kind: 'uniform',
    range: [0, 1],
    why: 'the chart review’s "good/excellent" is at least as strict as "improved", by up to a grade',
  },
  asdsCoverage: {
    kind: 'uniform',
    range: [0.05, 0.07],
    why: 'the ASDS studies’ coverage is unpublished; the published settings of the other studies span 5–7 %',
  },
  persistent: {
    kind: 'uniform',
    range: [0, 1],
    why: 'the share of the effect that lasts beyond 180 days: no micro-coring-only follow-up is published',
  },
  fadeYears: {
    kind: 'log-uniform',
    range: [0.5, 10],
    why: 'how fast the rest fades: unmeasured; from months (relaxation) to a decade (ageing)',
  },
  driftPerRootYear: {
    kind: 'uniform',
    range: [0, 0.3],
    why: 'how far a grade drifts beyond the follow-up (ageing, weight, sun), grades per √year: unmeasured; up to a third of a grade in a year',
  },
} as const;

export interface PriorDraw extends ResponseParameters {
  readonly goodAboveImproved: number;
  readonly asdsCoverage: number;
}

/** The virtual patients' tightening at the studies' conditions, relative to A_ref. */
export interface CalibrationInputs {
  /** A_ref: the default plan's area loss at 90 days, nominal parameters (fraction). */
  readonly referenceAreaLossFraction: number;
  /** Coverage the default plan achieves (the ASDS x are rescaled from it). */
  readonly defaultCoverageFraction: number;
  readonly z: Float64Array;
  /** ln x of the default plan (its own coverage) at 90 and 180 days. */
  readonly logX90: Float64Array;
  readonly logX180: Float64Array;
  /** Salame, at 5 %: 38 days after one session, and 38 days after the second. */
  readonly xAfterOne: Float64Array;
  readonly xAfterTwo: Float64Array;
}

export function calibrationInputs(
  patients: number = CALIBRATION_SETTINGS.patients,
): CalibrationInputs {
  const plan = planTreatment();
  const interval = CALIBRATION_SETTINGS.salameIntervalDays;
  const single = simulateTreatment(plan, { days: [REFERENCE_DAY], cohort: patients, seed: 1 });
  const series = simulateTreatment(plan, {
    days: [2 * interval],
    sessionDays: [0, interval],
    cohort: patients,
    seed: 1,
  });
  const reference = single.nominalAreaLoss;
  const coverage = plan.totals.coverageFraction;
  const relative = (loss: Float64Array, scale = 1) =>
    Float64Array.from(loss, (a) => (a / reference) * scale);
  const toSalame = CALIBRATION_SETTINGS.salameCoverageFraction / coverage;
  return {
    referenceAreaLossFraction: reference,
    defaultCoverageFraction: coverage,
    z: single.responsivenessZ,
    logX90: relative(single.cohortAreaLossAt(90)).map(Math.log),
    logX180: relative(single.cohortAreaLossAt(180)).map(Math.log),
    xAfterOne: relative(single.cohortAreaLossAt(interval), toSalame),
    xAfterTwo: relative(series.cohortAreaLossAt(2 * interval), toSalame),
  };
}

/** Each prior draw's model statistics, one per published target. */
interface DrawStatistics {
  asdsMean: number;
  asdsSe: number;
  asdsImproved: number;
  chartGood: number;
  salameLogRatio: number;
}

/** A published target's statistic, of the kind the calibration reads it as. */
function statistic<K extends TargetStatistic['kind']>(
  id: TargetId,
  kind: K,
): Extract<TargetStatistic, { kind: K }> & { patients: number } {
  const target = EVIDENCE_TARGETS.find((t) => t.id === id);
  if (target?.statistic.kind !== kind) throw new Error(`evidence target ${id} is not a ${kind}`);
  return {
    ...(target.statistic as Extract<TargetStatistic, { kind: K }>),
    patients: target.patients,
  };
}

const ASDS_MEAN = statistic('asds2019-mean', 'mean-lemperle-change');
const ASDS_IMPROVED = statistic('asds2019-improved', 'fraction');
const CHART_GOOD = statistic('chart2024-good', 'fraction');
const SALAME = statistic('salame2024-sessions', 'gais-after-sessions');

/** log(after two ÷ after one) and its standard error under the stated assumptions. */
export function salameLogRatio(): { value: number; se: number } {
  const { afterOne, afterTwo } = SALAME;
  const { salameSdPoints: sd, salameMeanCorrelation: rho } = CALIBRATION_SETTINGS;
  const se1 = sd / Math.sqrt(SALAME.patients) / afterOne;
  const se2 = sd / Math.sqrt(SALAME.patients) / afterTwo;
  return {
    value: Math.log(afterTwo / afterOne),
    se: Math.sqrt(se1 * se1 + se2 * se2 - 2 * rho * se1 * se2),
  };
}

function drawStatistics(inputs: CalibrationInputs, theta: PriorDraw): DrawStatistics {
  const n = inputs.z.length;
  const logScale = Math.log(theta.asdsCoverage / inputs.defaultCoverageFraction);
  const log90 = inputs.logX90.map((v) => v + logScale);
  const log180 = inputs.logX180.map((v) => v + logScale);
  let sum = 0;
  let sumSq = 0;
  let afterOne = 0;
  let afterTwo = 0;
  const add = (change: number) => {
    sum += change;
    sumSq += change * change;
  };
  for (let i = 0; i < n; i++) {
    const z = inputs.z[i];
    const x90 = Math.exp(log90[i]);
    const x180 = Math.exp(log180[i]);
    add(lemperleChange(x90, 3, theta, z, 90));
    add(lemperleChange(x90, 4, theta, z, 90));
    add(lemperleChange(x180, 3, theta, z, 90));
    add(lemperleChange(x180, 4, theta, z, 90));
    afterOne += lemperleChange(inputs.xAfterOne[i], 3, theta, z, 90);
    afterTwo += lemperleChange(inputs.xAfterTwo[i], 3, theta, z, 90);
  }
  const mean = sum / (4 * n);
  const variance = Math.max(0, sumSq / (4 * n) - mean * mean);
  const measured = variance + CALIBRATION_SETTINGS.ratingSdGrades ** 2;
  const improved =
    (meanImprovedProbability(log90, 3, theta, 90) +
      meanImprovedProbability(log90, 4, theta, 90) +
      meanImprovedProbability(log180, 3, theta, 90) +
      meanImprovedProbability(log180, 4, theta, 90)) /
    4;
  const goodTheta = { ...theta, tau: theta.tau + theta.goodAboveImproved };
  return {
    asdsMean: mean,
    asdsSe: Math.sqrt(measured / CALIBRATION_SETTINGS.asdsEffectiveAreas),
    asdsImproved: improved,
    chartGood: meanImprovedProbability(log90, 3, goodTheta, 90),
    salameLogRatio: Math.log(Math.max(afterTwo, 1e-300) / Math.max(afterOne, 1e-300)),
  };
}

type TargetId = EvidenceTarget['id'];

/** Log-likelihood of each published target given a draw's statistics. */
function logLikelihoods(s: DrawStatistics): Record<TargetId, number> {
  const binomial = (p: number, k: number, n: number) => {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    return k * Math.log(q) + (n - k) * Math.log(1 - q);
  };
  const normal = (observed: number, mean: number, se: number) =>
    -0.5 * ((observed - mean) / se) ** 2 - Math.log(se);
  const asdsAreas = CALIBRATION_SETTINGS.asdsEffectiveAreas;
  const salame = salameLogRatio();
  return {
    'asds2019-mean': normal(ASDS_MEAN.value, s.asdsMean, s.asdsSe),
    'asds2019-improved': binomial(s.asdsImproved, ASDS_IMPROVED.value * asdsAreas, asdsAreas),
    'chart2024-good': binomial(s.chartGood, CHART_GOOD.value * CHART_GOOD.of, CHART_GOOD.of),
    'salame2024-sessions': normal(salame.value, s.salameLogRatio, salame.se),
  };
}

export function drawPrior(rng: Rng): PriorDraw {
  const uniform = ([a, b]: readonly [number, number]) => a + (b - a) * rng.next();
  const logUniform = ([a, b]: readonly [number, number]) =>
    Math.exp(uniform([Math.log(a), Math.log(b)]));
  const P = RESPONSE_PRIORS;
  let tau: number;
  // Truncated normal by rejection (the truncation cuts < 1 % of the mass).
  do {
    const u1 = Math.max(rng.next(), Number.MIN_VALUE);
    tau = P.tau.mean + P.tau.sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
  } while (tau < P.tau.range[0] || tau > P.tau.range[1]);
  return {
    k: logUniform(P.k.range),
    m: uniform(P.m.range),
    sigmaR: uniform(P.sigmaR.range),
    tau,
    goodAboveImproved: uniform(P.goodAboveImproved.range),
    asdsCoverage: uniform(P.asdsCoverage.range),
    persistent: uniform(P.persistent.range),
    fadeYears: logUniform(P.fadeYears.range),
    driftPerRootYear: uniform(P.driftPerRootYear.range),
  };
}

export interface PosteriorDraw extends ResponseParameters {}

export interface Calibration {
  readonly referenceAreaLossFraction: number;
  readonly effectiveSampleSize: number;
  readonly draws: readonly PosteriorDraw[];
  /** Leave one source out: each target predicted by the posterior fitted without it. */
  readonly loso: readonly LosoRow[];
  /** Posterior median and 5th–95th percentile of each parameter, next to its prior's. */
  readonly summary: readonly ParameterSummary[];
}

export interface LosoRow {
  readonly target: TargetId;
  readonly observed: number;
  readonly predictedMedian: number;
  readonly low: number;
  readonly high: number;
  readonly z: number;
  readonly inside: boolean;
  readonly effectiveSampleSize: number;
}

export interface ParameterSummary {
  readonly name: keyof typeof RESPONSE_PRIORS;
  readonly prior: readonly [number, number, number];
  readonly posterior: readonly [number, number, number];
}

/**
 * The whole calibration: prior draws, their statistics and likelihoods, the posterior draws
 * (systematic resampling), the leave-one-source-out predictions and the parameter summaries.
 */
export function calibrateResponse(
  inputs: CalibrationInputs = calibrationInputs(),
  settings: { priorDraws: number; posteriorDraws: number; seed: number } = CALIBRATION_SETTINGS,
): Calibration {
  const rng = new Rng(settings.seed);
  const prior: PriorDraw[] = [];
  const stats: DrawStatistics[] = [];
  const logL: Record<TargetId, number>[] = [];
  for (let s = 0; s < settings.priorDraws; s++) {
    const theta = drawPrior(rng);
    prior.push(theta);
    const st = drawStatistics(inputs, theta);
    stats.push(st);
    logL.push(logLikelihoods(st));
  }
  const ids = EVIDENCE_TARGETS.map((t) => t.id);
  const weightsWithout = (left: TargetId | null) => {
    const total = logL.map((l) => ids.reduce((a, id) => (id === left ? a : a + l[id]), 0));
    const top = Math.max(...total);
    const w = total.map((v) => Math.exp(v - top));
    const sum = w.reduce((a, v) => a + v, 0);
    return w.map((v) => v / sum);
  };
  const weights = weightsWithout(null);
  const draws = systematicResample(weights, settings.posteriorDraws, rng).map((s) =>
    roundDraw(prior[s]),
  );
  const loso = ids.map((id) => losoRow(id, weightsWithout(id), stats, rng));
  const names = Object.keys(RESPONSE_PRIORS) as (keyof typeof RESPONSE_PRIORS)[];
  const uniformWeights = prior.map(() => 1 / prior.length);
  const summary = names.map((name) => ({
    name,
    prior: weightedQuantiles(
      prior.map((p) => p[name]),
      uniformWeights,
    ),
    posterior: weightedQuantiles(
      prior.map((p) => p[name]),
      weights,
    ),
  }));
  return {
    referenceAreaLossFraction: inputs.referenceAreaLossFraction,
    effectiveSampleSize: effectiveSampleSize(weights),
    draws,
    loso,
    summary,
  };
}

/** The observation each target's statistic is, and its sampling noise given a draw. */
function predictiveDraw(id: TargetId, s: DrawStatistics, rng: Rng): number {
  const gauss = () => {
    const u1 = Math.max(rng.next(), Number.MIN_VALUE);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
  };
  const binomialShare = (p: number, n: number) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k / n;
  };
  switch (id) {
    case 'asds2019-mean':
      return s.asdsMean + s.asdsSe * gauss();
    case 'asds2019-improved':
      return binomialShare(s.asdsImproved, CALIBRATION_SETTINGS.asdsEffectiveAreas);
    case 'chart2024-good':
      return binomialShare(s.chartGood, CHART_GOOD.of);
    case 'salame2024-sessions':
      return Math.exp(s.salameLogRatio + salameLogRatio().se * gauss());
  }
}

const OBSERVED: Record<TargetId, number> = {
  'asds2019-mean': ASDS_MEAN.value,
  'asds2019-improved': ASDS_IMPROVED.value,
  'chart2024-good': CHART_GOOD.value,
  'salame2024-sessions': Math.exp(salameLogRatio().value),
};

function losoRow(id: TargetId, weights: number[], stats: DrawStatistics[], rng: Rng): LosoRow {
  const picks = systematicResample(weights, 4000, rng);
  const predicted = picks.map((s) => predictiveDraw(id, stats[s], rng)).sort((a, b) => a - b);
  const at = (q: number) => predicted[Math.floor(q * (predicted.length - 1))];
  const mean = predicted.reduce((a, v) => a + v, 0) / predicted.length;
  const sd = Math.sqrt(predicted.reduce((a, v) => a + (v - mean) ** 2, 0) / predicted.length);
  const observed = OBSERVED[id];
  return {
    target: id,
    observed,
    predictedMedian: at(0.5),
    low: at(0.05),
    high: at(0.95),
    z: sd > 0 ? (observed - mean) / sd : 0,
    inside: observed >= at(0.05) && observed <= at(0.95),
    effectiveSampleSize: effectiveSampleSize(weights),
  };
}

/** Indices drawn in proportion to the weights, with one uniform offset (low variance). */
function systematicResample(weights: readonly number[], count: number, rng: Rng): number[] {
  const out: number[] = [];
  const offset = rng.next();
  let cumulative = weights[0];
  let s = 0;
  for (let j = 0; j < count; j++) {
    const u = (j + offset) / count;
    while (u > cumulative && s < weights.length - 1) cumulative += weights[++s];
    out.push(s);
  }
  return out;
}

function effectiveSampleSize(weights: readonly number[]): number {
  const sum = weights.reduce((a, v) => a + v, 0);
  const sumSq = weights.reduce((a, v) => a + v * v, 0);
  return Math.round((sum * sum) / sumSq);
}

function weightedQuantiles(
  values: readonly number[],
  weights: readonly number[],
): [number, number, number] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const at = (q: number) => {
    let cumulative = 0;
    for (const i of order) {
      cumulative += weights[i];
      if (cumulative >= q) return values[i];
    }
    return values[order[order.length - 1]];
  };
  return [at(0.05), at(0.5), at(0.95)].map(significant) as [number, number, number];
}

function significant(v: number): number {
  return Number(v.toPrecision(4));
}

function roundDraw(p: PriorDraw): PosteriorDraw {
  const r = (v: number) => Number(v.toPrecision(6));
  return {
    k: r(p.k),
    m: r(p.m),
    sigmaR: r(p.sigmaR),
    tau: r(p.tau),
    persistent: r(p.persistent),
    fadeYears: r(p.fadeYears),
    driftPerRootYear: r(p.driftPerRootYear),
  };
}

const TARGET_NAMES: Record<TargetId, string> = {
  'asds2019-mean': 'ASDS 2019 pooled: mean Lemperle improvement (grades)',
  'asds2019-improved': 'ASDS 2019 pooled: share of areas GAIS improved',
  'chart2024-good': 'Chart review 2024: share good/excellent',
  'salame2024-sessions': 'Salame 2024: mean GAIS after 2 ÷ after 1 session',
};

/** The posterior summary and the leave-one-source-out table, as docs/model.md §4 shows them. */
export function formatCalibrationTables(c: Calibration): string {
  const f = (v: number) => String(Number(v.toPrecision(3)));
  const lines = [
    `Posterior from ${CALIBRATION_SETTINGS.priorDraws.toLocaleString('en')} prior draws (effective sample size ${c.effectiveSampleSize}), ${c.draws.length} draws kept; A_ref = ${(c.referenceAreaLossFraction * 100).toFixed(3)} %.`,
    '',
    '| parameter | prior (5th / 50th / 95th) | posterior (5th / 50th / 95th) |',
    '|---|---|---|',
    ...c.summary.map(
      (s) => `| ${s.name} | ${s.prior.map(f).join(' / ')} | ${s.posterior.map(f).join(' / ')} |`,
    ),
    '',
    'Leave one source out: each result predicted by the posterior fitted without it (90 % posterior predictive interval, with the sampling noise of its own sample size).',
    '',
    '| left out | observed | predicted median | 90 % interval | z | inside | ESS |',
    '|---|---|---|---|---|---|---|',
    ...c.loso.map(
      (r) =>
        `| ${TARGET_NAMES[r.target]} | ${f(r.observed)} | ${f(r.predictedMedian)} | ${f(r.low)}–${f(r.high)} | ${r.z.toFixed(2)} | ${r.inside ? 'yes' : 'no'} | ${r.effectiveSampleSize} |`,
    ),
  ];
  return lines.join('\n');
}
