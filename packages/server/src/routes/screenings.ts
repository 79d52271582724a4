import {
  assessCandidacy,
  CANDIDACY_RULES,
  type FitzpatrickType,
  isMicrocoreError,
  MicrocoreError,
} from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { appendAudit } from '../audit.js';
import { sqlArray, todayUtc } from '../db/arrays.js';
import { inClinic } from '../db/open.js';
import { invalid, Problem } from '../http/problems.js';
import { findPatient, PATIENT_READERS, PATIENT_WRITERS } from './patients.js';
import { listForPatient } from './records/common.js';
import { calendarDate, commonErrors, idParams, problemSchema } from './schemas.js';

/**
 * Candidacy screening (issue 5; DOMAIN.md §5): the core's assessCandidacy applied to the stored
 * patient's birth date and Fitzpatrick type and the checklist answers sent, kept with every
 * reason. The rules live in core (CANDIDACY_RULES); this file only stores and serves them.
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
      "the screening day (the age is taken on it); default today on the server's clock in UTC; at most one day ahead of that (a clinic east of UTC)",
    ),
});

const screeningSchema = z.object({
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

const checklistSchema = z.object({
  questions: z.array(
    z.object({
      code: z.string().describe('the answer key: answers.<code>'),
      question: z.string(),
      outcome: z.enum(['not-eligible', 'refer']).describe('what a yes leads to'),
      reasonCode: z.string(),
      message: z.string().describe('the reason given when the answer is yes'),
      source: z.string(),
    }),
  ),
  acknowledgements: z.array(
    z.object({ code: z.string(), appliesTo: z.string(), text: z.string(), source: z.string() }),
  ),
  preCare: z.array(z.object({ code: z.string(), instruction: z.string(), source: z.string() })),
  minimumAgeYears: z.number(),
});

/** What each known acknowledgement means, for a form to show beside its checkbox. */
function acknowledgementTexts() {
  const rules = CANDIDACY_RULES;
  return rules.knownAcknowledgements.map((code) => {
    if (code === rules.fitzpatrick.acknowledgement) {
      return {
        code,
        appliesTo: 'fitzpatrickType 5–6',
        text: 'Fitzpatrick type V–VI is outside the studied population (I–IV): the risk of hyperpigmentation is unknown. The patient was told, and will be followed up for hyperpigmentation after each session.',
        source: rules.fitzpatrick.source,
      };
    }
    return { code, appliesTo: 'any', text: code, source: '' };
  });
}

/** The latest screening day accepted: tomorrow in UTC, so a clinic east of UTC can use its day. */
function latestScreeningDate(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const SCREENING_COLUMNS = [
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

/** The core names the screening day `screeningDate`; the request calls it `date`. */
function renameField(error: unknown): unknown {
  if (isMicrocoreError(error) && error.field === 'screeningDate') {
    return new MicrocoreError(error.code, error.message.replace(/^screening date/, 'date'), 'date');
  }
  return error;
}

export function screeningRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/screening/checklist',
      {
        schema: {
          summary:
            'The candidacy checklist: questions, acknowledgements and pre-care, with their sources (no patient data)',
          tags: ['screenings'],
          response: { 200: checklistSchema, 401: problemSchema },
        },
      },
      async () => {
        const rules = CANDIDACY_RULES;
        return {
          questions: rules.checklist.map((q) => ({
            code: q.code,
            question: q.question,
            outcome: q.outcome,
            reasonCode: q.reasonCode,
            message: q.message,
            source: q.source,
          })),
          acknowledgements: acknowledgementTexts(),
          preCare: rules.preCare.map((p) => ({
            code: p.code,
            instruction: p.instruction,
            source: p.source,
          })),
          minimumAgeYears: rules.age.minimumYears,
        };
      },
    );

    app.post(
      '/api/patients/:id/screenings',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'screening.create', resourceType: 'screening' },
        },
        schema: {
          summary:
            "Screen the patient for candidacy (the core's rules on the stored birth date and Fitzpatrick type) and keep the result",
          tags: ['screenings'],
          params: idParams,
          body: screeningBody,
          response: {
            201: screeningSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const body = request.body;
        const today = todayUtc();
        const date = body.date ?? today;
        const latest = latestScreeningDate(today);
        if (date > latest) {
          throw invalid(
            'date',
            `${date} is in the future; a screening is recorded on the day it happens (the server's day is ${today} UTC; at most ${latest} is accepted)`,
          );
        }
        const stored = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (patient.archived_at !== null)
            throw new Problem('conflict', 'the patient is archived; restore them to screen');
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
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'screening.create',
            resourceType: 'screening',
            resourceId: row.id,
            outcome: 'ok',
          });
          return row;
        });
        reply.code(201);
        return toScreening(stored);
      },
    );

    app.get(
      '/api/patients/:id/screenings',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'screening.list', resourceType: 'patient' },
        },
        schema: {
          summary: "The patient's screenings, newest first",
          tags: ['screenings'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(screeningSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(context, request.user, request.params.id, 'screening.list', (tx, scope) =>
          tx
            .selectFrom('screenings')
            .select(SCREENING_COLUMNS)
            .where('clinic_id', '=', scope.clinicId)
            .where('patient_id', '=', scope.patientId)
            .orderBy('date', 'desc')
            .orderBy('created_at', 'desc')
            .orderBy('id')
            .execute()
            .then((rows) => rows.map(toScreening)),
        ),
    );
  };
}
