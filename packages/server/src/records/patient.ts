import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { Scope } from '../audited.js';
import type { Tx } from '../db/open.js';
import type { PatientsTable, Role } from '../db/schema.js';
import { canonicalId } from '../http/ids.js';
import { notFound, Problem } from '../http/problems.js';
import { calendarDate, refuse } from './fields.js';

/**
 * The patient: the record every other kind hangs from. Clinicians write it; clinicians and admins
 * read it (identifying data: researchers never do).
 */

export type PatientRow = Selectable<PatientsTable>;

export const PATIENT_WRITERS: readonly Role[] = ['clinician'];

/** The oldest birth date accepted (a plausible living patient). */
const MAX_AGE_YEARS = 120;

const name = z.string().trim().min(1, 'required').max(200);

const patientFields = {
  givenName: name,
  familyName: name,
  birthDate: calendarDate.describe('YYYY-MM-DD, in the past (the clinic’s day)'),
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
export type Patient = z.infer<typeof patientSchema>;

export function toPatient(row: PatientRow): Patient {
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

/** A birth date is in the past (the clinic's day) and within MAX_AGE_YEARS; else 422. */
function checkBirthDate(birthDate: string | undefined, today: string): void {
  if (birthDate === undefined) return;
  if (birthDate >= today)
    refuse([{ field: 'birthDate', message: `must be in the past (today is ${today})` }]);
  if (Number(birthDate.slice(0, 4)) < Number(today.slice(0, 4)) - MAX_AGE_YEARS)
    refuse([{ field: 'birthDate', message: `must be within the last ${MAX_AGE_YEARS} years` }]);
}

/**
 * The clinic's patient, or 404 — another clinic's id, an unknown id and a malformed one alike.
 * `id` may come in any spelling (journeys pass stored ids); it is made canonical here.
 */
export async function findPatient(tx: Tx, clinicId: string, id: string): Promise<PatientRow> {
  const canonical = canonicalId(id);
  if (canonical === undefined) throw notFound('patient');
  const row = await tx
    .selectFrom('patients')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('id', '=', canonical)
    .executeTakeFirst();
  if (!row) throw notFound('patient');
  return row;
}

export async function insertPatient(
  scope: Scope,
  body: z.infer<typeof createPatientBody>,
): Promise<PatientRow> {
  checkBirthDate(body.birthDate, scope.today);
  return scope.tx
    .insertInto('patients')
    .values({
      clinic_id: scope.user.clinicId,
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
}

/** Change, archive or restore; answers the row and the action its audit record carries. */
export async function updatePatient(
  scope: Scope,
  id: string,
  body: z.infer<typeof patchPatientBody>,
): Promise<{ row: PatientRow; action: string }> {
  checkBirthDate(body.birthDate, scope.today);
  const clinicId = scope.user.clinicId;
  const current = await findPatient(scope.tx, clinicId, id);
  const changes: Record<string, unknown> = {};
  if (body.givenName !== undefined) changes.given_name = body.givenName;
  if (body.familyName !== undefined) changes.family_name = body.familyName;
  if (body.birthDate !== undefined) changes.birth_date = body.birthDate;
  if (body.sex !== undefined) changes.sex = body.sex;
  if (body.fitzpatrickType !== undefined) changes.fitzpatrick_type = body.fitzpatrickType;
  if (body.laxityGrade !== undefined) changes.laxity_grade = body.laxityGrade;
  if (body.email !== undefined) changes.email = body.email;
  if (body.phone !== undefined) changes.phone = body.phone;
  if (body.archived === true && current.archived_at === null) changes.archived_at = sql`now()`;
  if (body.archived === false) changes.archived_at = null;
  const row = await scope.tx
    .updateTable('patients')
    .set({ ...changes, updated_at: sql`now()` })
    .where('clinic_id', '=', clinicId)
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Problem('not-found', 'no such patient');
  const action =
    body.archived === true
      ? 'patient.archive'
      : body.archived === false
        ? 'patient.restore'
        : 'patient.update';
  return { row, action };
}

export const PAGE_SIZE_MAX = 100;

export const searchQuery = z.strictObject({
  query: z.string().max(200).optional().describe('part of the given or family name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(20),
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** A page of the clinic's patients whose names hold every word of `query`. */
export async function searchPatients(
  scope: Scope,
  { query, page, pageSize, includeArchived }: z.infer<typeof searchQuery>,
) {
  let base = scope.tx.selectFrom('patients').where('clinic_id', '=', scope.user.clinicId);
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
  return { items: rows.map(toPatient), page, pageSize, total };
}
