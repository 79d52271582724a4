import { MicrocoreError } from '../errors.js';
import type { IsoDate } from '../records/types.js';
import { addDays, addMonthsClamped, daysBetween, parseIsoDate } from './dates.js';
import {
  defaultSeriesSettings,
  type LaxityCategory,
  SERIES_SETTINGS,
  type SeriesSettings,
} from './seriesSettings.js';

export interface SeriesWarning {
  readonly code: string;
  readonly message: string;
}

export interface ScheduleSeriesInput {
  readonly startDate: IsoDate;
  /** Alexiades-Armenakas laxity grade, 0–4 in half steps. */
  readonly laxityGrade: number;
  /** Overrides the number the laxity category recommends (1–6). */
  readonly sessions?: number;
  /** Defaults to the minimum interval; shorter needs `reason`. */
  readonly intervalWeeks?: number;
  /** Why the interval is shorter than the clinic's minimum. */
  readonly reason?: string | null;
  readonly settings?: Partial<SeriesSettings>;
}

export interface AftercareItem {
  readonly code: string;
  readonly instruction: string;
  readonly fromDate: IsoDate;
  /** Inclusive. */
  readonly untilDate: IsoDate;
  readonly source: string;
}

export interface ScheduledSession {
  /** 1-based. */
  readonly number: number;
  readonly date: IsoDate;
  /** The last day of the expected downtime, inclusive. */
  readonly downtimeUntil: IsoDate;
  readonly aftercare: AftercareItem[];
}

export interface SeriesSchedule {
  readonly sessions: ScheduledSession[];
  readonly assessmentDate: IsoDate;
  readonly intervalWeeks: number;
  readonly warnings: SeriesWarning[];
}

/** Plan a treatment series from its start date and the patient's laxity (docs/domain.md §4). */
export function scheduleSeries(input: ScheduleSeriesInput): SeriesSchedule {
  const settings = resolveSeriesSettings(input.settings);
  parseIsoDate(input.startDate, 'startDate');
  const category = laxityCategory(input.laxityGrade, settings);
  const warnings: SeriesWarning[] = [];
  if (category === 'none') {
    warnings.push({
      code: 'series.laxity-none',
      message:
        'laxity grade 0 (no laxity): Micro-Coring is not indicated; check the grade before booking',
    });
  }

  const recommended = recommendedSessions(input.laxityGrade, settings);
  const sessionCount = input.sessions ?? recommended;
  if (!Number.isInteger(sessionCount) || sessionCount < 1 || sessionCount > settings.maxSessions) {
    invalid(
      'sessions',
      `sessions ${String(sessionCount)} is not a whole number 1–${settings.maxSessions}`,
    );
  }
  if (sessionCount !== recommended && category !== 'none') {
    warnings.push({
      code: 'series.sessions-differ-from-recommendation',
      message: `${sessionCount} sessions booked; the clinic's setting for ${category} laxity (grade ${input.laxityGrade}) is ${recommended}`,
    });
  }

  const intervalWeeks = input.intervalWeeks ?? settings.minimumIntervalWeeks;
  const intervalDays = checkIntervalWeeks(intervalWeeks, settings);
  const warning = intervalWarning(intervalDays, input.reason, settings, 'intervalWeeks');
  if (warning) warnings.push(warning);

  const sessions: ScheduledSession[] = [];
  for (let i = 0; i < sessionCount; i++) {
    const date = addDays(input.startDate, i * intervalDays);
    const downtimeUntil = addDays(date, settings.downtimeDays);
    sessions.push({
      number: i + 1,
      date,
      downtimeUntil,
      aftercare: settings.aftercare.map((a) => ({
        code: a.code,
        instruction: a.instruction,
        fromDate: date,
        untilDate: downtimeUntil,
        source: a.source,
      })),
    });
  }
  const last = sessions[sessions.length - 1]?.date ?? input.startDate;
  return {
    sessions,
    assessmentDate: addMonthsClamped(last, settings.assessmentAfterMonths),
    intervalWeeks,
    warnings,
  };
}

/**
 * Check the interval before a session actually being recorded. Sooner than the clinic's minimum
 * is refused without a reason and carries a warning with one.
 */
export function checkSessionInterval(
  previousSessionDate: IsoDate,
  nextDate: IsoDate,
  reason?: string | null,
  settings?: Partial<SeriesSettings>,
): SeriesWarning[] {
  const resolved = resolveSeriesSettings(settings);
  parseIsoDate(previousSessionDate, 'previousSessionDate');
  parseIsoDate(nextDate, 'date');
  const days = daysBetween(previousSessionDate, nextDate);
  if (days <= 0) {
    invalid(
      'date',
      `session date ${nextDate} is not after the previous session on ${previousSessionDate}`,
    );
  }
  const warning = intervalWarning(days, reason, resolved, 'date');
  return warning ? [warning] : [];
}

/** Alexiades-Armenakas grade (0–4, half steps) → category, by the clinic's bands. */
/** The sessions the clinic's settings give for a laxity grade (grade 0 counts as mild). */
export function recommendedSessions(
  laxityGrade: number,
  settings: SeriesSettings = defaultSeriesSettings(),
): number {
  const category = laxityCategory(laxityGrade, settings);
  return settings.sessionsByLaxity[category === 'none' ? 'mild' : category];
}

export function laxityCategory(
  laxityGrade: number,
  settings: SeriesSettings = defaultSeriesSettings(),
): LaxityCategory {
  if (
    typeof laxityGrade !== 'number' ||
    !Number.isInteger(laxityGrade * 2) ||
    laxityGrade < 0 ||
    laxityGrade > 4
  ) {
    invalid(
      'laxityGrade',
      `laxity grade ${JSON.stringify(laxityGrade)} is not an Alexiades-Armenakas grade; use 0–4 in half steps (e.g. 2.5)`,
    );
  }
  if (laxityGrade === 0) return 'none';
  if (laxityGrade <= settings.laxityBands.mildMaxGrade) return 'mild';
  if (laxityGrade <= settings.laxityBands.moderateMaxGrade) return 'moderate';
  return 'severe';
}

/** The clinic's settings over the defaults, each checked (field `settings.<name>`). */
export function resolveSeriesSettings(overrides?: Partial<SeriesSettings>): SeriesSettings {
  const s: SeriesSettings = { ...defaultSeriesSettings(), ...overrides };
  const whole = (value: number, field: string, min: number) => {
    if (!Number.isInteger(value) || value < min) {
      invalid(
        `settings.${field}`,
        `setting ${field} = ${String(value)} must be a whole number ≥ ${min}`,
      );
    }
  };
  whole(s.maxSessions, 'maxSessions', 1);
  for (const key of ['mild', 'moderate', 'severe'] as const) {
    const n = s.sessionsByLaxity[key];
    whole(n, `sessionsByLaxity.${key}`, 1);
    if (n > s.maxSessions) {
      invalid(
        `settings.sessionsByLaxity.${key}`,
        `setting sessionsByLaxity.${key} = ${n} is above maxSessions ${s.maxSessions}`,
      );
    }
  }
  const { mildMaxGrade, moderateMaxGrade } = s.laxityBands;
  if (!(mildMaxGrade > 0 && mildMaxGrade <= moderateMaxGrade && moderateMaxGrade <= 4)) {
    invalid(
      'settings.laxityBands',
      'laxity bands must satisfy 0 < mildMaxGrade ≤ moderateMaxGrade ≤ 4',
    );
  }
  if (!(s.minimumIntervalWeeks > 0 && s.minimumIntervalWeeks <= s.maxIntervalWeeks)) {
    invalid(
      'settings.minimumIntervalWeeks',
      `setting minimumIntervalWeeks = ${s.minimumIntervalWeeks} must be above 0 and at most maxIntervalWeeks`,
    );
  }
  whole(s.assessmentAfterMonths, 'assessmentAfterMonths', 1);
  const [minDowntime, maxDowntime] = SERIES_SETTINGS.downtimeDays.range;
  if (
    !Number.isInteger(s.downtimeDays) ||
    s.downtimeDays < minDowntime ||
    s.downtimeDays > maxDowntime
  ) {
    invalid(
      'settings.downtimeDays',
      `setting downtimeDays = ${s.downtimeDays} must be a whole number ${minDowntime}–${maxDowntime} (the reported range)`,
    );
  }
  if (
    !Array.isArray(s.aftercare) ||
    !s.aftercare.every((a) => typeof a?.code === 'string' && typeof a.instruction === 'string')
  ) {
    invalid(
      'settings.aftercare',
      'setting aftercare must be a list of { code, instruction, source }',
    );
  }
  return s;
}

/** Weeks → whole days; refuses what is not a positive number of whole days within the maximum. */
function checkIntervalWeeks(intervalWeeks: number, settings: SeriesSettings): number {
  const days = Math.round(intervalWeeks * 7);
  if (
    typeof intervalWeeks !== 'number' ||
    !Number.isFinite(intervalWeeks) ||
    intervalWeeks <= 0 ||
    Math.abs(days - intervalWeeks * 7) > 1e-9 ||
    intervalWeeks > settings.maxIntervalWeeks
  ) {
    invalid(
      'intervalWeeks',
      `interval ${JSON.stringify(intervalWeeks)} weeks is not a positive whole number of days up to ${settings.maxIntervalWeeks} weeks; give e.g. 6, or 30/7 for 30 days`,
    );
  }
  return days;
}

function intervalWarning(
  days: number,
  reason: string | null | undefined,
  settings: SeriesSettings,
  field: string,
): SeriesWarning | null {
  const minimumDays = Math.round(settings.minimumIntervalWeeks * 7);
  if (days >= minimumDays) return null;
  if (reason != null && typeof reason !== 'string') invalid('reason', 'reason must be text');
  const weeks = Math.round((days / 7) * 10) / 10;
  if (!reason?.trim()) {
    throw new MicrocoreError(
      'series.interval-below-minimum',
      `${days} days (${weeks} weeks) between sessions is below the clinic's minimum of ${settings.minimumIntervalWeeks} weeks; book at least ${minimumDays} days apart, or record the reason for the shorter interval`,
      field,
    );
  }
  return {
    code: 'series.interval-below-minimum',
    message: `${days} days between sessions, below the ${settings.minimumIntervalWeeks}-week minimum; reason recorded: ${reason.trim()}`,
  };
}

function invalid(field: string, message: string): never {
  throw new MicrocoreError('series.invalid-input', message, field);
}
