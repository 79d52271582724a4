import { DEFAULT_TEMPLATE } from '../anatomy/defaultTemplate.js';
import { DEFAULT_GAUGE } from '../device/needles.js';
import { MicrocoreError } from '../errors.js';
import { gaisCategory, normalDraws, RESPONSE_CALIBRATION } from '../heal/outcome.js';
import { defaultParameterValues } from '../heal/parameters.js';
import { areaLossFraction, seriesAreaLossFraction } from '../heal/woundCourse.js';
import type {
  AdverseEventRecord,
  AdverseEventType,
  AssessmentRecord,
  FitzpatrickType,
  GaisScore,
  IsoDate,
  PatientJourney,
  SatisfactionScore,
  TreatmentSessionRecord,
} from '../records/types.js';
import { Rng } from '../rng.js';
import { addDays, dayNumber } from './dates.js';

/**
 * A synthetic demo cohort: plausible journeys, every one marked `synthetic: true`, named
 * "Synthetic Patient NNN". Outcomes come from the calibrated response model (heal/outcome.ts):
 *   ΔL = min(L0, c · (A/A_ref) · R · L0/3), R = exp(σ_R z) per patient,
 * with A/A_ref = η_series(t)/η(90 d) of the nominal healing parameters, i.e. the default plan's
 * tightening, sessions adding (docs/model.md: beyond one session that is an extrapolation).
 * Same seed → same cohort.
 */
export interface SyntheticCohortOptions {
  readonly seed: number;
  /** Default 72. */
  readonly patients?: number;
  /** The first screening day; enrolment spreads over the following year. */
  readonly startDate: IsoDate;
}

// Shares of the demo cohort (by quota, so every type and grade appears from ~15 patients on).
const FITZPATRICK_SHARES = [0.12, 0.24, 0.24, 0.18, 0.12, 0.1];
const LAXITY_CLASSES = [
  { share: 0.35, grades: [1, 1.5], sessions: 1, baseline: [2, 3] },
  { share: 0.4, grades: [2, 2.5], sessions: 2, baseline: [2, 3, 3, 4] },
  { share: 0.25, grades: [3, 3.5], sessions: 3, baseline: [3, 4] },
] as const;

/**
 * Adverse events per session: probability, duration range (days), onset after the session.
 * Erythema and oedema follow nearly every session and settle within the 3–4 day downtime
 * (docs/domain.md §4); bruising with local anaesthesia; post-inflammatory hyperpigmentation rare and
 * more common in V–VI (the open question the registry is for). No scarring: cores stay below
 * the scar threshold (docs/domain.md §2), which the planner enforces.
 */
const EVENT_RATES: readonly {
  type: AdverseEventType;
  perSession: (fitzpatrick: FitzpatrickType) => number;
  onsetDays: readonly [number, number];
  durationDays: readonly [number, number];
  severity: AdverseEventRecord['severity'];
  relatedness: AdverseEventRecord['relatedness'];
}[] = [
  {
    type: 'erythema',
    perSession: () => 0.9,
    onsetDays: [0, 0],
    durationDays: [2, 5],
    severity: 'mild',
    relatedness: 'definite',
  },
  {
    type: 'oedema',
    perSession: () => 0.7,
    onsetDays: [0, 1],
    durationDays: [2, 6],
    severity: 'mild',
    relatedness: 'definite',
  },
  {
    type: 'bruising',
    perSession: () => 0.15,
    onsetDays: [0, 1],
    durationDays: [5, 12],
    severity: 'mild',
    relatedness: 'probable',
  },
  {
    type: 'hyperpigmentation',
    perSession: (f) => (f >= 5 ? 0.08 : 0.01),
    onsetDays: [14, 28],
    durationDays: [60, 180],
    severity: 'moderate',
    relatedness: 'possible',
  },
  {
    type: 'infection',
    perSession: () => 0.005,
    onsetDays: [2, 5],
    durationDays: [7, 12],
    severity: 'moderate',
    relatedness: 'probable',
  },
];

const ZONES = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);
const CORES_BY_ZONE: Readonly<Record<string, number>> = {
  'cheek-left': 600,
  'cheek-right': 600,
  'jawline-left': 300,
  'jawline-right': 300,
  submental: 350,
};

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
  return types.map((type, i) =>
    syntheticJourney(i + 1, type, LAXITY_CLASSES[laxity[i]], options.startDate, rng.fork()),
  );
}

const P = defaultParameterValues();
const REFERENCE_ETA = areaLossFraction(RESPONSE_CALIBRATION.target.day, P);

/** The model's Lemperle improvement at `day` after the first session. */
function modelImprovement(
  baseline: number,
  day: number,
  sessionDays: readonly number[],
  responsiveness: number,
): number {
  const ratio = seriesAreaLossFraction(day, sessionDays, P) / REFERENCE_ETA;
  const raw = RESPONSE_CALIBRATION.gradesPerReferenceTightening * ratio * responsiveness;
  return Math.min(baseline, (raw * baseline) / 3);
}

function syntheticJourney(
  number: number,
  fitzpatrickType: FitzpatrickType,
  laxity: (typeof LAXITY_CLASSES)[number],
  startDate: IsoDate,
  rng: Rng,
): PatientJourney {
  const tag = String(number).padStart(3, '0');
  const patientId = `syn-patient-${tag}`;
  const ageYears = 25 + rng.int(51);
  const screeningDate = addDays(startDate, rng.int(365));
  const firstSession = addDays(screeningDate, 7 + rng.int(15));
  const birthDate = addDays(firstSession, -(ageYears * 365.25 + rng.int(360)) | 0);
  const darkSkin = fitzpatrickType >= 5;

  // Sessions at least six weeks apart (docs/domain.md §4).
  const sessionOffsets = [0];
  for (let s = 1; s < laxity.sessions; s++) {
    sessionOffsets.push(sessionOffsets[s - 1] + 42 + rng.int(15));
  }
  const planId = `syn-plan-${tag}`;
  const seriesId = `syn-series-${tag}`;
  const sessions: TreatmentSessionRecord[] = sessionOffsets.map((offset, s) => ({
    id: `syn-session-${tag}-${s + 1}`,
    patientId,
    planId,
    seriesId,
    date: addDays(firstSession, offset),
    operator: `syn-operator-${1 + rng.int(2)}`,
    needleGauge: DEFAULT_GAUGE,
    zones: ZONES.map((zoneId) => ({
      zoneId,
      coresDelivered: Math.round(CORES_BY_ZONE[zoneId] * (0.9 + 0.2 * rng.next())),
    })),
    anaesthesia: 'topical',
  }));
  const lastOffset = sessionOffsets[sessionOffsets.length - 1];

  const baseline: Record<string, number> = {};
  for (const zone of ZONES) baseline[zone] = laxity.baseline[rng.int(laxity.baseline.length)];
  const [zResponse, zSubject] = normalDraws(2, rng);
  const responsiveness = Math.exp(RESPONSE_CALIBRATION.responsivenessLogSd * zResponse);

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
      const change = modelImprovement(baseline[zone], day, sessionOffsets, responsiveness);
      // Raters grade in half steps.
      lemperleByZone[zone] = Math.round((baseline[zone] - change) * 2) / 2;
      improvementSum += change;
    }
    const improvement = improvementSum / ZONES.length;
    // The subject sees the same change less sharply than the investigator.
    const subjectGais = gaisCategory(improvement + 0.35 * zSubject);
    assessments.push({
      id: `syn-assessment-${tag}-${v + 1}`,
      patientId,
      date: addDays(firstSession, day),
      lemperleByZone,
      gaisInvestigator: gaisCategory(improvement),
      gaisSubject: subjectGais,
      satisfaction: satisfactionFrom(subjectGais, rng),
    });
  });
  const lastContactDay = lastOffset + (visits.length > 0 ? visits[visits.length - 1] : 0);

  const adverseEvents: AdverseEventRecord[] = [];
  sessions.forEach((session, s) => {
    for (const rate of EVENT_RATES) {
      if (rng.next() >= rate.perSession(fitzpatrickType)) continue;
      const onset = sessionOffsets[s] + between(rate.onsetDays, rng);
      const resolved = onset + between(rate.durationDays, rng);
      adverseEvents.push({
        id: `syn-ae-${tag}-${adverseEvents.length + 1}`,
        patientId,
        sessionId: session.id,
        type: rate.type,
        onsetDate: addDays(firstSession, onset),
        // Not yet resolved at the last visit: recorded as open.
        resolutionDate: resolved <= lastContactDay ? addDays(firstSession, resolved) : null,
        severity: rate.severity,
        relatedness: rate.relatedness,
      });
    }
  });

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

/** Satisfaction 1–5 from the subject's GAIS: improved → 4–5, unchanged → 2–3, worse → 1–2. */
function satisfactionFrom(gais: GaisScore, rng: Rng): SatisfactionScore {
  const base = [5, 5, 4, 3, 2][gais - 1];
  return (rng.next() < 0.3 ? base - 1 : base) as SatisfactionScore;
}

function between(range: readonly [number, number], rng: Rng): number {
  return range[0] + rng.int(range[1] - range[0] + 1);
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
