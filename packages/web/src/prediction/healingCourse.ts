/**
 * The healing course by day, from the model's own figures (docs/model.md §1): after each session
 * the cores are open wounds until they close (within hours), the surface is then covered again
 * by epithelium through the downtime, and afterwards the skin remodels, which is when most of the
 * tightening builds up.
 */
export type HealingPhase = 'open-wounds' | 'closure' | 'remodelling';

export const PHASE_NAMES: Readonly<Record<HealingPhase, string>> = {
  'open-wounds': 'Open wounds',
  closure: 'Closure',
  remodelling: 'Remodelling',
};

export const PHASE_DESCRIPTIONS: Readonly<Record<HealingPhase, string>> = {
  'open-wounds': 'the cores are open; they close within hours',
  closure: 'the holes have closed and the surface is covered again (the downtime)',
  remodelling: 'the skin remodels and contracts; the tightening builds up',
};

export interface CourseTiming {
  /** Days of the sessions, the first 0, rising. */
  readonly sessionDays: readonly number[];
  /** Hours until the wounds of a session have closed (95 %). */
  readonly closedWithinHours: number;
  /** Days until the surface of a session is covered again (95 % epithelial cover). */
  readonly downtimeDays: number;
}

export interface DayPhase {
  readonly phase: HealingPhase;
  /** 1-based number of the latest session on or before the day. */
  readonly session: number;
  readonly daysSinceSession: number;
}

/** The phase on a day (days count from the first session). */
export function phaseOnDay(day: number, timing: CourseTiming): DayPhase {
  let session = 1;
  for (let k = 0; k < timing.sessionDays.length; k++)
    if (timing.sessionDays[k] <= day) session = k + 1;
  const daysSinceSession = day - timing.sessionDays[session - 1];
  const phase: HealingPhase =
    daysSinceSession * 24 < timing.closedWithinHours
      ? 'open-wounds'
      : daysSinceSession < timing.downtimeDays
        ? 'closure'
        : 'remodelling';
  return { phase, session, daysSinceSession };
}

export interface DowntimeWindow {
  readonly session: number;
  readonly startDay: number;
  /** Expected end (the model's downtime) and the range it may fall in. */
  readonly endDay: number;
  readonly endLowDay: number;
  readonly endHighDay: number;
}

/** The downtime after each session: from the session to its covered surface, with the range. */
export function downtimeWindows(
  sessionDays: readonly number[],
  downtimeDays: number,
  interval: { readonly low: number; readonly high: number },
): DowntimeWindow[] {
  return sessionDays.map((startDay, k) => ({
    session: k + 1,
    startDay,
    endDay: startDay + downtimeDays,
    endLowDay: startDay + interval.low,
    endHighDay: startDay + interval.high,
  }));
}
