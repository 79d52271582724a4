import type { AdverseEventRecord, AdverseEventType, FitzpatrickType } from '../records/types.js';

/**
 * Adverse-event rates and durations for the synthetic cohort, each with where it comes from.
 * One place: the cohort (syntheticCohort.ts) reads these figures, docs/domain.md §9 lists them
 * with their sources; change them here (and there).
 *
 * A rate is published COUNTS, not a point value: the cohort draws its own rate once per cohort
 * from the Beta posterior of those counts under Jeffreys' prior, Beta(x + ½, n − x + ½), so a
 * figure seen in 39 patients varies from one synthetic cohort to the next as much as that sample
 * allows. A figure with no published count is an ASSUMPTION, said so with its reason, and given
 * as a pseudo-count so small that the draw is wide.
 *
 * Fitzpatrick V–VI was not studied (the one chart review pooled I–V; the cleared indication is
 * I–IV, docs/domain.md §1 and §5), so for V–VI the rate is not the I–IV rate: its centre is the
 * I–IV draw times `riskRatioVVI` (itself drawn) and its spread is that of a Beta holding only
 * V_VI_INFORMATION_SHARE of the count's information.
 *
 * Durations are log-normal in days (no maximum): a stated median and a log-sd, each with its
 * source or reason. Published micro-coring reports give no event durations (docs/domain.md §9).
 */

/** A published or assumed count: `events` of `patients`. */
export interface RateBasis {
  readonly events: number;
  readonly patients: number;
  /** True when no study gives this count: a pseudo-count standing for a stated assumption. */
  readonly assumption: boolean;
  readonly source: string;
}

export interface LogNormalDays {
  readonly medianDays: number;
  /** σ of ln(days): the tail. */
  readonly logSd: number;
  readonly source: string;
}

/** Whether a rate is per session (each session draws) or per patient over the treatment course. */
export type RateUnit = 'session' | 'patient';

export interface AdverseEventRate {
  /** Stable key (a type can have two courses, e.g. transient and prolonged erythema). */
  readonly key: string;
  readonly type: AdverseEventType;
  readonly label: string;
  readonly unit: RateUnit;
  readonly basis: RateBasis;
  /** Days after the session at which it starts (whole days, inclusive range). */
  readonly onsetDays: readonly [number, number];
  readonly duration: LogNormalDays;
  /** Days added before the log-normal part: a prolonged course lasts over 4 weeks by definition. */
  readonly minimumDays: number;
  /** Median of the V–VI risk ratio against I–IV, and its log-sd (1 = no shift, only widening). */
  readonly riskRatioVVI: {
    readonly median: number;
    readonly logSd: number;
    readonly source: string;
  };
  readonly severity: AdverseEventRecord['severity'];
  readonly relatedness: AdverseEventRecord['relatedness'];
}

const SALAME =
  'Salame et al., ASLMS 2024 conference abstract as reported in Practical Dermatology (12 women, ' +
  'perioral, 3 sessions): immediate redness and swelling in all 12, trace to moderate, all ' +
  'self-limiting';
const CHART_REVIEW =
  'retrospective chart review of dermal micro-coring, Dermatologic Surgery 2024, PMID 39480035 ' +
  '(38 patients, Fitzpatrick I–V, outcomes pooled across types)';
const DOWNTIME =
  'ASSUMPTION: no published duration; median = the 3–4 day downtime (docs/domain.md §4, seed), ' +
  'log-sd so that 95 % end within 7 days, the longest downtime reported (LOW)';
const PROLONGED =
  'ASSUMPTION: the chart review gives only "> 4 weeks"; 4 weeks plus a log-normal part with ' +
  'median 4 weeks, so the median course is 8 weeks and 1 in 20 lasts past 6 months. One PIH ' +
  'episode of five after fractional laser in types IV–VI lasted over a month, 2 months (J Drugs ' +
  'Dermatol 2013;12(4):428, PMID 23652890); PIH can last months to years (a review, J Eur Acad ' +
  'Dermatol Venereol, doi 10.1111/jdv.12050)';
const NO_SHIFT = {
  median: 1,
  logSd: 0,
  source: 'no evidence that V–VI changes this rate: only the spread is widened',
} as const;

/**
 * The share of the chart review's "erythema or hyperpigmentation > 4 weeks" that is erythema.
 * ASSUMPTION: the abstract does not split the 6 patients; half and half.
 */
export const PROLONGED_ERYTHEMA_SHARE = 0.5;

/**
 * The share of a count's information kept for V–VI: a quarter (the chart review's 39 patients
 * become about 10). ASSUMPTION: the one study with type V pooled its outcomes over I–V, so what
 * it says about V–VI is much less than what it says about I–IV, by an amount no one measured.
 */
export const V_VI_INFORMATION_SHARE = 0.25;

export const ADVERSE_EVENT_RATES: readonly AdverseEventRate[] = [
  {
    key: 'erythema-transient',
    type: 'erythema',
    label: 'redness after the session',
    unit: 'session',
    basis: { events: 12, patients: 12, assumption: false, source: SALAME },
    onsetDays: [0, 0],
    duration: { medianDays: 3.5, logSd: Math.log(7 / 3.5) / 1.645, source: DOWNTIME },
    minimumDays: 0,
    riskRatioVVI: NO_SHIFT,
    severity: 'mild',
    relatedness: 'definite',
  },
  {
    key: 'oedema-transient',
    type: 'oedema',
    label: 'swelling after the session',
    unit: 'session',
    basis: { events: 12, patients: 12, assumption: false, source: SALAME },
    onsetDays: [0, 1],
    duration: { medianDays: 3.5, logSd: Math.log(7 / 3.5) / 1.645, source: DOWNTIME },
    minimumDays: 0,
    riskRatioVVI: NO_SHIFT,
    severity: 'mild',
    relatedness: 'definite',
  },
  {
    key: 'erythema-prolonged',
    type: 'erythema',
    label: 'redness lasting over 4 weeks',
    unit: 'patient',
    // 6 "erythema or hyperpigmentation > 4 weeks": 15.4 % is 6/39, though the abstract says 38
    // were treated (39 courses, or a typo: the full text would say); half of them.
    basis: {
      events: 6 * PROLONGED_ERYTHEMA_SHARE,
      patients: 39,
      assumption: false,
      source: `${CHART_REVIEW}: erythema or hyperpigmentation > 4 weeks in 6 (15.4 %, so of 39); the erythema share is an assumption (PROLONGED_ERYTHEMA_SHARE)`,
    },
    onsetDays: [0, 0],
    duration: { medianDays: 28, logSd: Math.log(155 / 28) / 1.645, source: PROLONGED },
    minimumDays: 28,
    riskRatioVVI: NO_SHIFT,
    severity: 'mild',
    relatedness: 'definite',
  },
  {
    key: 'hyperpigmentation',
    type: 'hyperpigmentation',
    label: 'post-inflammatory hyperpigmentation lasting over 4 weeks',
    unit: 'patient',
    basis: {
      events: 6 * (1 - PROLONGED_ERYTHEMA_SHARE),
      patients: 39,
      assumption: false,
      source: `${CHART_REVIEW}: the hyperpigmentation share of the 6 of 39, an assumption (PROLONGED_ERYTHEMA_SHARE)`,
    },
    onsetDays: [7, 28],
    duration: { medianDays: 28, logSd: Math.log(155 / 28) / 1.645, source: PROLONGED },
    minimumDays: 28,
    riskRatioVVI: {
      median: 2,
      logSd: Math.log(2) / 1.96,
      source:
        'ASSUMPTION on published direction: PIH is more common and lasts longer in darker skin ' +
        '(a review of procedure-related PIH, doi 10.1111/jdv.12050: types III–VI); after ' +
        'fractional laser PIH followed 7–12 % of sessions in Chinese patients (Lasers Surg Med ' +
        '2007;39(5):381, PMID 17518354) and 4 % in types IV–VI with hydroquinone ' +
        '(PMID 23652890). No micro-coring figure: risk ratio median 2, 95 % range 1–4',
    },
    severity: 'moderate',
    relatedness: 'probable',
  },
  {
    key: 'scarring',
    type: 'scarring',
    label: 'temporary focal scarring',
    unit: 'patient',
    basis: {
      events: 2,
      patients: 39,
      assumption: false,
      source: `${CHART_REVIEW}: temporary focal scarring in 2 (5.1 %), improved with intralesional therapy and laser. Scars come at 2–4 weeks and far more often above 400 µm cores (Champlain et al., Dermatol Surg 2022;48(10):1083, PMID 36036977); the cohort's 22G core is 413 µm`,
    },
    onsetDays: [14, 28],
    duration: {
      medianDays: 90,
      logSd: Math.log(2),
      source:
        'ASSUMPTION: "temporary" with no duration published; median 3 months (a treated ' +
        'focal scar), log-sd ln 2 (half to twice that for the middle two thirds)',
    },
    minimumDays: 0,
    riskRatioVVI: {
      median: 1,
      logSd: Math.log(2) / 1.96,
      source:
        'ASSUMPTION: darker skin forms hypertrophic scars and keloids more readily (a keloid ' +
        'history is a contraindication, docs/domain.md §5), by an unmeasured amount: risk ' +
        'ratio median 1, 95 % range ½–2, on top of the widening',
    },
    severity: 'moderate',
    relatedness: 'probable',
  },
  {
    key: 'infection',
    type: 'infection',
    label: 'infection',
    unit: 'patient',
    basis: {
      events: 0,
      patients: 38,
      assumption: false,
      source: `${CHART_REVIEW}: no infection in 38 (one-sided 95 % upper bound 7.6 %)`,
    },
    onsetDays: [2, 5],
    duration: {
      medianDays: 10,
      logSd: 0.3,
      source: 'ASSUMPTION: no case published; a treated superficial skin infection, about 10 days',
    },
    minimumDays: 0,
    riskRatioVVI: NO_SHIFT,
    severity: 'moderate',
    relatedness: 'probable',
  },
  {
    key: 'bruising',
    type: 'bruising',
    label: 'bruising',
    unit: 'session',
    basis: {
      events: 1.5,
      patients: 10,
      assumption: true,
      source:
        'ASSUMPTION: bleeding is reported ("trace-to-moderate procedural pain/bleeding", ' +
        'systematic review of micro-coring, Dermatol Surg 2025, PMID 40116370) but no bruising ' +
        'rate; a pseudo-count of 1.5 in 10 (about 15 %, wide: 95 % of draws 3–45 %)',
    },
    onsetDays: [0, 1],
    duration: {
      medianDays: 7,
      logSd: 0.4,
      source: 'ASSUMPTION: no published duration; a bruise fades in about a week',
    },
    minimumDays: 0,
    riskRatioVVI: NO_SHIFT,
    severity: 'mild',
    relatedness: 'probable',
  },
];

/**
 * Types the cohort does not draw, with the reason (the statistics still list them as 0 / n, whose
 * upper bound is the information). Permanent dyspigmentation and prolonged swelling were 0 in the
 * chart review and have no record type of their own.
 */
export const NOT_DRAWN: readonly { readonly type: AdverseEventType; readonly reason: string }[] = [
  {
    type: 'hypopigmentation',
    reason:
      'no human report after micro-coring; only transient hypopigmentation in swine with 1.5 mm columns',
  },
];

/** The Jeffreys-prior Beta posterior of a count: Beta(x + ½, n − x + ½). */
export function betaPosterior(basis: RateBasis): { readonly a: number; readonly b: number } {
  return { a: basis.events + 0.5, b: basis.patients - basis.events + 0.5 };
}

/**
 * The V–VI Beta around a centre rate: a + b = V_VI_INFORMATION_SHARE · (n + 1), the posterior's
 * own a + b scaled down, so V–VI is always less certain than I–IV.
 */
export function vviBeta(
  basis: RateBasis,
  centre: number,
): { readonly a: number; readonly b: number } {
  const information = V_VI_INFORMATION_SHARE * (basis.patients + 1);
  return { a: centre * information, b: (1 - centre) * information };
}

/** Whether a Fitzpatrick type gets the widened, shifted rate. */
export function isVVI(type: FitzpatrickType): boolean {
  return type >= 5;
}
