import { MicrocoreError } from '../errors.js';
import { dayNumber } from './dates.js';
import {
  DEFAULT_DURABILITY,
  DEFAULT_WINDOWS,
  type DurabilityWindows,
  type FollowUpWindow,
} from './windows.js';

/** How the evidence summary (summary.ts) is stratified. */
export type Stratification = 'none' | 'fitzpatrick' | 'sessions';

export interface SummaryOptions {
  /** Default none: one stratum, `all`. */
  readonly stratify?: Stratification;
  /** Default DEFAULT_WINDOWS. */
  readonly windows?: readonly FollowUpWindow[];
  /** Default DEFAULT_DURABILITY (90 days vs 180 days, else 1 year+). */
  readonly durability?: DurabilityWindows;
  /**
   * The day the data were read (the clinic's today), by which a booked session overdue by more
   * than SERIES_OVERDUE_DAYS means the series stopped. Without it only a patient's own later
   * visits show that (de-identified data: each patient's dates are shifted, so a common day
   * would misjudge them).
   */
  readonly asOf?: string;
}

/** SummaryOptions with the defaults applied, checked, and `asOf` as a day number. */
export interface ResolvedOptions {
  readonly stratify: Stratification;
  readonly windows: readonly FollowUpWindow[];
  readonly durability: DurabilityWindows;
  readonly asOfDay: number | null;
}

export function resolveOptions(options: SummaryOptions): ResolvedOptions {
  const stratify = options.stratify ?? 'none';
  if (!['none', 'fitzpatrick', 'sessions'].includes(stratify)) {
    throw new MicrocoreError(
      'evidence.invalid-input',
      `unknown stratification "${stratify}"; use none, fitzpatrick or sessions`,
      'stratify',
    );
  }
  const windows = options.windows ?? DEFAULT_WINDOWS;
  validateWindows(windows);
  return {
    stratify,
    windows,
    durability: options.durability ?? DEFAULT_DURABILITY,
    asOfDay: options.asOf === undefined ? null : dayNumber(options.asOf, 'asOf'),
  };
}

function validateWindows(windows: readonly FollowUpWindow[]): void {
  const ids = new Set<string>();
  windows.forEach((w, i) => {
    const field = `windows[${i}]`;
    const bad = (message: string, sub: string) => {
      throw new MicrocoreError('evidence.invalid-input', message, `${field}.${sub}`);
    };
    if (ids.has(w.id)) bad(`window id "${w.id}" is used twice; give each window its own id`, 'id');
    ids.add(w.id);
    if (!(Number.isFinite(w.fromDays) && w.fromDays >= 0)) {
      bad(`fromDays must be a number ≥ 0, got ${w.fromDays}`, 'fromDays');
    }
    if (w.toDays !== null && !(Number.isFinite(w.toDays) && w.toDays > w.fromDays)) {
      bad(`toDays must be above fromDays (${w.fromDays}) or null, got ${w.toDays}`, 'toDays');
    }
    if (!Number.isFinite(w.targetDays)) bad('targetDays must be a number', 'targetDays');
  });
}
