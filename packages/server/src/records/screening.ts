import {
  assessCandidacy,
  type FitzpatrickType,
  isMicrocoreError,
  MicrocoreError,
} from '@microcore/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { sqlArray } from '../db/arrays.js';
import type { Tx } from '../db/open.js';
import { calendarDate, requireActive } from './fields.js';
import { recordKind } from './recordKind.js';

/**
 * A candidacy screening (docs/domain.md §5): the core's assessCandidacy applied to the stored
 * patient's birth date and Fitzpatrick type and the checklist answers sent, kept with every
 * reason. The rules live in core (CANDIDACY_RULES); this module only stores and serves them.
 * Append-only: a new screening supersedes, nothing is changed.
 */

const decision = z.enum(['eligible', 'eligible-with-warnings', 'not-eligible', 'refer']);
const reason = z.object({ code: z.string(), message: z.string(), source: z.string() });
const preCareItem = z.object({
  code: z.string(),
  instruction: z.string(),
  fromDate: z.string().nullable().describe('from this day on; null without a planned date'),
  source: z.string(),
});

export const screeningBody = z.strictObject({
  answers: z
    .record(z.string().max(100), z.boolean())
    .describe(
      'a yes (true) / no (false) answer to every checklist question, by its code (GET /api/screening/checklist)',
    ),
  acknowledgements: z
    .array(z.string().max(100))
    .max(20)
    .optional()
    .describe('acknowledgement codes recorded, e.g. "fitzpatrick-v-vi-not-studied"'),
  plannedTreatmentDate: calendarDate
    .nullable()
    .optional()
    .describe('when given, the pre-care instructions carry their dates'),
  date: calendarDate
    .optional()
    .describe(
      "the screening day (the age is taken on it); default today, the clinic's day in its time zone; not after it",
    ),
});

export const screeningSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  date: z.string(),
  decision,
  reasons: z.array(reason),
  flags: z.array(z.string()),
  preCare: z.array(preCareItem),
  answers: z.record(z.string(), z.boolean()),
  acknowledgements: z.array(z.string()),
  plannedTreatmentDate: z.string().nullable(),
  createdAt: z.string(),
});
type Screening = z.infer<typeof screeningSchema>;

const SCREENING_COLUMNS = [
  'id',
  'patient_id',
  'date',
  'decision',
  'answers',
  'reasons',
  'pre_care',
  'planned_treatment_date',
  'created_at',
  sql<string[]>`to_jsonb(acknowledgements)`.as('acknowledgements'),
  sql<string[]>`to_jsonb(flags)`.as('flags'),
] as const;

interface ScreeningRow {
  id: string;
  patient_id: string;
  date: string;
  decision: string;
  answers: unknown;
  reasons: unknown;
  pre_care: unknown;
  planned_treatment_date: string | null;
  created_at: Date | string;
  acknowledgements: string[];
  flags: string[];
}

export function toScreening(row: ScreeningRow): Screening {
  return {
    id: row.id,
    patientId: row.patient_id,
    date: row.date,
    decision: row.decision as Screening['decision'],
    reasons: row.reasons as Screening['reasons'],
    flags: row.flags,
    preCare: row.pre_care as Screening['preCare'],
    answers: row.answers as Screening['answers'],
    acknowledgements: row.acknowledgements,
    plannedTreatmentDate: row.planned_treatment_date,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The screenings of a clinic (of one patient when given), in `order` of their day. */
export function screeningRows(
  tx: Tx,
  clinicId: string,
  patientId?: string,
  order: 'asc' | 'desc' = 'asc',
) {
  let query = tx
    .selectFrom('screenings')
    .select(SCREENING_COLUMNS)
    .where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  return query
    .orderBy('date', order)
    .orderBy('created_at', order)
    .orderBy('id')
    .execute() as Promise<ScreeningRow[]>;
}

/** The core names the screening day `screeningDate`; the request calls it `date`. */
function renameField(error: unknown): unknown {
  if (isMicrocoreError(error) && error.field === 'screeningDate') {
    return new MicrocoreError(error.code, error.message.replace(/^screening date/, 'date'), 'date');
  }
  return error;
}

export const screenings = recordKind({
  name: 'screening',
  resourceType: 'screening',
  noun: 'screening',
  path: 'screenings',
  idParam: 'screeningId',
  tag: 'screenings',
  json: screeningSchema,
  writers: ['clinician'],
  list: {
    summary: "The patient's screenings, newest first",
    items: async ({ tx, user, patient }) =>
      (await screeningRows(tx, user.clinicId, patient.id, 'desc')).map(toScreening),
  },
  create: {
    summary:
      "Screen the patient for candidacy (the core's rules on the stored birth date and Fitzpatrick type) and keep the result",
    body: screeningBody,
    notAfterToday: ['date'],
    insert: async ({ tx, user, patient, today }, body) => {
      requireActive(patient, 'screen');
      const date = body.date ?? today;
      let result: ReturnType<typeof assessCandidacy>;
      try {
        result = assessCandidacy({
          birthDate: patient.birth_date,
          screeningDate: date,
          fitzpatrickType: Number(patient.fitzpatrick_type) as FitzpatrickType,
          answers: body.answers,
          acknowledgements: body.acknowledgements,
          plannedTreatmentDate: body.plannedTreatmentDate ?? null,
        });
      } catch (error) {
        throw renameField(error);
      }
      const row = await tx
        .insertInto('screenings')
        .values({
          patient_id: patient.id,
          clinic_id: user.clinicId,
          date,
          answers: JSON.stringify(body.answers),
          acknowledgements: sqlArray(body.acknowledgements ?? [], 'text'),
          planned_treatment_date: body.plannedTreatmentDate ?? null,
          decision: result.decision,
          reasons: JSON.stringify(result.reasons),
          flags: sqlArray(result.flags, 'text'),
          pre_care: JSON.stringify(result.preCare),
          created_by: user.id,
        })
        .returning(SCREENING_COLUMNS)
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toScreening(row as ScreeningRow) };
    },
  },
});
