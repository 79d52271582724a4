import { type SeriesSchedule, scheduleSeries, seriesToIcs } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { appendAudit } from '../audit.js';
import { sqlArray } from '../db/arrays.js';
import { inClinic, type Tx } from '../db/open.js';
import { invalid, notFound, Problem } from '../http/problems.js';
import { findPatient, PATIENT_READERS, PATIENT_WRITERS, UUID } from './patients.js';
import { listForPatient } from './records/common.js';
import { calendarDate, commonErrors, idParams, problemSchema } from './schemas.js';

/**
 * Treatment series (issue 5; DOMAIN.md §4): the core's scheduleSeries from the patient's stored
 * laxity grade, booked against one of the patient's plans, kept as the schedule the clinician was
 * given (so a later change of the clinic's settings does not rewrite a booked series), and served
 * as an iCalendar file.
 */

const seriesParams = z.object({ id: z.string().max(64), seriesId: z.string().max(64) });

export const seriesBody = z.strictObject({
  planId: z.uuid().describe("one of this patient's plans"),
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
  downtimeUntil: z.string().describe('the last day of the expected downtime, inclusive'),
  aftercare: z.array(aftercare),
});
const seriesSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  planId: z.uuid(),
  startDate: z.string(),
  sessions: z.array(session),
  assessmentDate: z.string().describe('3 months after the last session'),
  intervalWeeks: z.number(),
  reason: z.string().nullable(),
  laxityGrade: z.number().describe('the Alexiades-Armenakas grade at booking'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  createdAt: z.string(),
});
type Series = z.infer<typeof seriesSchema>;

export const SERIES_COLUMNS = [
  'id',
  'patient_id',
  'plan_id',
  'start_date',
  'sessions',
  'assessment_date',
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
    sessions: row.sessions as Series['sessions'],
    assessmentDate: row.assessment_date,
    intervalWeeks: Number(row.interval_weeks),
    reason: row.reason,
    laxityGrade: Number(row.laxity_grade),
    warnings: row.warnings as Series['warnings'],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The patient's series, or 404 (another clinic's or patient's id, an unknown or malformed id). */
async function findSeries(
  tx: Tx,
  clinicId: string,
  patientId: string,
  seriesId: string,
): Promise<SeriesRow> {
  if (!UUID.test(seriesId)) throw notFound('series');
  const row = await tx
    .selectFrom('treatment_series')
    .select(SERIES_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', seriesId)
    .executeTakeFirst();
  if (!row) throw notFound('series');
  return row;
}

export function seriesRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/series',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'series.create', resourceType: 'series' },
        },
        schema: {
          summary:
            "Book a treatment series against one of the patient's plans (sessions from the stored laxity grade)",
          tags: ['series'],
          params: idParams,
          body: seriesBody,
          response: { 201: seriesSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const body = request.body;
        const stored = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (patient.archived_at !== null)
            throw new Problem('conflict', 'the patient is archived; restore them to book a series');
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
              sessions: JSON.stringify(schedule.sessions),
              warnings: JSON.stringify(schedule.warnings),
              created_by: user.id,
            })
            .returning(SERIES_COLUMNS)
            .executeTakeFirstOrThrow();
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'series.create',
            resourceType: 'series',
            resourceId: row.id,
            outcome: 'ok',
          });
          return row;
        });
        reply
          .code(201)
          .header('location', `/api/patients/${stored.patient_id}/series/${stored.id}`);
        return toSeries(stored);
      },
    );

    app.get(
      '/api/patients/:id/series',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'series.list', resourceType: 'patient' },
        },
        schema: {
          summary: "The patient's treatment series, newest first",
          tags: ['series'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(seriesSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(context, request.user, request.params.id, 'series.list', (tx, scope) =>
          tx
            .selectFrom('treatment_series')
            .select(SERIES_COLUMNS)
            .where('clinic_id', '=', scope.clinicId)
            .where('patient_id', '=', scope.patientId)
            .orderBy('created_at', 'desc')
            .orderBy('id')
            .execute()
            .then((rows) => rows.map(toSeries)),
        ),
    );

    app.get(
      '/api/patients/:id/series/:seriesId',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'series.read', resourceType: 'series' },
        },
        schema: {
          summary: 'One treatment series',
          tags: ['series'],
          params: seriesParams,
          response: { 200: seriesSchema, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        return inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          const row = await findSeries(tx, user.clinicId, patient.id, request.params.seriesId);
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'series.read',
            resourceType: 'series',
            resourceId: row.id,
            outcome: 'ok',
          });
          return toSeries(row);
        });
      },
    );

    app.get(
      '/api/patients/:id/series/:seriesId/calendar.ics',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'series.calendar', resourceType: 'series' },
        },
        schema: {
          summary:
            'The series as an iCalendar (RFC 5545) file: one all-day event per session and one for the assessment',
          description:
            'Answers `text/calendar; charset=utf-8` as an attachment `microcore-series-<id>.ics`. Event UIDs derive from the series id, so importing again updates the same events.',
          tags: ['series'],
          params: seriesParams,
          produces: ['text/calendar'],
          response: {
            200: {
              description: 'the iCalendar file',
              content: { 'text/calendar': { schema: z.string() } },
            },
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const { row, clinicName } = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          const found = await findSeries(tx, user.clinicId, patient.id, request.params.seriesId);
          const clinic = await tx
            .selectFrom('clinics')
            .select('name')
            .where('id', '=', user.clinicId)
            .executeTakeFirst();
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'series.calendar',
            resourceType: 'series',
            resourceId: found.id,
            outcome: 'ok',
          });
          return { row: found, clinicName: clinic?.name };
        });
        const series = toSeries(row);
        const ics = seriesToIcs({
          seriesId: series.id,
          schedule: {
            sessions: series.sessions,
            assessmentDate: series.assessmentDate,
            intervalWeeks: series.intervalWeeks,
            warnings: series.warnings,
          },
          dtstamp: new Date().toISOString(),
          clinicName,
        });
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="microcore-series-${series.id}.ics"`)
          .send(ics);
      },
    );
  };
}
