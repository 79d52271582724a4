import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { PlannedFollowUpsTable } from '../db/schema.js';
import { calendarDate, isoTime, notes, refuse, requireActive, timeOfDay } from './fields.js';
import { RECORD_WRITERS, recordKind } from './recordKind.js';

/**
 * A planned follow-up: a day (and, when given, a time) booked ahead for an assessment. A
 * recorded assessment may not lie in the future, so the booking is its own record; on the day
 * the assessment names it (`followUpId`) and the booking reads as recorded. Nothing is updated:
 * whether it is due or recorded is read from the assessment that names it and stands.
 */

/**
 * The clinic's bookings, each with the assessment that records it (`assessmentId`, null while
 * due): one that names it and stands. An assessment struck out as entered in error gives its
 * booking back — due again, and recordable again (migration 024 keeps one assessment per booking
 * among those that stand).
 */
function withRecorder(tx: Tx, clinicId: string) {
  return tx
    .selectFrom('planned_follow_ups as f')
    .leftJoin('assessments as a', (join) =>
      join.onRef('a.follow_up_id', '=', 'f.id').on('a.record_status', '=', 'current'),
    )
    .selectAll('f')
    .select('a.id as assessmentId')
    .where('f.clinic_id', '=', clinicId);
}

/** The advisory lock class of a booking being recorded (any number unused by other locks). */
const FOLLOW_UP_LOCK = 7_246_019;

export const followUpBody = z.strictObject({
  date: calendarDate.describe("the day booked, YYYY-MM-DD; today or later (the clinic's day)"),
  time: timeOfDay.nullable().optional(),
  notes,
});

export const followUpSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    date: z.string(),
    time: z.string().nullable().describe("HH:MM in the clinic's time zone, or null"),
    notes: z.string().nullable(),
    status: z
      .enum(['due', 'recorded'])
      .describe('recorded once an assessment names this booking (followUpId)'),
    assessmentId: z.uuid().nullable().describe('the assessment that recorded it'),
    createdAt: z.string(),
  })
  .describe('a follow-up booked ahead');
type FollowUp = z.infer<typeof followUpSchema>;

function toFollowUp(row: Selectable<PlannedFollowUpsTable>, assessmentId: string | null): FollowUp {
  return {
    id: row.id,
    patientId: row.patient_id,
    date: row.date,
    time: row.time,
    notes: row.notes,
    status: assessmentId === null ? 'due' : 'recorded',
    assessmentId,
    createdAt: isoTime(row.created_at),
  };
}

/**
 * A booking of this patient and the assessment that recorded it (null while due), or 422. Held
 * until the transaction ends, so two recordings of one booking at once take turns and the second
 * is told it is recorded (rather than failing on the database's one-assessment-per-booking key).
 */
export async function findFollowUpOf(
  tx: Tx,
  clinicId: string,
  patientId: string,
  followUpId: string,
): Promise<{ date: string; assessmentId: string | null }> {
  await sql`select pg_advisory_xact_lock(${FOLLOW_UP_LOCK}, hashtext(${followUpId}))`.execute(tx);
  const row = await withRecorder(tx, clinicId)
    .where('f.patient_id', '=', patientId)
    .where('f.id', '=', followUpId)
    .executeTakeFirst();
  if (!row)
    refuse([{ field: 'followUpId', message: 'no planned follow-up of this patient has this id' }]);
  return row;
}

/**
 * The follow-ups booked for one patient (or, without `patientId`, the clinic's), each with the
 * assessment that recorded it (null while due), by patient, day and time.
 */
export function followUpRows(tx: Tx, clinicId: string, patientId?: string) {
  let query = withRecorder(tx, clinicId);
  if (patientId !== undefined) query = query.where('f.patient_id', '=', patientId);
  return query
    .orderBy('f.patient_id')
    .orderBy('f.date')
    .orderBy('f.time')
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
}

/** A row of followUpRows as the API's JSON (also the journey's FollowUpRecord). */
export const toFollowUpJson = ({
  assessmentId,
  ...row
}: Awaited<ReturnType<typeof followUpRows>>[number]) => toFollowUp(row, assessmentId);

export const followUps = recordKind({
  name: 'follow-up',
  resourceType: 'planned-follow-up',
  noun: 'planned follow-up',
  path: 'follow-ups',
  idParam: 'followUpId',
  tag: 'records',
  json: followUpSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s planned follow-ups, by day, each due or recorded',
    items: async ({ tx, user, patient }) =>
      (await followUpRows(tx, user.clinicId, patient.id)).map(toFollowUpJson),
  },
  create: {
    summary: 'Book a follow-up for a day to come (recorded later as an assessment naming it)',
    description:
      'The day may not be before the clinic’s today (422 `date`). On the day, record the ' +
      'assessment with `followUpId`: POST /api/patients/{id}/assessments.',
    body: followUpBody,
    insert: async ({ tx, user, patient, today }, body) => {
      requireActive(patient);
      if (body.date < today)
        refuse([
          {
            field: 'date',
            message: `is in the past (today is ${today} in the clinic); a follow-up is booked for today or later`,
          },
        ]);
      const row = await tx
        .insertInto('planned_follow_ups')
        .values({
          clinic_id: user.clinicId,
          patient_id: patient.id,
          date: body.date,
          time: body.time ?? null,
          notes: body.notes ?? null,
          created_by: user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toFollowUp(row, null) };
    },
  },
});
