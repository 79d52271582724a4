import { MicrocoreError } from '../errors.js';
import type { StoredPlan } from '../plan/types.js';
import { Rng } from '../rng.js';
import { simulateBridgePatch } from './bridges.js';
import { couplingSurrogate } from './couplingSurrogate.js';
import { domainWarnings } from './domainWarnings.js';
import {
  type CohortOutcome,
  cohortOutcome,
  normalDraws,
  type OutcomeDraws,
  posteriorIndices,
} from './outcome.js';
import {
  defaultParameterValues,
  HEALING_PARAMETERS,
  type HealingParameterName,
  type HealingParameterValues,
} from './parameters.js';
import { planPatch } from './planPatch.js';
import { solveTighteningFieldOn, type TighteningField, tighteningDomain } from './tightening.js';
import { parameterQuantile } from './triangular.js';
import {
  MODEL_ESTIMATE_LABEL,
  SIMULATION_SCHEMA_VERSION,
  type Simulation,
  type SimulationOptions,
  type Timepoint,
} from './types.js';
import {
  cohortSeriesAreaLossFraction,
  epithelialCover,
  gapedHole,
  seriesAreaLossFraction,
} from './woundCourse.js';

const GAIS_MEANING =
  'the share of patients an investigator would rate GAIS "improved" or better, with the 5th–95th percentile of that share over the calibration’s posterior; the threshold is fitted to the published 91 % improved, and the finer GAIS categories are not predicted: no published result identifies them';

export const DEFAULT_DAYS = [0, 1, 4, 14, 30, 90, 180] as const;
const MIN_INTERVAL_WEEKS = 6;

export interface SimulationRun {
  readonly simulation: Simulation;
  /** The tightening field per unit area-loss fraction (nominal parameters), for drawing. */
  readonly field: TighteningField;
  /** The series' area-loss fraction η at the last reported day: field × this = that day's field. */
  readonly etaAtLastDay: number;
  /** Each virtual patient's area loss (fraction, positive = loss) at the outcome day, and their responsiveness draw. */
  readonly cohortAreaLoss: Float64Array;
  readonly responsivenessZ: Float64Array;
  /** Each virtual patient's draw of the response posterior (heal/responsePosterior.ts). */
  readonly posteriorIndex: Uint16Array;
  /** All of each patient's outcome draws, for `cohortOutcome` on the area loss of any day. */
  readonly outcomeDraws: OutcomeDraws;
  /** Area loss at the outcome day with the nominal parameters. */
  readonly nominalAreaLoss: number;
  /**
   * Area loss of the treated skin (fraction, positive = loss) on any day after the first session,
   * for every virtual patient (in the order of `responsivenessZ`): what a view needs for days the
   * timeline does not list. At the outcome day it equals `cohortAreaLoss`.
   */
  cohortAreaLossAt(day: number): Float64Array;
  /** The same with the nominal parameters; at the outcome day it equals `nominalAreaLoss`. */
  nominalAreaLossAt(day: number): number;
  /** The outcome over the virtual cohort on any day (same patients and draws as `simulation`). */
  outcomeAt(day: number, baselineLemperle?: number): CohortOutcome;
}

/**
 * Simulate healing and tightening for a plan: the wound time course, the macro tightening field
 * over the face (one finite-element solve, scaled by the healing curve for every day), the micro
 * bridges around a 1 cm² patch, and the outcome over a virtual cohort sampled across the
 * uncertain parameters. Everything it returns is a model estimate, labelled as such.
 */
export function simulateTreatment(
  plan: StoredPlan,
  options: SimulationOptions = {},
): SimulationRun {
  const days = checkDays(options.days ?? DEFAULT_DAYS);
  const sessionDays = options.sessionDays
    ? checkSessionDays(options.sessionDays)
    : evenlySpaced(
        wholeNumber(options.sessions ?? 1, 'sessions', 1, 10),
        finiteIn(options.intervalWeeks ?? MIN_INTERVAL_WEEKS, 'intervalWeeks', 1, 52),
      );
  const baseline = finiteIn(options.baselineLemperle ?? 3, 'baselineLemperle', 0, 5);
  const cohortSize = wholeNumber(options.cohort ?? 1000, 'cohort', 10, 100_000);
  const seed = wholeNumber(options.seed ?? 1, 'seed', 0, 2 ** 31);
  const fitzpatrick =
    options.fitzpatrick === undefined
      ? undefined
      : wholeNumber(options.fitzpatrick, 'fitzpatrick', 1, 6);
  if (plan?.kind !== 'microcore.plan' || !Array.isArray(plan.zones)) {
    throw new MicrocoreError(
      'simulation.invalid-plan',
      'the input is not a microcore plan (kind "microcore.plan"); make one with `microcore plan --json`',
      'plan',
    );
  }
  const progress = options.onProgress ?? (() => {});
  const warnings: Array<{ code: string; message: string }> = [
    { code: 'model.estimate', message: `every figure is a ${MODEL_ESTIMATE_LABEL}` },
  ];
  if (plan.mode === 'research')
    warnings.push({
      code: 'mode.research',
      message: 'RESEARCH MODE plan: outside the clinical envelope',
    });
  const shortestDays = Math.min(...sessionDays.slice(1).map((day, k) => day - sessionDays[k]));
  if (shortestDays < MIN_INTERVAL_WEEKS * 7) {
    warnings.push({
      code: 'series.interval-short',
      message: `sessions ${round(shortestDays / 7, 0.1)} weeks apart: the seed advises at least ${MIN_INTERVAL_WEEKS} weeks between treatments`,
    });
  }
  if (plan.zones.length === 0 || plan.totals.cores === 0) {
    throw new MicrocoreError(
      'simulation.invalid-plan',
      'the plan has no cores to simulate',
      'plan',
    );
  }
  const outcomeDay = days[days.length - 1];
  if (outcomeDay < sessionDays[sessionDays.length - 1]) {
    warnings.push({
      code: 'outcome.before-last-session',
      message: `the last day listed (${outcomeDay}) is before the last session (day ${sessionDays[sessionDays.length - 1]}); the outcome covers only the sessions so far`,
    });
  }

  const nominal = defaultParameterValues();
  const zones = plan.zones.map((z) => ({ id: z.id, polygon: z.polygon, cores: z.cores }));
  const weights = plan.zones.map((z) => z.areaMm2);
  const totalWeight = weights.reduce((a, v) => a + v, 0);

  // Macro field with the nominal parameters, and a surrogate over the coupling length and the
  // fixed edge's margin for the cohort (both uncertain, both change the field).
  progress(0.05, 'solving the tightening field');
  const domain = tighteningDomain(zones, plan.needle.coreAreaMm2, {
    marginMm: nominal.fixedEdgeMarginMm,
  });
  const field = solveTighteningFieldOn(domain, nominal);
  progress(0.35, 'solving the coupling-length and edge variants');
  const surrogate = couplingSurrogate(
    zones,
    plan.needle.coreAreaMm2,
    domain,
    field,
    nominal,
    weights,
  );
  const totalPerEta = (f: TighteningField) =>
    f.zoneAreaChange.reduce((a, v, z) => a + (v * weights[z]) / totalWeight, 0);

  // The virtual cohort: each patient draws the uncertain parameters (triangular, peak at the default).
  progress(0.8, 'sampling the virtual cohort');
  const rng = new Rng(seed);
  const patients = sampleCohort(cohortSize, nominal, rng);
  const responsivenessZ = normalDraws(cohortSize, rng);
  // A stream of its own, so the outcome's draws do not shift the mechanics' and vice versa.
  const outcomeRng = new Rng(seed).fork();
  const posteriorIndex = posteriorIndices(cohortSize, outcomeRng);
  const outcomeDraws = {
    responsivenessZ,
    posteriorIndex,
    driftZ: normalDraws(cohortSize, outcomeRng),
  };
  // Each patient's area change per unit η (per zone, and in total) does not depend on the day.
  const zoneCount = plan.zones.length;
  const patientZonePerEta = new Float64Array(cohortSize * zoneCount);
  const patientPerEta = new Float64Array(cohortSize);
  patients.forEach((p, i) => {
    for (let z = 0; z < zoneCount; z++) {
      const value = surrogate.areaChangePerEta(p.foundationLengthMm, p.fixedEdgeMarginMm, z);
      patientZonePerEta[i * zoneCount + z] = value;
      patientPerEta[i] += (value * weights[z]) / totalWeight;
    }
  });

  const timeline: Timepoint[] = days.map((day) => {
    const eta = seriesAreaLossFraction(day, sessionDays, nominal);
    const cohortEta = patients.map((p) => seriesAreaLossFraction(day, sessionDays, p));
    const cohortChange = cohortEta.map((eta, i) => patientPerEta[i] * eta);
    const latest = Math.max(...sessionDays.filter((s) => s <= day), 0);
    return {
      day,
      areaChangeFraction: round(eta * totalPerEta(field)),
      areaChangeInterval: spread(cohortChange),
      epithelialCover: round(epithelialCover(day - latest, nominal), 1e-4),
      zones: plan.zones.map((z, k) => ({
        id: z.id,
        areaChangeFraction: round(eta * field.zoneAreaChange[k]),
        areaChangeInterval: spread(
          cohortEta.map((eta, i) => patientZonePerEta[i * zoneCount + k] * eta),
        ),
        tensionChangeNPerMm: round(eta * field.zoneTensionChangeNPerMm[k]),
        maxDisplacementMm: round(eta * field.zoneMaxDisplacementMm[k], 1e-4),
      })),
    };
  });

  // Outcome at the last day listed, after the sessions up to then.
  const cohortEtaAt = cohortSeriesAreaLossFraction(sessionDays, patients);
  const cohortAreaLossAt = (day: number): Float64Array => {
    const loss = cohortEtaAt(day);
    for (let i = 0; i < cohortSize; i++) loss[i] = -patientPerEta[i] * loss[i];
    return loss;
  };
  const areaLoss = cohortAreaLossAt(outcomeDay);
  const outcome = cohortOutcome(areaLoss, outcomeDraws, baseline, outcomeDay);
  warnings.push(
    ...domainWarnings({
      zoneCoverage: plan.zones.map((z) => ({ id: z.id, coverageFraction: z.coverageFraction })),
      sessionsByOutcome: sessionDays.filter((d) => d <= outcomeDay).length,
      outcomeDay,
      fitzpatrick,
      baselineLemperle: baseline,
    }),
  );

  // The micro patch: a 1 cm² square at the middle of the largest zone.
  progress(0.9, 'solving the bridge patch');
  const patch = planPatch(plan);
  const bridges = simulateBridgePatch(patch.input, nominal);
  if (bridges.flaggedBridges > 0) {
    warnings.push({
      code: 'bridges.above-tear-strain',
      message: `${bridges.flaggedBridges} of ${bridges.bridges} skin bridges in the 1 cm² patch of ${patch.zoneId} exceed the ${nominal.tearStrain} tear-strain setting; widen the bridge or lower the density`,
    });
  }
  // One figure for the gape everywhere it is shown: the patch's holes (neo-Hookean, among their
  // neighbours) when the patch cut any, else an isolated hole by Kirsch's linear solution.
  const gape =
    bridges.holes > 0
      ? {
          source: 'bridge-patch' as const,
          majorAxisMm: bridges.meanMajorAxisMm,
          minorAxisMm: bridges.meanMinorAxisMm,
          areaRatio: bridges.meanGapeAreaRatio,
        }
      : { source: 'isolated-hole' as const, ...gapedHole(plan.needle.coreDiameterMm, nominal) };
  progress(1, 'done');

  const downtime = HEALING_PARAMETERS.downtimeDays;
  const simulation: Simulation = {
    schemaVersion: SIMULATION_SCHEMA_VERSION,
    kind: 'microcore.simulation',
    label: MODEL_ESTIMATE_LABEL,
    plan: {
      gauge: plan.needle.gauge,
      cores: plan.totals.cores,
      coverageFraction: plan.totals.coverageFraction,
      zones: plan.zones.map((z) => z.id),
      seed: plan.seed,
    },
    sessions: sessionDays.map((day, k) => ({ number: k + 1, day })),
    downtimeDays: downtime.value,
    downtimeInterval: { low: downtime.range[0], high: downtime.range[1] },
    wound: {
      coreDiameterMm: plan.needle.coreDiameterMm,
      gapedMajorAxisMm: round(gape.majorAxisMm, 1e-4),
      gapedMinorAxisMm: round(gape.minorAxisMm, 1e-4),
      gapeAreaRatio: round(gape.areaRatio, 1e-4),
      gapeSource: gape.source,
      closedWithinHours: round(nominal.closureHours * Math.log(20), 0.01),
    },
    timeline,
    outcome: {
      label: MODEL_ESTIMATE_LABEL,
      day: outcomeDay,
      baselineLemperle: baseline,
      lemperleChange: {
        mean: round(outcome.lemperleChange.mean, 1e-3),
        low: round(outcome.lemperleChange.low, 1e-3),
        high: round(outcome.lemperleChange.high, 1e-3),
      },
      intervalMeaning: `90 % of ${cohortSize} virtual patients (5th–95th percentile), each with their own responsiveness and a draw of the calibration's posterior; improvement is positive`,
      gaisImprovedFraction: round(outcome.gaisImprovedFraction, 1e-4),
      gaisImprovedInterval: {
        low: round(outcome.gaisImprovedInterval.low, 1e-4),
        high: round(outcome.gaisImprovedInterval.high, 1e-4),
      },
      gaisMeaning: GAIS_MEANING,
      cohortSize,
    },
    bridges: {
      patchOriginMm: [patch.input.originMm[0], patch.input.originMm[1]],
      patchSideMm: patch.input.sideMm,
      zone: patch.zoneId,
      holes: bridges.holes,
      bridges: bridges.bridges,
      meanGapeAreaRatio: round(bridges.meanGapeAreaRatio, 1e-4),
      maxBridgeStrain: round(bridges.maxBridgeStrain, 1e-4),
      meanBridgeStrain: round(bridges.meanBridgeStrain, 1e-4),
      flaggedBridges: bridges.flaggedBridges,
      tearStrain: bridges.tearStrain,
      holeGapes: bridges.holeGapes.map((h) => ({
        centreMm: [round(h.centreMm[0], 1e-4), round(h.centreMm[1], 1e-4)] as const,
        majorAxisMm: round(h.majorAxisMm, 1e-4),
        minorAxisMm: round(h.minorAxisMm, 1e-4),
        areaRatio: round(h.areaRatio, 1e-4),
      })),
      bridgeStrains: bridges.bridgeStrains.map((b) => ({
        holes: b.holes,
        gapMm: round(b.gapMm, 1e-4),
        strain: round(b.strain, 1e-4),
        flagged: b.flagged,
      })),
    },
    model: { unknowns: field.unknowns, iterations: field.iterations, parameters: nominal, seed },
    warnings,
  };
  const etaAtLastDay = seriesAreaLossFraction(outcomeDay, sessionDays, nominal);
  const nominalAreaLossAt = (day: number) =>
    -seriesAreaLossFraction(day, sessionDays, nominal) * totalPerEta(field);
  return {
    simulation,
    field,
    etaAtLastDay,
    cohortAreaLoss: areaLoss,
    responsivenessZ,
    posteriorIndex,
    outcomeDraws,
    nominalAreaLoss: nominalAreaLossAt(outcomeDay),
    cohortAreaLossAt: (day) => cohortAreaLossAt(checkDays([day])[0]),
    nominalAreaLossAt: (day) => nominalAreaLossAt(checkDays([day])[0]),
    outcomeAt: (day, baselineLemperle = baseline) => {
      const checked = checkDays([day])[0];
      return cohortOutcome(
        cohortAreaLossAt(checked),
        outcomeDraws,
        finiteIn(baselineLemperle, 'baselineLemperle', 0, 5),
        checked,
      );
    },
  };
}

/** Patients drawn over the uncertain parameters: triangular between the range ends, peak at the default. */
export function sampleCohort(
  size: number,
  nominal: HealingParameterValues,
  rng: Rng,
): HealingParameterValues[] {
  const uncertain = (Object.keys(HEALING_PARAMETERS) as HealingParameterName[]).filter(
    (name) => (HEALING_PARAMETERS[name] as { uncertain?: boolean }).uncertain,
  );
  return Array.from({ length: size }, () => {
    const patient = { ...nominal };
    for (const name of uncertain) patient[name] = parameterQuantile(name, rng.next());
    return patient;
  });
}

function spread(values: number[]): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  return { low: round(at(0.05)), high: round(at(0.95)) };
}

function checkDays(days: readonly number[]): number[] {
  if (!Array.isArray(days) || days.length === 0)
    throw new MicrocoreError(
      'simulation.invalid-input',
      'give at least one day to report, like 0,1,4,14,30,90,180',
      'days',
    );
  for (const d of days) {
    if (!Number.isFinite(d) || d < 0 || d > 3650)
      throw new MicrocoreError(
        'simulation.invalid-input',
        `day ${d} is outside 0–3650; days count from the first session`,
        'days',
      );
  }
  return [...days].sort((a, b) => a - b);
}

function evenlySpaced(sessions: number, intervalWeeks: number): number[] {
  return Array.from({ length: sessions }, (_, k) => k * intervalWeeks * 7);
}

function checkSessionDays(days: readonly number[]): number[] {
  const valid =
    Array.isArray(days) &&
    days.length >= 1 &&
    days.length <= 10 &&
    days.every(
      (day, k) => Number.isFinite(day) && (k === 0 ? day === 0 : day > days[k - 1] && day <= 3650),
    );
  if (!valid) {
    throw new MicrocoreError(
      'simulation.invalid-input',
      `session days must be 1–10 rising days starting at 0, like 0,42,84 (got ${String(days)})`,
      'sessionDays',
    );
  }
  return [...days];
}

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MicrocoreError(
      'simulation.invalid-input',
      `${field} must be a whole number from ${min} to ${max}, got ${value}`,
      field,
    );
  }
  return value;
}

function finiteIn(value: number, field: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new MicrocoreError(
      'simulation.invalid-input',
      `${field} must be a number from ${min} to ${max}, got ${value}`,
      field,
    );
  }
  return value;
}

function round(value: number, step = 1e-6): number {
  const decimals = Math.max(0, Math.round(-Math.log10(step)));
  return Number(value.toFixed(decimals));
}
