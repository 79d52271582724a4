/**
 * The published efficacy results the outcome model is calibrated to, as data: source, sample
 * size, the statistic and the conditions it was measured under, what it can identify in the
 * response model and what it cannot. The studied domain (coverage, sessions, follow-up, skin
 * type, baseline grade) that the domain warnings test against is derived here and nowhere else.
 * docs/domain.md §4 and docs/model.md §4 cite the same figures.
 *
 * Verification levels are those of the project's literature digest: "trade report" = only a trade
 * journal's account of a conference presentation; "abstract" = the study's own abstract read,
 * not its full text.
 */

export interface StudyConditions {
  /** Fraction of the treated skin removed per session [low, high], null where not published. */
  readonly coverageFraction: readonly [number, number] | null;
  readonly gauge: string | null;
  /** Sessions before the assessment. */
  readonly sessions: readonly number[] | null;
  /** Days from the last session (or from the first, as stated) to the assessment [low, high]. */
  readonly followUpDays: readonly [number, number] | null;
  /** Fitzpatrick types included [lowest, highest], null where not published. */
  readonly fitzpatrick: readonly [number, number] | null;
  /** Lemperle grades at baseline [low, high], null where not published. */
  readonly baselineLemperle: readonly [number, number] | null;
  readonly zones: string;
}

export type TargetStatistic =
  | {
      /** Mean improvement on the Lemperle scale (grades, positive = better). */
      readonly kind: 'mean-lemperle-change';
      readonly value: number;
      /** Its standard deviation when published; null: not published (an assumption replaces it). */
      readonly sd: number | null;
    }
  | {
      /** A share of patients or areas meeting a criterion. */
      readonly kind: 'fraction';
      readonly criterion: string;
      readonly value: number;
      readonly count: number | null;
      readonly of: number;
    }
  | {
      /** Mean investigator GAIS (7-point, positive = better) after one and after two sessions. */
      readonly kind: 'gais-after-sessions';
      readonly afterOne: number;
      readonly afterTwo: number;
      readonly sd: number | null;
    };

export interface EvidenceTarget {
  readonly id: 'asds2019-mean' | 'asds2019-improved' | 'chart2024-good' | 'salame2024-sessions';
  readonly source: string;
  readonly verification: 'trade report' | 'abstract';
  readonly patients: number;
  readonly areas: number | null;
  readonly statistic: TargetStatistic;
  readonly conditions: StudyConditions;
  /** How the calibration reads it: the assumptions that stand in for what was not published. */
  readonly assumptions: readonly string[];
  readonly identifies: string;
  readonly cannotIdentify: string;
}

const ASDS_2019 =
  'Pooled results of two early studies presented at the ASDS annual meeting 2019 (Chicago), reported in "Dermal Micro-Coring 101", Practical Dermatology (author not shown)';
const ASDS_CONDITIONS: StudyConditions = {
  coverageFraction: null,
  gauge: null,
  sessions: null,
  followUpDays: [90, 180],
  fitzpatrick: null,
  baselineLemperle: [3, 4],
  zones: 'mid and lower face ("moderate or severe wrinkles")',
};

export const EVIDENCE_TARGETS: readonly EvidenceTarget[] = [
  {
    id: 'asds2019-mean',
    source: ASDS_2019,
    verification: 'trade report',
    patients: 30,
    areas: 60,
    statistic: { kind: 'mean-lemperle-change', value: 1.1, sd: null },
    conditions: ASDS_CONDITIONS,
    assumptions: [
      'two areas per patient are correlated (intra-patient correlation 0.5 assumed): 60 areas count as 40 independent ones',
      'SD not published: the model supplies it (its own patient-to-patient spread) plus 0.41 grade for rating in whole grades (two roundings, √(2/12))',
      'coverage, gauge and sessions not published: one session of 22G at a coverage drawn uniformly from 5–7 % (the published settings of the other studies), the default plan’s zones',
      'baseline "moderate or severe": half the areas at Lemperle 3, half at 4; half assessed at 90 days, half at 180',
    ],
    identifies:
      'the size of the response per unit of tightening (k), given the assumed coverage (its uncertainty is carried)',
    cannotIdentify:
      'how the response bends at more tightening (m): one condition gives one point of the curve',
  },
  {
    id: 'asds2019-improved',
    source: ASDS_2019,
    verification: 'trade report',
    patients: 30,
    areas: 60,
    statistic: {
      kind: 'fraction',
      criterion: 'investigator GAIS "improved" or better',
      value: 0.91,
      count: null,
      of: 60,
    },
    conditions: ASDS_CONDITIONS,
    assumptions: [
      '91 % of 60 areas is no whole count (54/60 = 90 %, 55/60 = 91.7 %): the binomial likelihood uses 91 % of the 40 effective areas (above), a fractional count',
      'the report says "improved or very much improved"; read as "at least improved" (the usual responder definition)',
    ],
    identifies:
      'jointly the patient-to-patient spread (σR) and the Lemperle change that investigators call "improved" (τ): a ridge, which τ’s prior (below) breaks',
    cannotIdentify:
      'the GAIS categories above "improved" (much / very much improved): no category distribution was published',
  },
  {
    id: 'chart2024-good',
    source:
      'Retrospective chart review of dermal micro-coring, Dermatologic Surgery 2024, PMID 39480035 (authors not shown in the abstract read)',
    verification: 'abstract',
    patients: 21,
    areas: null,
    statistic: {
      kind: 'fraction',
      criterion: '"good" or "excellent" improvement (grade 3–4) of laxity or rhytides',
      value: 18 / 21,
      count: 18,
      of: 21,
    },
    conditions: {
      coverageFraction: null,
      gauge: null,
      sessions: null,
      followUpDays: null,
      fitzpatrick: [1, 5],
      baselineLemperle: null,
      zones: 'face (laxity and rhytides; 21 of 38 patients with adequate photographs)',
    },
    assumptions: [
      'coverage, sessions and follow-up not in the abstract: read at the ASDS condition (one session, Lemperle 3, 90 days)',
      '"good or excellent" is at least as strict as GAIS "improved": its threshold is τ plus an unknown 0–1 grade (uniform prior)',
    ],
    identifies:
      'little: a floor under the responder share (if 86 % reach a stricter criterion, at least as many reach "improved")',
    cannotIdentify:
      'anything about coverage, sessions or skin type (not reported; types I–V pooled)',
  },
  {
    id: 'salame2024-sessions',
    source:
      'Salame N et al., SkinCare Physicians (Brookline MA), ASLMS 2024 conference abstract, reported by Practical Dermatology (April 2024)',
    verification: 'trade report',
    patients: 12,
    areas: null,
    statistic: { kind: 'gais-after-sessions', afterOne: 0.83, afterTwo: 1.5, sd: null },
    conditions: {
      coverageFraction: [0.05, 0.05],
      gauge: null,
      sessions: [1, 2],
      followUpDays: [30, 45],
      fitzpatrick: null,
      baselineLemperle: [2, 4],
      zones: 'perioral and buccal cheek',
    },
    assumptions: [
      'a 7-point GAIS cannot be mapped onto Lemperle grades: only the ratio of the two means is used, assuming mean GAIS points are proportional to the mean Lemperle change',
      'the mean after two sessions is that of the two sides (1.42 and 1.58)',
      'SD not published: 0.8 GAIS points per patient assumed, the two means correlated 0.5 (same patients): log ratio 0.59 ± 0.24',
      'sessions 38 days apart, each assessed 38 days after it; the default plan’s zones at 5 % coverage; Lemperle 3',
    ],
    identifies:
      'weakly, how much a second session adds relative to the first, hence the bend of the response (m)',
    cannotIdentify:
      'a third session or more, and the response’s absolute size on the Lemperle scale',
  },
];

/** Published results the calibration does not use, and why. */
export const EVIDENCE_NOT_USED: readonly { readonly source: string; readonly why: string }[] = [
  {
    source:
      'Carruthers KH, Vyas K, Remy K, McCarty JC, Austen WG. Micro-Coring: A Novel Approach to Perioral Rejuvenation. Aesthet Surg J 2024;44(11):1209-1217, doi 10.1093/asj/sjae120: philtrum length −6.18 ± 2.25 % at a mean 8.9 months (13 patients, 13 matched controls)',
    why: 'the only measured length change and the only follow-up beyond 180 days, but every treated patient also had a facelift, the coverage is not in the abstract, and a philtrum length is not a Lemperle grade: it shows an effect can last about nine months, no more',
  },
  {
    source:
      'Pooled ASDS 2019 studies (as above): 88 % of subjects satisfied or extremely satisfied, and "80 % improvement"',
    why: 'satisfaction is not a wrinkle grade, and the meaning of "80 % improvement" is not defined in the source',
  },
  {
    source:
      'Mudd MB, ASLMS 2024 conference abstract (trade report): neck, one treatment, 5 % coverage (two patients partly 7 %), 3 months',
    why: 'the neck is off-label and outside the planned zones; texture, laxity and neck-wrinkle scores by photograph with no patient count',
  },
];

/** Investigator "improved": prior for the Lemperle change it takes (grades). */
export const IMPROVED_THRESHOLD_PRIOR = {
  mean: 0.75,
  sd: 0.2,
  range: [0.25, 1.5] as const,
  source:
    'Allergan Fine Lines Scale validation (a 5-point photonumeric wrinkle scale, 289 subjects): pairs judged not clinically different differed by 0.50 points on average (95 % CI 0.38–0.61), pairs judged different by 1.06 (0.92–1.21). "Improved" (obvious improvement) is taken to lie between the two; no published Lemperle→GAIS mapping exists',
};

/**
 * The conditions the published results cover. A prediction outside them gets a domain warning.
 * Coverage: only 5 % (Salame; the ASDS studies' is unpublished and assumed 5–7 %) and 7 % (two
 * neck patients) were published. Sessions: one; a second only in one 12-patient study. Follow-up:
 * 180 days without a facelift. Skin types: the indication and the prospective studies are I–IV
 * (the chart review pooled one type-V patient group with I–IV). Baseline: Lemperle 2–4.
 */
export const STUDIED_DOMAIN = {
  coverageFraction: [0.05, 0.07] as const,
  maxSessionsWithOutcome: 1,
  maxSessionsAtAll: 2,
  longestFollowUpDays: Math.max(
    ...EVIDENCE_TARGETS.flatMap((t) =>
      t.conditions.followUpDays ? [t.conditions.followUpDays[1]] : [],
    ),
  ),
  fitzpatrick: [1, 4] as const,
  baselineLemperle: [
    Math.min(...EVIDENCE_TARGETS.flatMap((t) => t.conditions.baselineLemperle?.[0] ?? [])),
    Math.max(...EVIDENCE_TARGETS.flatMap((t) => t.conditions.baselineLemperle?.[1] ?? [])),
  ] as const,
};
