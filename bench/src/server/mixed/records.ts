import type { Rng } from '@microcore/core';

/**
 * The bodies the bench writes, the same whether the seed puts them straight into the database or
 * the load sends them through the API: sessions, assessments, and the plans.
 */
const DAY_MS = 86_400_000;

/** Two days back: "not after today" on the clinic's calendar in any time zone. */
export const RECORD_DATE = new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10);

/** The demo cohort's plan: cheeks, jawline and submental at 22G (what clinics plan most). */
export const LOWER_FACE_ZONES = [
  'cheek-left',
  'cheek-right',
  'jawline-left',
  'jawline-right',
  'submental',
] as const;

/** The plan of the mix: the full lower face at 22G, clinical mode, its own seed. */
export function planBody(seed: number) {
  return { zones: LOWER_FACE_ZONES, needle: '22G', mode: 'clinical', seed } as const;
}

/**
 * Sessions: a patient's first (seeded) on FIRST_SESSION, each later one SESSION_INTERVAL_DAYS
 * (the protocol's minimum interval) after the last, so none needs an interval reason and none
 * falls on the day of another, which the API refuses. Eight years leave room for ~70 each.
 */
const FIRST_SESSION_MS = Date.parse(RECORD_DATE) - 8 * 365 * DAY_MS;
const SESSION_INTERVAL_DAYS = 42;

export interface SessionBody {
  readonly planId: string;
  readonly date: string;
  readonly zones: readonly { readonly zoneId: string; readonly coresDelivered: number }[];
  readonly anaesthesia: 'topical';
}

/** The patient's session number `n` (0: the seeded one) against their plan. */
export function sessionBody(planId: string, n: number): SessionBody {
  const date = new Date(FIRST_SESSION_MS + n * SESSION_INTERVAL_DAYS * DAY_MS)
    .toISOString()
    .slice(0, 10);
  if (date > RECORD_DATE)
    throw new Error(`the run outlasted the patients' session calendar (session ${n} on ${date})`);
  return {
    planId,
    date,
    zones: [
      { zoneId: 'submental', coresDelivered: 2000 },
      { zoneId: 'jawline-left', coresDelivered: 1300 },
    ],
    anaesthesia: 'topical',
  };
}

export interface AssessmentBody {
  readonly date: string;
  readonly lemperleByZone: Readonly<Record<string, number>>;
  readonly gaisInvestigator: number;
  readonly satisfaction: number;
}

export function assessmentBody(rng: Rng): AssessmentBody {
  return {
    date: RECORD_DATE,
    lemperleByZone: { submental: rng.int(6), 'jawline-left': rng.int(6) },
    gaisInvestigator: 1 + rng.int(5),
    satisfaction: 1 + rng.int(5),
  };
}
