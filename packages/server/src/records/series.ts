import { SERIES_SETTINGS, type SeriesSchedule, scheduleSeries } from '@microcore/core';
import { z } from 'zod';
import { sqlArray } from '../db/arrays.js';
import type { Tx } from '../db/open.js';
import { bodyId } from '../http/ids.js';
import { invalid } from '../http/problems.js';
import { calendarDate, refuse, requireActive, timeOfDay } from './fields.js';
import { recordKind } from './recordKind.js';

/**
 * A treatment series (docs/domain.md §4): the core's scheduleSeries from the patient's stored
 * laxity grade, booked against one of the patient's plans, kept as the schedule the clinician was
 * given (so a later change of the clinic's settings does not rewrite a booked series).
 */

export const seriesBody = z.strictObject({
  planId: bodyId.describe("one of this patient's plans"),
  startDate: calendarDate.describe('the first session, YYYY-MM-DD'),
  sessions: z
    .number()
    .optional()
    .describe(
      'number of sessions (1–6); default from the laxity grade: mild 1, moderate 2, severe 3',
    ),
  intervalWeeks: z
    .number()
    .optional()
    .describe('weeks between sessions, a whole number of days (30/7 for 30 days); default 6'),
  reason: z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .describe("why the interval is shorter than the clinic's minimum; required when it is"),
  sessionTimes: z
    .array(timeOfDay.nullable())
    .max(SERIES_SETTINGS.maxSessions.value)
    .optional()
    .describe(
      "a time of day per session, in order (HH:MM, the clinic's time zone; null: none); one per session booked",
    ),
  assessmentTime: timeOfDay
    .nullable()
    .optional()
    .describe("the assessment's time of day (HH:MM, the clinic's time zone)"),
});

const aftercare = z.object({
  code: z.string(),
  instruction: z.string(),
  fromDate: z.string(),
  untilDate: z.string().describe('inclusive'),
  source: z.string(),
});
const session = z.object({
  number: z.number().describe('1-based'),
  date: z.string(),
  time: z.string().nullable().describe("HH:MM in the clinic's time zone, or null (all day)"),
  downtimeUntil: z.string().describe('the last day of the expected downtime, inclusive'),
  aftercare: z.array(aftercare),
});
export const seriesSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  planId: z.uuid(),
  startDate: z.string(),
  sessions: z.array(session),
  assessmentDate: z.string().describe('3 months after the last session'),
  assessmentTime: z.string().nullable().describe("HH:MM in the clinic's time zone, or null"),
  intervalWeeks: z.number(),
  reason: z.string().nullable(),
  laxityGrade: z.number().describe('the Alexiades-Armenakas grade at booking'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  createdAt: z.string(),
});
export type Series = z.infer<typeof seriesSchema>;

const SERIES_COLUMNS = [
  'id',
  'patient_id',
  'plan_id',
  'start_date',
  'sessions',
  'assessment_date',
  'assessment_time',
  'interval_weeks',
  'reason',
  'laxity_grade',
  'warnings',
  'created_at',
] as const;

interface SeriesRow {
  id: string;
  patient_id: string;
  plan_id: string;
  start_date: string;
  sessions: unknown;
  assessment_date: string;
  assessment_time: string | null;
  interval_weeks: number | string;
  reason: string | null;
  laxity_grade: string;
  warnings: unknown;
  created_at: Date | string;
}

export function toSeries(row: SeriesRow): Series {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    startDate: row.start_date,
    // A series booked before times of day (migration 020) has none.
    sessions: (row.sessions as Omit<Series['sessions'][number], 'time'>[]).map((session) => ({
      ...session,
      time: (session as { time?: string | null }).time ?? null,
    })),
    assessmentDate: row.assessment_date,
    assessmentTime: row.assessment_time,
    intervalWeeks: Number(row.interval_weeks),
    reason: row.reason,
    laxityGrade: Number(row.laxity_grade),
    warnings: row.warnings as Series['warnings'],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The series of a clinic (of one patient when given), in `order` of booking. */
export function seriesRows(
  tx: Tx,
  clinicId: string,
  patientId?: string,
  order: 'start' | 'newest' = 'start',
) {
  let query = tx
    .selectFrom('treatment_series')
    .select(SERIES_COLUMNS)
    .where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  return (
    order === 'newest'
      ? query.orderBy('created_at', 'desc').orderBy('id')
      : query.orderBy('start_date').orderBy('created_at').orderBy('id')
  ).execute();
}

/** The patient's series with this (canonical) id, or undefined. */
export async function findSeries(
  tx: Tx,
  clinicId: string,
  patientId: string,
  seriesId: string,
): Promise<Series | undefined> {
  const row = await tx
    .selectFrom('treatment_series')
    .select(SERIES_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', seriesId)
    .executeTakeFirst();
  return row ? toSeries(row) : undefined;
}

export const series = recordKind({
  name: 'series',
  resourceType: 'series',
  noun: 'series',
  path: 'series',
  idParam: 'seriesId',
  tag: 'series',
  json: seriesSchema,
  writers: ['clinician'],
  list: {
    summary: "The patient's treatment series, newest first",
    items: async ({ tx, user, patient }) =>
      (await seriesRows(tx, user.clinicId, patient.id, 'newest')).map(toSeries),
  },
  read: {
    summary: 'One treatment series',
    record: ({ tx, user, patient }, id) => findSeries(tx, user.clinicId, patient.id, id),
  },
  create: {
    summary:
      "Book a treatment series against one of the patient's plans (sessions from the stored laxity grade)",
    body: seriesBody,
    insert: async ({ tx, user, patient }, body) => {
      requireActive(patient, 'book a series');
      const plan = await tx
        .selectFrom('plans')
        .select('id')
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('id', '=', body.planId)
        .executeTakeFirst();
      if (!plan) {
        throw invalid(
          'planId',
          'no plan of this patient has this id; plan the treatment first (POST /api/patients/{id}/plans) and book the series against it',
        );
      }
      const laxityGrade = Number(patient.laxity_grade);
      const reason = body.reason?.trim() || null;
      const schedule: SeriesSchedule = scheduleSeries({
        startDate: body.startDate,
        laxityGrade,
        sessions: body.sessions,
        intervalWeeks: body.intervalWeeks,
        reason,
      });
      const sessionTimes = body.sessionTimes ?? [];
      if (body.sessionTimes !== undefined && sessionTimes.length !== schedule.sessions.length)
        refuse([
          {
            field: 'sessionTimes',
            message: `gives ${sessionTimes.length} times for ${schedule.sessions.length} sessions; give one per session (null for none)`,
          },
        ]);
      const sessions = schedule.sessions.map((session, i) => ({
        ...session,
        time: sessionTimes[i] ?? null,
      }));
      const row = await tx
        .insertInto('treatment_series')
        .values({
          patient_id: patient.id,
          clinic_id: user.clinicId,
          plan_id: plan.id,
          start_date: body.startDate,
          session_dates: sqlArray(
            schedule.sessions.map((s) => s.date),
            'date',
          ),
          interval_weeks: schedule.intervalWeeks,
          reason,
          laxity_grade: laxityGrade,
          assessment_date: schedule.assessmentDate,
          sessions: JSON.stringify(sessions),
          assessment_time: body.assessmentTime ?? null,
          warnings: JSON.stringify(schedule.warnings),
          created_by: user.id,
        })
        .returning(SERIES_COLUMNS)
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toSeries(row) };
    },
  },
});
