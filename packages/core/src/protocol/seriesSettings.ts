/**
 * The clinic settings of a treatment series, as data with unit, source and the reason for the
 * default (docs/domain.md §4–§6). A clinic may override the values; the sources stay here.
 */

export type LaxityCategory = 'none' | 'mild' | 'moderate' | 'severe';

export interface AftercareInstruction {
  readonly code: string;
  readonly instruction: string;
  readonly source: string;
}

const SEED_SERIES =
  'seed, docs/domain.md §4: mild laxity, one treatment can be enough; moderate-to-severe, several; at least six weeks between treatments';
const AFTERCARE = 'MED: clinic guidelines, docs/domain.md §5 ("until the holes have closed")';

export const SERIES_SETTINGS = {
  sessionsByLaxity: {
    value: { mild: 1, moderate: 2, severe: 3 },
    unit: 'sessions',
    source: `${SEED_SERIES}; one study spaced 3 treatments (MED)`,
    reason: '"several" read as 2 for moderate and 3 for severe, the 3 of the one spaced study',
  },
  laxityBands: {
    /**
     * Alexiades-Armenakas grades 0–4 in half steps (0 none, 1 mild, 2 moderate, 3 advanced,
     * 4 severe) onto our three categories: 0.5–1.5 mild, 2–2.5 moderate, 3–4 severe.
     */
    value: { mildMaxGrade: 1.5, moderateMaxGrade: 2.5 },
    unit: 'Alexiades-Armenakas grade',
    source: 'MED: Alexiades-Armenakas laxity scale 0–4 in half steps (docs/domain.md §6)',
    reason:
      'a half step belongs to the named grade below it (1.5 is still mild, 2.5 still moderate) so a borderline patient is not given more sessions; AA "advanced" (3) and "severe" (4) both need the most sessions, so both are severe; 0 is no laxity, where treatment is not indicated',
  },
  minimumIntervalWeeks: {
    value: 6,
    unit: 'weeks',
    source: SEED_SERIES,
    reason:
      'the seed minimum; a shorter interval (one study used 30–45 days, MED) needs a recorded reason',
  },
  assessmentAfterMonths: {
    value: 3,
    unit: 'calendar months after the last session',
    source:
      'seed, docs/domain.md §4: "it takes three months to see the full benefits"; 4–6 months (LOW)',
    reason: 'the seed figure; clinics that follow the LOW sources can set 4–6',
  },
  downtimeDays: {
    value: 4,
    unit: 'days after the session day',
    range: [2, 7],
    source:
      'seed, docs/domain.md §4: downtime "about three to four days"; 2–3 days or up to a week (LOW)',
    reason:
      'the upper seed figure, so the aftercare (which lasts until the holes have closed) is not stopped early',
  },
  maxSessions: {
    value: 6,
    unit: 'sessions per series',
    source: 'assumption: no series longer than 3 sessions was found reported',
    reason: 'room above the 3 of the severe category, with a hard stop against typing errors',
  },
  maxIntervalWeeks: {
    value: 52,
    unit: 'weeks',
    source: 'assumption',
    reason: 'a series spread over more than a year is two series; refuses typing errors',
  },
  aftercare: {
    value: [
      { code: 'no-shaving', instruction: 'Do not shave the treated area', source: AFTERCARE },
      { code: 'no-makeup', instruction: 'No makeup on the treated area', source: AFTERCARE },
      { code: 'no-pools', instruction: 'No swimming pools, saunas or hot tubs', source: AFTERCARE },
      {
        code: 'no-overheating',
        instruction: 'Avoid overheating: no strenuous exercise or hot environments',
        source: AFTERCARE,
      },
      {
        code: 'cleanse-twice-daily',
        instruction: 'Cleanse the treated area gently twice a day',
        source: AFTERCARE,
      },
      {
        code: 'petrolatum',
        instruction: 'Apply petrolatum to the treated area after cleansing',
        source: AFTERCARE,
      },
    ] satisfies readonly AftercareInstruction[] as readonly AftercareInstruction[],
    unit: 'instructions, from the session day to the end of the downtime',
    source: AFTERCARE,
    reason: 'the holes are covered when the downtime ends, so the aftercare lasts as long',
  },
} as const;

/** The values a clinic may set; every field defaults to SERIES_SETTINGS. */
export interface SeriesSettings {
  readonly sessionsByLaxity: {
    readonly mild: number;
    readonly moderate: number;
    readonly severe: number;
  };
  readonly laxityBands: { readonly mildMaxGrade: number; readonly moderateMaxGrade: number };
  readonly minimumIntervalWeeks: number;
  readonly assessmentAfterMonths: number;
  readonly downtimeDays: number;
  readonly maxSessions: number;
  readonly maxIntervalWeeks: number;
  readonly aftercare: readonly AftercareInstruction[];
}

export function defaultSeriesSettings(): SeriesSettings {
  const s = SERIES_SETTINGS;
  return {
    sessionsByLaxity: { ...s.sessionsByLaxity.value },
    laxityBands: { ...s.laxityBands.value },
    minimumIntervalWeeks: s.minimumIntervalWeeks.value,
    assessmentAfterMonths: s.assessmentAfterMonths.value,
    downtimeDays: s.downtimeDays.value,
    maxSessions: s.maxSessions.value,
    maxIntervalWeeks: s.maxIntervalWeeks.value,
    aftercare: s.aftercare.value,
  };
}
