import {
  type DeidentifiedJourney,
  deidentifyJourneys,
  type FitzpatrickType,
  type PatientJourney,
  type Sex,
} from '@microcore/core';
import { sql } from 'kysely';
import { sqlArray } from '../db/arrays.js';
import type { Db, Tx } from '../db/open.js';

/**
 * The pooled research records: every clinic's patients with an active `research` consent, read
 * through the SECURITY DEFINER function research_pool() (migrations/008), which returns no
 * names, contact data, birth dates, free text or record ids but the patient's; then
 * de-identified by the core (keyed pseudonym, per-patient date shift) before anything leaves the
 * server. The patient id is used only as the HMAC input.
 */

interface PoolRow {
  patient_id: string;
  age_band: string;
  sex: string;
  fitzpatrick_type: number;
  laxity_grade: number;
  screenings: {
    date: string;
    decision: PatientJourney['screenings'][number]['decision'];
    reasonCodes: string[];
    acknowledgements: string[];
  }[];
  series: {
    startDate: string;
    sessionDates: string[];
    intervalWeeks: number;
    assessmentDate: string;
  }[];
  sessions: Omit<PatientJourney['sessions'][number], 'id' | 'patientId' | 'planId' | 'operator'>[];
  assessments: Omit<PatientJourney['assessments'][number], 'id' | 'patientId'>[];
  adverseEvents: Omit<PatientJourney['adverseEvents'][number], 'id' | 'patientId'>[];
  consents: Omit<PatientJourney['consents'][number], 'id' | 'patientId'>[];
  synthetic: boolean;
}

/**
 * The function's rows (in any transaction: the function sees past RLS), of the given patients
 * only when `patientIds` is set (research_pool_of, migrations/023).
 */
async function poolRows(tx: Tx | Db, options: PoolOptions): Promise<PoolRow[]> {
  const patients = options.patientIds === undefined ? null : sqlArray(options.patientIds, 'text');
  const { rows } = await sql<PoolRow>`
    select patient_id, age_band, sex, fitzpatrick_type, laxity_grade, screenings, series,
      sessions, assessments, adverse_events as "adverseEvents", consents, synthetic
    from research_pool_of(${options.cutoffDate}::date, ${options.includeSynthetic},
      ${patients}::uuid[])`.execute(tx);
  return rows;
}

/**
 * A row as the journey the core's deidentifyJourneys takes. What the function withheld is
 * filled with placeholders (empty names, positional ids) that deidentifyJourneys drops anyway;
 * the age band comes from the database and replaces the core's (which needs the birth date).
 */
function toJourney(row: PoolRow): PatientJourney {
  const patientId = row.patient_id;
  const n = (kind: string, i: number) => `${kind}-${i}`;
  return {
    patient: {
      id: patientId,
      givenName: '',
      familyName: '',
      // Never read: the band is the database's (see deidentifiedPool).
      birthDate: '1900-01-01',
      sex: row.sex as Sex,
      fitzpatrickType: row.fitzpatrick_type as FitzpatrickType,
      laxityGrade: Number(row.laxity_grade),
      synthetic: row.synthetic,
    },
    screenings: row.screenings.map((s, i) => ({
      id: n('screening', i),
      patientId,
      date: s.date,
      answers: {},
      acknowledgements: s.acknowledgements,
      decision: s.decision,
      reasons: s.reasonCodes.map((code) => ({ code, message: '', source: '' })),
    })),
    series: row.series.map((s, i) => ({
      id: n('series', i),
      patientId,
      planId: '',
      startDate: s.startDate,
      sessionDates: s.sessionDates,
      intervalWeeks: Number(s.intervalWeeks),
      assessmentDate: s.assessmentDate,
    })),
    sessions: row.sessions.map((s, i) => ({
      ...s,
      id: n('session', i),
      patientId,
      planId: '',
      operator: '',
    })),
    assessments: row.assessments.map((a, i) => ({
      ...a,
      laxityGrade:
        a.laxityGrade === null || a.laxityGrade === undefined ? null : Number(a.laxityGrade),
      id: n('assessment', i),
      patientId,
    })),
    adverseEvents: row.adverseEvents.map((e, i) => ({ ...e, id: n('event', i), patientId })),
    consents: row.consents.map((c, i) => ({ ...c, id: n('consent', i), patientId })),
    photos: [],
  };
}

/** The pooled, de-identified journeys of every clinic's research-consenting patients. */
export interface PoolOptions {
  /** The snapshot: records entered up to the end of this day (UTC) — see snapshotCutoff. */
  readonly cutoffDate: string;
  /** Include the demo clinic's synthetic patients (a demo database only). */
  readonly includeSynthetic: boolean;
  /** These patients only (those a snapshot re-reads); every consenting patient when absent. */
  readonly patientIds?: readonly string[];
}

/**
 * The pool's snapshot day for `now`: the last day of the previous calendar quarter (UTC). A
 * record enters the pool only at a quarter's end, so the day it first appears says no more than
 * its quarter, and a researcher who polls cannot read a patient's date shift off it
 * (migrations/008).
 */
export function snapshotCutoff(now: Date): string {
  const quarterStartMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(now.getUTCFullYear(), quarterStartMonth, 0)).toISOString().slice(0, 10);
}

/** A pooled patient's de-identified journey, with the id it was derived from (never answered). */
export interface PooledJourney {
  readonly patientId: string;
  readonly journey: DeidentifiedJourney;
}

/** The pooled, de-identified journeys, in the function's order (by patient id). */
export async function deidentifiedPool(
  tx: Tx | Db,
  key: string,
  options: PoolOptions,
): Promise<PooledJourney[]> {
  const rows = await poolRows(tx, options);
  const journeys = deidentifyJourneys(rows.map(toJourney), { key });
  return journeys.map((journey, i) => ({
    patientId: rows[i]?.patient_id ?? '',
    journey: {
      ...journey,
      patient: { ...journey.patient, ageBand: rows[i]?.age_band ?? 'unknown' },
    },
  }));
}
