import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { appendAudit } from '../audit.js';
import { auditedRead } from '../auditedRead.js';
import { inClinic, type Tx } from '../db/open.js';
import { UUID } from '../db/uuid.js';
import { notFound, Problem } from '../http/problems.js';
import type { PatientRow } from '../patientReads.js';
import { commonErrors, dateText, idParams, problemSchema } from './schemas.js';

/** Who may touch identifying patient data: clinicians all of it, admins read only. */
export const PATIENT_READERS = ['admin', 'clinician'] as const;
export const PATIENT_WRITERS = ['clinician'] as const;

/** The oldest birth date accepted (a plausible living patient). */
const MAX_AGE_YEARS = 120;

/** YYYY-MM-DD, a calendar date, in the past, within MAX_AGE_YEARS. */
const birthDate = dateText('YYYY-MM-DD, in the past', (text) =>
  new Date(`${text}T00:00:00Z`).getTime() >= Date.now()
    ? 'must be in the past'
    : Number(text.slice(0, 4)) < new Date().getUTCFullYear() - MAX_AGE_YEARS
      ? `must be within the last ${MAX_AGE_YEARS} years`
      : undefined,
);

const name = z.string().trim().min(1, 'required').max(200);

const patientFields = {
  givenName: name,
  familyName: name,
  birthDate,
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  fitzpatrickType: z.number().int().min(1).max(6).describe('Fitzpatrick skin type, 1–6'),
  laxityGrade: z
    .number()
    .min(0)
    .max(4)
    .multipleOf(0.5)
    .describe('Alexiades-Armenakas laxity grade, 0–4 in half steps'),
  email: z.email().max(254).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{3,32}$/, 'digits, spaces and + ( ) . / - only')
    .nullable()
    .optional(),
};

export const createPatientBody = z.strictObject(patientFields);
export const patchPatientBody = z.strictObject({
  givenName: patientFields.givenName.optional(),
  familyName: patientFields.familyName.optional(),
  birthDate: patientFields.birthDate.optional(),
  sex: patientFields.sex.optional(),
  fitzpatrickType: patientFields.fitzpatrickType.optional(),
  laxityGrade: patientFields.laxityGrade.optional(),
  email: patientFields.email,
  phone: patientFields.phone,
  archived: z.boolean().optional().describe('archive (true) or restore (false); never deleted'),
});

export const patientSchema = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  fitzpatrickType: z.number(),
  laxityGrade: z.number(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  synthetic: z
    .boolean()
    .describe('generated demo data (the demo clinic’s synthetic cohort), never a real person'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function toPatient(row: PatientRow): z.infer<typeof patientSchema> {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    sex: row.sex,
    fitzpatrickType: Number(row.fitzpatrick_type),
    laxityGrade: Number(row.laxity_grade),
    email: row.email,
    phone: row.phone,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at ? new Date(row.archived_at).toISOString() : null,
    synthetic: row.synthetic,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The clinic's patient, or 404 (another clinic's id, an unknown id, a malformed id alike). */
export async function findPatient(tx: Tx, clinicId: string, id: string): Promise<PatientRow> {
  if (!UUID.test(id)) throw notFound('patient');
  const row = await tx
    .selectFrom('patients')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('patient');
  return row;
}

export { UUID };

const PAGE_SIZE_MAX = 100;

export function patientRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'patient.create', resourceType: 'patient' },
        },
        schema: {
          summary: 'Register a patient',
          tags: ['patients'],
          body: createPatientBody,
          response: { 201: patientSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const body = request.body;
        const row = await inClinic(db, user.clinicId, async (tx) => {
          const inserted = await tx
            .insertInto('patients')
            .values({
              clinic_id: user.clinicId,
              given_name: body.givenName,
              family_name: body.familyName,
              birth_date: body.birthDate,
              sex: body.sex,
              fitzpatrick_type: body.fitzpatrickType,
              laxity_grade: body.laxityGrade,
              email: body.email ?? null,
              phone: body.phone ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'patient.create',
            resourceType: 'patient',
            resourceId: inserted.id,
            outcome: 'ok',
          });
          return inserted;
        });
        reply.code(201).header('location', `/api/patients/${row.id}`);
        return toPatient(row);
      },
    );

    app.get(
      '/api/patients',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'patient.search', resourceType: 'patient' },
        },
        schema: {
          summary: 'Search patients by name, a page at a time (archived ones on request)',
          tags: ['patients'],
          querystring: z.strictObject({
            query: z.string().max(200).optional().describe('part of the given or family name'),
            page: z.coerce.number().int().min(1).max(100_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(20),
            includeArchived: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
          }),
          response: {
            200: z.object({
              items: z.array(patientSchema),
              page: z.number(),
              pageSize: z.number(),
              total: z.number(),
            }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        const { query, page, pageSize, includeArchived } = request.query;
        return auditedRead(context, user, async (tx) => {
          let base = tx.selectFrom('patients').where('clinic_id', '=', user.clinicId);
          if (!includeArchived) base = base.where('archived_at', 'is', null);
          const words = (query ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
          for (const word of words) {
            const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
            base = base.where((eb) =>
              eb.or([eb('given_name', 'ilike', pattern), eb('family_name', 'ilike', pattern)]),
            );
          }
          const { total } = await base
            .select(sql<number>`count(*)::int`.as('total'))
            .executeTakeFirstOrThrow();
          const rows = await base
            .selectAll()
            .orderBy('family_name')
            .orderBy('given_name')
            .orderBy('id')
            .limit(pageSize)
            .offset((page - 1) * pageSize)
            .execute();
          return {
            value: { items: rows.map(toPatient), page, pageSize, total },
            record: { action: 'patient.search', resourceType: 'patient', resourceId: null },
          };
        });
      },
    );

    app.get(
      '/api/patients/:id',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'patient.read', resourceType: 'patient' },
        },
        schema: {
          summary: 'One patient',
          tags: ['patients'],
          params: idParams,
          response: { 200: patientSchema, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        // The read and its audit record in one statement, shared with the reads that arrive
        // alongside (PatientReads, migrations/011); a missing patient is recorded as a refusal.
        const row = await context.patientReads.read(user.clinicId, user.id, request.params.id);
        if (!row) throw notFound('patient');
        return toPatient(row);
      },
    );

    app.patch(
      '/api/patients/:id',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'patient.update', resourceType: 'patient' },
        },
        schema: {
          summary: 'Change a patient, or archive (archived: true) or restore one',
          tags: ['patients'],
          params: idParams,
          body: patchPatientBody,
          response: { 200: patientSchema, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        const body = request.body;
        return inClinic(db, user.clinicId, async (tx) => {
          const current = await findPatient(tx, user.clinicId, request.params.id);
          const changes: Record<string, unknown> = {};
          if (body.givenName !== undefined) changes.given_name = body.givenName;
          if (body.familyName !== undefined) changes.family_name = body.familyName;
          if (body.birthDate !== undefined) changes.birth_date = body.birthDate;
          if (body.sex !== undefined) changes.sex = body.sex;
          if (body.fitzpatrickType !== undefined) changes.fitzpatrick_type = body.fitzpatrickType;
          if (body.laxityGrade !== undefined) changes.laxity_grade = body.laxityGrade;
          if (body.email !== undefined) changes.email = body.email;
          if (body.phone !== undefined) changes.phone = body.phone;
          if (body.archived === true && current.archived_at === null)
            changes.archived_at = sql`now()`;
          if (body.archived === false) changes.archived_at = null;
          const row = await tx
            .updateTable('patients')
            .set({ ...changes, updated_at: sql`now()` })
            .where('clinic_id', '=', user.clinicId)
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw new Problem('not-found', 'no such patient');
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action:
              body.archived === true
                ? 'patient.archive'
                : body.archived === false
                  ? 'patient.restore'
                  : 'patient.update',
            resourceType: 'patient',
            resourceId: row.id,
            outcome: 'ok',
          });
          return toPatient(row);
        });
      },
    );
  };
}
