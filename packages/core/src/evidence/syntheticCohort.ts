import { DEFAULT_TEMPLATE } from '../anatomy/defaultTemplate.js';
import { DEFAULT_GAUGE } from '../device/needles.js';
import { MicrocoreError } from '../errors.js';
import { normalDraws } from '../heal/outcome.js';
import type { ResponseParameters } from '../heal/response.js';
import { planTreatment } from '../plan/planner.js';
import type {
  AdverseEventRecord,
  AssessmentRecord,
  FitzpatrickType,
  GaisScore,
  IsoDate,
  PatientJourney,
  SatisfactionScore,
  TreatmentSessionRecord,
} from '../records/types.js';
import { Rng } from '../rng.js';
import {
  ADVERSE_EVENT_RATES,
  type AdverseEventRate,
  betaPosterior,
  isVVI,
  vviBeta,
} from './adverseEventRates.js';
import {
  drawCohortResponse,
  drawModelPatient,
  drawWholeGrade,
  modelGais,
  modelImprovementGrades,
} from './cohortEfficacy.js';
import { addDays, dayNumber } from './dates.js';
import { betaDistributionQuantile } from './quantiles.js';

/**
 * A synthetic demo cohort: plausible journeys, every one marked `synthetic: true`, named
 * "Synthetic Patient NNN". Same seed → same cohort. What is drawn from what (docs/evidence.md):
 * - efficacy from the outcome model through cohortEfficacy.ts (its between-patient spread, whole
 *   Lemperle grades drawn around the model's latent grade, V–VI with a widened spread);
 * - adverse events from adverseEventRates.ts: each cohort draws its own rates from the Beta
 *   posteriors of the published counts (wider and shifted for V–VI), durations log-normal with
 *   no maximum, an event not resolved by the patient's last visit (or the cut-off) left open;
 * - cores delivered from the plan the sessions are recorded against.
 */
export interface SyntheticCohortOptions {
  readonly seed: number;
  /** Default 72. */
  readonly patients?: number;
  /** The first screening day; enrolment spreads over the following year. */
  readonly startDate: IsoDate;
  /**
   * The plan's cores per zone id, which each session delivers (in full, or stopped a little
   * short). Default: the planner's default plan (template's indicated zones, 22G, seed 1).
   */
  readonly plannedCoresByZone?: Readonly<Record<string, number>>;
  /**
   * The data cut-off: what lies after it has not happened (sessions, visits, events dropped; an
   * event open at it has no resolution date; the booked series keeps its dates, so a patient
   * can be mid-series). Default: none, every journey runs to its end.
   */
  readonly cutoffDate?: IsoDate;
  /**
   * The response law's parameters this cohort's world has. Default: one set drawn from the
   * calibration's posterior (cohortEfficacy.ts drawCohortResponse), as the adverse-event rates are.
   */
  readonly response?: ResponseParameters;
}

// Shares of the demo cohort (by quota, so every type and grade appears from ~15 patients on).
const FITZPATRICK_SHARES = [0.12, 0.24, 0.24, 0.18, 0.12, 0.1];
const LAXITY_CLASSES = [
  { share: 0.35, grades: [1, 1.5], sessions: 1, baseline: [2, 3] },
  { share: 0.4, grades: [2, 2.5], sessions: 2, baseline: [2, 3, 3, 4] },
  { share: 0.25, grades: [3, 3.5], sessions: 3, baseline: [3, 4] },
] as const;

/**
 * ASSUMPTION (no published figure): most sessions deliver the whole plan; one in ten stops
 * short (discomfort, bleeding) at 80–99 % of each zone's cores. Never more than planned: the
 * delivery guard stops at the plan.
 */
const SESSION_STOPPED_SHORT_SHARE = 0.1;
const STOPPED_SHORT_DELIVERED = [0.8, 0.99] as const;

const ZONES = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);

let defaultPlanCores: Readonly<Record<string, number>> | null = null;
/** The default plan's cores per zone (planned once, on first use). */
function defaultPlannedCores(): Readonly<Record<string, number>> {
  if (defaultPlanCores === null) {
    const plan = planTreatment({ zones: ZONES, needle: DEFAULT_GAUGE, seed: 1 });
    defaultPlanCores = Object.fromEntries(plan.zones.map((z) => [z.id, z.coreCount]));
  }
  return defaultPlanCores;
}

/** One cohort's own adverse-event rates, drawn once: per rate key, for I–IV and for V–VI. */
export type CohortRates = ReadonlyMap<
  string,
  { readonly typesItoIV: number; readonly typesVtoVI: number }
>;

/**
 * Draw the cohort's rates: I–IV from the Beta posterior of the published counts; V–VI a Beta
 * centred on that rate times a drawn risk ratio, holding a quarter of the information (vviBeta).
 */
export function drawCohortRates(rng: Rng): CohortRates {
  const rates = new Map<string, { typesItoIV: number; typesVtoVI: number }>();
  for (const rate of ADVERSE_EVENT_RATES) {
    const { a, b } = betaPosterior(rate.basis);
    const typesItoIV = betaDistributionQuantile(uniform(rng), a, b);
    const [z] = normalDraws(1, rng);
    const ratio = rate.riskRatioVVI.median * Math.exp(rate.riskRatioVVI.logSd * z);
    const centre = Math.min(0.99, Math.max(1e-4, typesItoIV * ratio));
    const wide = vviBeta(rate.basis, centre);
    const typesVtoVI = betaDistributionQuantile(uniform(rng), wide.a, wide.b);
    rates.set(rate.key, { typesItoIV, typesVtoVI });
  }
  return rates;
}

export function syntheticCohort(options: SyntheticCohortOptions): PatientJourney[] {
  const count = options.patients ?? 72;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new MicrocoreError(
      'cohort.invalid-input',
      `patients must be a whole number from 1 to 10000, got ${count}`,
      'patients',
    );
  }
  if (!Number.isFinite(options.seed)) {
    throw new MicrocoreError('cohort.invalid-input', 'seed must be a finite number', 'seed');
  }
  dayNumber(options.startDate, 'startDate');
  if (options.cutoffDate !== undefined) dayNumber(options.cutoffDate, 'cutoffDate');
  const planned = options.plannedCoresByZone ?? defaultPlannedCores();
  for (const zone of ZONES) {
    const cores = planned[zone];
    if (!(Number.isInteger(cores) && cores >= 0)) {
      throw new MicrocoreError(
        'cohort.invalid-input',
        `plannedCoresByZone needs a whole number ≥ 0 for ${zone}, got ${cores}`,
        'plannedCoresByZone',
      );
    }
  }
  const rng = new Rng(options.seed);
  const types = shuffled(
    quota(FITZPATRICK_SHARES, count).map((i) => (i + 1) as FitzpatrickType),
    rng,
  );
  const laxity = shuffled(
    quota(
      LAXITY_CLASSES.map((c) => c.share),
      count,
    ),
    rng,
  );
  const rates = drawCohortRates(rng.fork());
  const response = options.response ?? drawCohortResponse(rng.fork());
  const journeys = types.map((type, i) =>
    syntheticJourney(
      i + 1,
      type,
      LAXITY_CLASSES[laxity[i]],
      options.startDate,
      planned,
      rates,
      response,
      rng.fork(),
    ),
  );
  return options.cutoffDate === undefined
    ? journeys
    : journeys.map((j) => cutAt(j, options.cutoffDate as IsoDate));
}

function syntheticJourney(
  number: number,
  fitzpatrickType: FitzpatrickType,
  laxity: (typeof LAXITY_CLASSES)[number],
  startDate: IsoDate,
  plannedCores: Readonly<Record<string, number>>,
  rates: CohortRates,
  response: ResponseParameters,
  rng: Rng,
): PatientJourney {
  const tag = String(number).padStart(3, '0');
  const patientId = `syn-patient-${tag}`;
  const ageYears = 25 + rng.int(51);
  const screeningDate = addDays(startDate, rng.int(365));
  const firstSession = addDays(screeningDate, 7 + rng.int(15));
  const birthDate = addDays(firstSession, -(ageYears * 365.25 + rng.int(360)) | 0);
  const darkSkin = isVVI(fitzpatrickType);

  // Sessions at least six weeks apart (docs/domain.md §4).
  const sessionOffsets = [0];
  for (let s = 1; s < laxity.sessions; s++) {
    sessionOffsets.push(sessionOffsets[s - 1] + 42 + rng.int(15));
  }
  const planId = `syn-plan-${tag}`;
  const seriesId = `syn-series-${tag}`;
  const sessions: TreatmentSessionRecord[] = sessionOffsets.map((offset, s) => {
    const delivered =
      rng.next() < SESSION_STOPPED_SHORT_SHARE
        ? STOPPED_SHORT_DELIVERED[0] +
          (STOPPED_SHORT_DELIVERED[1] - STOPPED_SHORT_DELIVERED[0]) * rng.next()
        : 1;
    return {
      id: `syn-session-${tag}-${s + 1}`,
      patientId,
      planId,
      seriesId,
      date: addDays(firstSession, offset),
      operator: `syn-operator-${1 + rng.int(2)}`,
      needleGauge: DEFAULT_GAUGE,
      zones: ZONES.map((zoneId) => ({
        zoneId,
        coresDelivered: Math.floor(plannedCores[zoneId] * delivered),
      })),
      anaesthesia: 'topical',
    };
  });
  const lastOffset = sessionOffsets[sessionOffsets.length - 1];

  const baseline: Record<string, number> = {};
  for (const zone of ZONES) baseline[zone] = laxity.baseline[rng.int(laxity.baseline.length)];
  const patient = drawModelPatient(fitzpatrickType, rng);
  const [zSubject] = normalDraws(1, rng);

  // Follow-up visits, days after the last session: most at ~90, some early, some at 180 and 1 year.
  const visits: number[] = [];
  if (rng.next() < 0.4) visits.push(14 + rng.int(21));
  if (rng.next() < 0.9) visits.push(80 + rng.int(21));
  if (rng.next() < 0.55) visits.push(165 + rng.int(31));
  if (rng.next() < 0.25) visits.push(340 + rng.int(51));

  const assessments: AssessmentRecord[] = [
    { id: `syn-assessment-${tag}-0`, patientId, date: firstSession, lemperleByZone: baseline },
  ];
  visits.forEach((after, v) => {
    const day = lastOffset + after;
    const lemperleByZone: Record<string, number> = {};
    let improvementSum = 0;
    for (const zone of ZONES) {
      const change = modelImprovementGrades(baseline[zone], day, sessionOffsets, patient, response);
      // The rater's whole grade, drawn around the model's latent grade.
      lemperleByZone[zone] = drawWholeGrade(baseline[zone] - change, rng);
      improvementSum += change;
    }
    const improvement = improvementSum / ZONES.length;
    // The subject sees the same change less sharply than the investigator.
    const subjectGais = modelGais(improvement + 0.35 * zSubject, response);
    assessments.push({
      id: `syn-assessment-${tag}-${v + 1}`,
      patientId,
      date: addDays(firstSession, day),
      lemperleByZone,
      gaisInvestigator: modelGais(improvement, response),
      gaisSubject: subjectGais,
      satisfaction: satisfactionFrom(subjectGais, rng),
    });
  });
  const lastContactDay = lastOffset + (visits.length > 0 ? visits[visits.length - 1] : 0);

  const adverseEvents = drawAdverseEvents(
    sessions.map((s, k) => ({ id: s.id, day: sessionOffsets[k] })),
    darkSkin,
    rates,
    rng,
  ).map(
    (e, k): AdverseEventRecord => ({
      id: `syn-ae-${tag}-${k + 1}`,
      patientId,
      sessionId: e.sessionId,
      type: e.rate.type,
      onsetDate: addDays(firstSession, e.onsetDay),
      // Not yet resolved at the last visit: recorded as open.
      resolutionDate: e.resolvedDay <= lastContactDay ? addDays(firstSession, e.resolvedDay) : null,
      severity: e.rate.severity,
      relatedness: e.rate.relatedness,
    }),
  );

  return {
    patient: {
      id: patientId,
      givenName: 'Synthetic',
      familyName: `Patient ${tag}`,
      birthDate,
      sex: rng.next() < 0.82 ? 'female' : 'male',
      fitzpatrickType,
      laxityGrade: laxity.grades[rng.int(laxity.grades.length)],
      email: null,
      phone: null,
      synthetic: true,
    },
    screenings: [
      {
        id: `syn-screening-${tag}`,
        patientId,
        date: screeningDate,
        answers: {},
        acknowledgements: darkSkin ? ['fitzpatrick-v-vi-not-studied'] : [],
        decision: darkSkin ? 'eligible-with-warnings' : 'eligible',
        reasons: darkSkin
          ? [
              {
                code: 'fitzpatrick.v-vi-not-studied',
                message: 'Fitzpatrick V–VI has not been studied; follow up for hyperpigmentation.',
                source: 'docs/domain.md §5 (seed: "undetermined")',
              },
            ]
          : [],
      },
    ],
    series: [
      {
        id: seriesId,
        patientId,
        planId,
        startDate: firstSession,
        sessionDates: sessions.map((s) => s.date),
        intervalWeeks: 6,
        assessmentDate: addDays(firstSession, lastOffset + 90),
      },
    ],
    sessions,
    assessments,
    adverseEvents,
    consents: (['treatment', 'photography', 'research'] as const).map((scope) => ({
      id: `syn-consent-${tag}-${scope}`,
      patientId,
      scope,
      date: screeningDate,
      status: 'active' as const,
    })),
    photos: [],
  };
}

interface DrawnEvent {
  readonly rate: AdverseEventRate;
  readonly sessionId: string;
  /** Days after the first session. */
  readonly onsetDay: number;
  readonly resolvedDay: number;
}

/**
 * One patient's adverse events. A per-session rate draws at every session; a per-patient rate
 * (the chart review counted patients) once, at a session chosen at random. A prolonged erythema
 * is that session's redness lasting over 4 weeks, so it replaces the transient one.
 */
function drawAdverseEvents(
  sessions: readonly { id: string; day: number }[],
  darkSkin: boolean,
  rates: CohortRates,
  rng: Rng,
): DrawnEvent[] {
  const events: DrawnEvent[] = [];
  const happens = (rate: AdverseEventRate) => {
    const drawn = rates.get(rate.key);
    const p = drawn === undefined ? 0 : darkSkin ? drawn.typesVtoVI : drawn.typesItoIV;
    return rng.next() < p;
  };
  const event = (rate: AdverseEventRate, session: { id: string; day: number }): DrawnEvent => {
    const onsetDay =
      session.day + rate.onsetDays[0] + rng.int(rate.onsetDays[1] - rate.onsetDays[0] + 1);
    return { rate, sessionId: session.id, onsetDay, resolvedDay: onsetDay + drawDays(rate, rng) };
  };
  for (const rate of ADVERSE_EVENT_RATES) {
    if (rate.unit === 'session') {
      for (const session of sessions) if (happens(rate)) events.push(event(rate, session));
    } else if (happens(rate)) {
      const drawn = event(rate, sessions[rng.int(sessions.length)]);
      const replaced = events.findIndex(
        (e) => e.rate.type === rate.type && e.sessionId === drawn.sessionId,
      );
      if (replaced >= 0) events[replaced] = drawn;
      else events.push(drawn);
    }
  }
  return events;
}

/** Whole days (≥ 1): the minimum plus a log-normal part, no upper limit. */
function drawDays(rate: AdverseEventRate, rng: Rng): number {
  const [z] = normalDraws(1, rng);
  const days = rate.minimumDays + rate.duration.medianDays * Math.exp(rate.duration.logSd * z);
  return Math.max(1, Math.ceil(days));
}

/**
 * The journey as of `cutoff`: a session after it is dropped with its events, so is a visit, a
 * screening or a consent; an event whose resolution lies after it is open. The booked series
 * keeps its dates (a booking is about the future).
 */
function cutAt(journey: PatientJourney, cutoff: IsoDate): PatientJourney {
  const sessions = journey.sessions.filter((s) => s.date <= cutoff);
  const kept = new Set(sessions.map((s) => s.id));
  return {
    ...journey,
    screenings: journey.screenings.filter((s) => s.date <= cutoff),
    consents: journey.consents.filter((c) => c.date <= cutoff),
    sessions,
    assessments: journey.assessments.filter((a) => a.date <= cutoff),
    adverseEvents: journey.adverseEvents
      .filter((e) => e.onsetDate <= cutoff && (e.sessionId == null || kept.has(e.sessionId)))
      .map((e) =>
        e.resolutionDate != null && e.resolutionDate > cutoff ? { ...e, resolutionDate: null } : e,
      ),
  };
}

/** Satisfaction 1–5 from the subject's GAIS: improved → 4–5, unchanged → 2–3, worse → 1–2. */
function satisfactionFrom(gais: GaisScore, rng: Rng): SatisfactionScore {
  const base = [5, 5, 4, 3, 2][gais - 1];
  return (rng.next() < 0.3 ? base - 1 : base) as SatisfactionScore;
}

/** Uniform in (0, 1): a quantile function's argument must not be 0. */
function uniform(rng: Rng): number {
  return (rng.nextUint32() + 0.5) / 4294967296;
}

/** Indices 0..k−1 repeated in proportion to `shares` (largest remainder), length n. */
function quota(shares: readonly number[], n: number): number[] {
  const exact = shares.map((s) => s * n);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < n; k++) counts[order[k].i]++;
  return counts.flatMap((c, i) => Array<number>(c).fill(i));
}

function shuffled<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
