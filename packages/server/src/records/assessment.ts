import type { AssessmentRecord } from '@microcore/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { AssessmentsTable } from '../db/schema.js';
import { bodyId } from '../http/ids.js';
import type { FieldError } from '../http/problems.js';
import {
  type IsA,
  isoTime,
  notes,
  optionalNumber,
  recordDate,
  refuse,
  requireActive,
  TEMPLATE_ZONE_IDS,
} from './fields.js';
import { findFollowUpOf } from './followUp.js';
import { type PatientScope, RECORD_WRITERS, recordKind } from './recordKind.js';
import { findSessionOf } from './session.js';
import { versionFields, versionOf } from './versions.js';

/** A follow-up (or baseline) assessment: Lemperle per zone, GAIS, satisfaction, laxity. */

/** 1–5, for GAIS (1 very much improved … 5 worse) and satisfaction (1 … 5 extremely). */
const oneToFive = z.number().int().min(1).max(5).nullable().optional();

const lemperleGrades = z
  .record(z.string().max(64), z.number().int().min(0).max(5))
  .describe(
    'Lemperle wrinkle grade per zone id of the face template, whole grades 0–5 ' +
      '(the scale is defined in whole, photo-referenced grades)',
  );

/** What an assessment records (a correction changes these, with lemperleByZone as a whole). */
const assessmentFields = z.strictObject({
  date: recordDate,
  sessionId: bodyId
    .nullable()
    .optional()
    .describe('the session this follows up; then the date must be on or after its date'),
  lemperleByZone: lemperleGrades,
  gaisInvestigator: oneToFive.describe('GAIS by the investigator, 1 very much improved … 5 worse'),
  gaisSubject: oneToFive.describe('GAIS by the patient, 1 … 5'),
  satisfaction: oneToFive.describe('patient satisfaction, 1 very dissatisfied … 5 extremely'),
  laxityGrade: z
    .number()
    .min(0)
    .max(4)
    .multipleOf(0.5)
    .nullable()
    .optional()
    .describe('Alexiades-Armenakas laxity grade, 0–4 in half steps'),
  notes,
});

/** A new assessment's body: its fields, and the planned follow-up it records (not corrected). */
export const assessmentBody = assessmentFields.extend({
  lemperleByZone: lemperleGrades.default({}),
  followUpId: bodyId
    .nullable()
    .optional()
    .describe(
      'the planned follow-up this records (GET …/follow-ups), once; the date may not be before its day',
    ),
});

export const assessmentSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    sessionId: z.uuid().nullable(),
    followUpId: z.uuid().nullable().describe('the planned follow-up it recorded'),
    date: z.string(),
    lemperleByZone: z.record(z.string(), z.number()),
    gaisInvestigator: z.number().nullable(),
    gaisSubject: z.number().nullable(),
    satisfaction: z.number().nullable(),
    laxityGrade: z.number().nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    ...versionFields,
  })
  .describe('a follow-up or baseline assessment (records/types.ts AssessmentRecord)');

type Assessment = z.infer<typeof assessmentSchema>;
export type AssessmentIsCoreRecord = IsA<
  Omit<Assessment, 'gaisInvestigator' | 'gaisSubject' | 'satisfaction'> & {
    // The schema says number; the CHECKs and the body schema hold them to 1–5.
    gaisInvestigator: AssessmentRecord['gaisInvestigator'];
    gaisSubject: AssessmentRecord['gaisSubject'];
    satisfaction: AssessmentRecord['satisfaction'];
  },
  AssessmentRecord
>;

export function toAssessment(row: Selectable<AssessmentsTable>): Assessment {
  return {
    id: row.id,
    patientId: row.patient_id,
    sessionId: row.session_id,
    followUpId: row.follow_up_id,
    date: row.date,
    lemperleByZone: row.lemperle_by_zone as Record<string, number>,
    gaisInvestigator: optionalNumber(row.gais_investigator),
    gaisSubject: optionalNumber(row.gais_subject),
    satisfaction: optionalNumber(row.satisfaction),
    laxityGrade: optionalNumber(row.laxity_grade),
    notes: row.notes,
    createdAt: isoTime(row.created_at),
    ...versionOf(row),
  };
}

/** The assessments of a clinic (of one patient when given), oldest first. */
export function assessmentRows(tx: Tx, clinicId: string, patientId?: string, id?: string) {
  let query = tx.selectFrom('assessments').selectAll().where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  if (id !== undefined) query = query.where('id', '=', id);
  return query.orderBy('date').orderBy('created_at').orderBy('id').execute();
}

/**
 * The creation's checks of an assessment (a correction's too): Lemperle zones of the template,
 * at least one score, the session followed up is the patient's and not after the date, the
 * planned follow-up recorded is the patient's, not recorded before, and not after the date.
 * Answers the columns to store.
 */
async function checkedAssessment(
  { tx, user, patient }: PatientScope,
  body: z.infer<typeof assessmentFields>,
  /** The planned follow-up it records (`recording`: a new assessment) or recorded, if any. */
  followUp: { id: string; recording: boolean } | null,
) {
  const errors: FieldError[] = [];
  const zones = Object.keys(body.lemperleByZone);
  for (const zone of zones)
    if (!TEMPLATE_ZONE_IDS.includes(zone))
      errors.push({
        field: `lemperleByZone.${zone}`,
        message: `not a zone of the face template (${TEMPLATE_ZONE_IDS.join(', ')})`,
      });
  const scored = [body.gaisInvestigator, body.gaisSubject, body.satisfaction, body.laxityGrade];
  if (zones.length === 0 && scored.every((s) => s === null || s === undefined))
    errors.push({
      field: 'lemperleByZone',
      message: 'an assessment records at least one score (Lemperle, GAIS, satisfaction or laxity)',
    });
  if (errors.length > 0) refuse(errors);
  const sessionId = body.sessionId ?? null;
  if (sessionId !== null) {
    const session = await findSessionOf(tx, user.clinicId, patient.id, sessionId);
    if (body.date < session.date)
      refuse([{ field: 'date', message: `is before the session it follows up (${session.date})` }]);
  }
  if (followUp !== null) {
    const booked = await findFollowUpOf(tx, user.clinicId, patient.id, followUp.id);
    if (followUp.recording && booked.assessmentId !== null)
      refuse([
        {
          field: 'followUpId',
          message: `this follow-up was already recorded (assessment ${booked.assessmentId})`,
        },
      ]);
    if (body.date < booked.date)
      refuse([{ field: 'date', message: `is before the day booked (${booked.date})` }]);
  }
  return {
    session_id: sessionId,
    date: body.date,
    lemperle_by_zone: JSON.stringify(body.lemperleByZone),
    gais_investigator: body.gaisInvestigator ?? null,
    gais_subject: body.gaisSubject ?? null,
    satisfaction: body.satisfaction ?? null,
    laxity_grade: body.laxityGrade ?? null,
    notes: body.notes ?? null,
  };
}

export const assessments = recordKind({
  name: 'assessment',
  resourceType: 'assessment',
  noun: 'assessment',
  path: 'assessments',
  idParam: 'assessmentId',
  tag: 'records',
  json: assessmentSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s assessments, oldest first',
    items: async ({ tx, user, patient }) =>
      (await assessmentRows(tx, user.clinicId, patient.id)).map(toAssessment),
  },
  create: {
    summary: 'Record a follow-up (or baseline) assessment',
    description:
      'At least one score. Lemperle grades are keyed by zone ids of the face template. ' +
      'When `sessionId` names the session followed up, the date may not be before it ' +
      '(422 `date`).',
    body: assessmentBody,
    notAfterToday: ['date'],
    insert: async (scope, body) => {
      requireActive(scope.patient);
      const { followUpId = null, ...fields } = body;
      const values = await checkedAssessment(
        scope,
        fields,
        followUpId === null ? null : { id: followUpId, recording: true },
      );
      const row = await scope.tx
        .insertInto('assessments')
        .values({
          clinic_id: scope.user.clinicId,
          patient_id: scope.patient.id,
          follow_up_id: followUpId,
          ...values,
          created_by: scope.user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toAssessment(row) };
    },
  },
  versions: {
    table: 'assessments',
    toJson: toAssessment,
    current: async ({ tx, user, patient }, id) => {
      const [row] = await assessmentRows(tx, user.clinicId, patient.id, id);
      return row && toAssessment(row);
    },
    correct: {
      description:
        'Any field may be corrected (`lemperleByZone` as a whole: the grades it gives replace ' +
        'the recorded ones); the template zones, the one-score rule and the session followed ' +
        'up and the day of the planned follow-up it recorded are checked again.',
      fields: assessmentFields,
      notAfterToday: ['date'],
      apply: async (scope, id, changes, next) => {
        const { tx, user, patient } = scope;
        const [row] = await assessmentRows(tx, user.clinicId, patient.id, id);
        if (!row) throw new Error(`assessment ${id} vanished inside its correction`);
        const recorded = toAssessment(row);
        const values = await checkedAssessment(
          scope,
          {
            date: recorded.date,
            sessionId: recorded.sessionId,
            lemperleByZone: recorded.lemperleByZone,
            gaisInvestigator: recorded.gaisInvestigator,
            gaisSubject: recorded.gaisSubject,
            satisfaction: recorded.satisfaction,
            laxityGrade: recorded.laxityGrade,
            notes: recorded.notes,
            ...changes,
          } as z.infer<typeof assessmentFields>,
          recorded.followUpId === null ? null : { id: recorded.followUpId, recording: false },
        );
        await tx
          .updateTable('assessments')
          .set({ ...values, ...next })
          .where('clinic_id', '=', user.clinicId)
          .where('id', '=', id)
          .execute();
      },
    },
  },
});
