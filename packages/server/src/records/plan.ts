import {
  MAX_EXCLUSION_POINTS,
  MAX_EXCLUSIONS,
  type PlanInput,
  planInputFromRequest,
  planTreatment,
} from '@microcore/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import { requireActive } from './fields.js';
import { joinStoredPlan, type StoredPlanForm } from './planCores.js';
import { planPredictionSchema } from './planPrediction.js';
import { type PatientScope, recordKind } from './recordKind.js';

/**
 * A treatment plan: the planner's inputs as sent and the core's plan value (schemaVersion 2, or 1
 * for a plan stored before the 1 cm² window bound; as `microcore plan --json` prints it), stored as a jsonb head and its cores as bytes
 * (records/planCores.ts). The planner runs before the transaction (routes/plans.ts); list and
 * read are the standard routes.
 */

/**
 * The planner's inputs over HTTP. `coverage` and `zoneCoverage` are PERCENT of the treated skin
 * (6 means 6 %), as in `microcore plan --coverage 6`; the range checks are the core's own, so its
 * messages (and field names) come back in the 422.
 */
export const planRequestBody = z.strictObject({
  zones: z.array(z.string().max(64)).min(1).max(20).optional().describe('zone ids'),
  needle: z.string().max(8).optional().describe('needle gauge, e.g. "22G"'),
  coverage: z.number().optional().describe('skin removed, % of the treated area (default 6)'),
  zoneCoverage: z
    .record(z.string().max(64), z.number())
    .optional()
    .describe('per-zone coverage, %, e.g. { "submental": 7 }'),
  bridgeMm: z.number().optional().describe('minimum skin bridge between cores, mm'),
  pattern: z.enum(['blue-noise', 'fields']).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  mode: z.enum(['clinical', 'research']).optional(),
  landmarks: z
    .strictObject({
      bizygomaticWidthMm: z.number().optional().describe('zygion to zygion, mm (reference 133)'),
      lowerFaceHeightMm: z
        .number()
        .optional()
        .describe('subnasale to soft-tissue menton, mm (reference 70)'),
    })
    .optional()
    .describe("the patient's measured distances, which scale the face template"),
  exclusions: z
    .array(
      z.strictObject({
        kind: z.enum(['mole', 'scar', 'filler', 'other']).describe('what the area is'),
        polygon: z
          .array(z.array(z.number()).length(2))
          .min(3)
          .max(MAX_EXCLUSION_POINTS)
          .describe('a convex polygon of [x, y] points, mm on the (scaled) chart'),
      }),
    )
    .max(MAX_EXCLUSIONS)
    .optional()
    .describe('areas not to treat: no core is placed in or near them'),
});
export type PlanRequest = z.infer<typeof planRequestBody>;

/** The core's PlanInput for an HTTP request: the core's own mapping, which the browser uses too. */
export function toPlanInput(body: PlanRequest): PlanInput {
  return planInputFromRequest(body);
}

/** Plan synchronously (the demo seed, before the server listens; routes use the worker pool). */
export function planNow(body: PlanRequest) {
  return planTreatment(toPlanInput(body));
}

const planValue = z
  .record(z.string(), z.unknown())
  .describe(
    'the plan value (schemaVersion 2; 1 for plans stored before the window bound), as `microcore plan --json` prints it',
  );
/** Who made a plan; null for a plan stored before plans kept their author (migration 018). */
const planAuthor = z
  .object({ id: z.uuid(), email: z.string() })
  .nullable()
  .describe('the user who made the plan; null when not known (plans stored before 2026-12)');
export const storedPlanSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  createdAt: z.string(),
  createdBy: planAuthor,
  input: z.record(z.string(), z.unknown()),
  prediction: planPredictionSchema,
  plan: planValue,
});
type StoredPlan = z.infer<typeof storedPlanSchema>;

const planSummary = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  createdBy: planAuthor,
  input: z.record(z.string(), z.unknown()),
  mode: z.string(),
  needle: z.string(),
  coverageTarget: z.number(),
  zones: z.array(z.string()),
  totals: z.record(z.string(), z.unknown()),
  warnings: z.number(),
  prediction: planPredictionSchema,
});

/** A plan to store for one patient: the request as sent and the plan in its stored form. */
export interface NewPlan {
  readonly clinicId: string;
  readonly patientId: string;
  readonly input: PlanRequest;
  readonly stored: StoredPlanForm;
  /** The follow-up prediction made with it, as JSON (routes/plans.ts); null where none was made. */
  readonly predictionJson: string | null;
  /** The user who made it (a user of `clinicId`); null where no user is known. */
  readonly createdBy: string | null;
  /** Given by the demo seed (its ids are derived); otherwise the database draws one. */
  readonly id?: string;
  /** When it was saved: given by the demo seed (the day it was made); otherwise now. */
  readonly createdAt?: Date;
}

/**
 * THE insert of a plan (the route, the demo seed, the bench's seed): the head as JSON text and the
 * cores as base64 text, which SQL decodes into the bytea (records/planCores.ts).
 */
export async function storePlan(tx: Tx, plan: NewPlan): Promise<{ id: string; createdAt: string }> {
  const row = await tx
    .insertInto('plans')
    .values({
      ...(plan.id === undefined ? {} : { id: plan.id }),
      ...(plan.createdAt === undefined ? {} : { created_at: plan.createdAt }),
      patient_id: plan.patientId,
      clinic_id: plan.clinicId,
      created_by: plan.createdBy,
      input: JSON.stringify(plan.input),
      plan: plan.stored.headJson,
      cores: sql<Uint8Array>`decode(${plan.stored.coresBase64}, 'base64')`,
      prediction: plan.predictionJson,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, createdAt: new Date(row.created_at).toISOString() };
}

/**
 * Copy a stored plan, as it is stored, for other patients of its clinic (the demo seed and the
 * bench give every patient the same plan without sending it again). Each copy is a plan saved for
 * its patient: its own save time (default now) and the prediction made for that patient (default
 * none), never the source's.
 */
export async function copyStoredPlan(
  tx: Tx,
  sourceId: string,
  copies: readonly {
    readonly id?: string;
    readonly patientId: string;
    readonly createdAt?: Date;
    readonly predictionJson?: string | null;
  }[],
): Promise<void> {
  if (copies.length === 0) return;
  const targets = JSON.stringify(
    copies.map((c) => ({
      plan_id: c.id ?? null,
      patient_id: c.patientId,
      created_at: c.createdAt?.toISOString() ?? null,
      prediction: c.predictionJson ?? null,
    })),
  );
  await sql`
    insert into plans (id, patient_id, clinic_id, created_by, input, plan, cores, created_at,
                       prediction)
    select coalesce(x.plan_id, gen_random_uuid()), x.patient_id, p.clinic_id, p.created_by,
           p.input, p.plan, p.cores, coalesce(x.created_at, now()), x.prediction::jsonb
    from plans p, jsonb_to_recordset(${targets}::jsonb)
      as x(plan_id uuid, patient_id uuid, created_at timestamptz, prediction text)
    where p.id = ${sourceId}::uuid`.execute(tx);
}

/** Keep a computed plan (its stored form, as the planner thread gave it) for the scope's patient. */
export function insertPlan(
  { tx, user, patient }: PatientScope,
  input: PlanRequest,
  stored: StoredPlanForm,
  predictionJson: string | null,
): Promise<{ id: string; createdAt: string }> {
  requireActive(patient, 'plan');
  return storePlan(tx, {
    clinicId: user.clinicId,
    patientId: patient.id,
    createdBy: user.id,
    input,
    stored,
    predictionJson,
  });
}

/**
 * The plan's author as one jsonb value ({id, email}, or null): a subquery, not a join, so the
 * users table's row-level security (same clinic) decides what can be read, as everywhere else.
 */
const authorJson = sql<{ id: string; email: string } | null>`(
  select jsonb_build_object('id', u.id, 'email', u.email) from users u where u.id = plans.created_by
)`.as('author');

/** The cores as base64 text: a bytea read as bytes costs embedded PGlite a JavaScript hex parse. */
const coresBase64 = sql<string>`encode(cores, 'base64')`.as('cores_base64');

/**
 * THE way back from a stored row to the whole plan value (every reader of plans.plan goes through
 * it): the head with each zone's cores put back (records/planCores.ts).
 */
export function wholePlan(row: { plan: unknown; cores_base64: string }): Record<string, unknown> {
  return joinStoredPlan(
    row.plan as Record<string, unknown>,
    Buffer.from(row.cores_base64, 'base64'),
  );
}

/** The stored plans (id and whole value) with these ids, of one patient, by id. */
export async function planValues(
  tx: Tx,
  clinicId: string,
  patientId: string,
  ids: readonly string[],
): Promise<{ id: string; plan: Record<string, unknown> }[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('plans')
    .select(['id', 'plan', coresBase64])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, plan: wholePlan(row) }));
}

export const plans = recordKind({
  name: 'plan',
  resourceType: 'plan',
  noun: 'plan',
  path: 'plans',
  idParam: 'planId',
  tag: 'plans',
  json: storedPlanSchema,
  writers: ['clinician'],
  list: {
    summary: "The patient's plans, newest first (summaries, without the cores)",
    item: planSummary,
    items: async ({ tx, user, patient }) => {
      const rows = await tx
        .selectFrom('plans')
        .select([
          'id',
          'created_at',
          'input',
          sql<string>`plan->>'mode'`.as('mode'),
          sql<string>`plan->'needle'->>'gauge'`.as('needle'),
          sql<string>`plan->>'coverageTarget'`.as('coverage_target'),
          sql<string[]>`array(select z->>'id' from jsonb_array_elements(plan->'zones') z)`.as(
            'zones',
          ),
          sql<Record<string, unknown>>`plan->'totals'`.as('totals'),
          sql<number>`jsonb_array_length(plan->'warnings')`.as('warnings'),
          'prediction',
          authorJson,
        ])
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        createdAt: new Date(r.created_at).toISOString(),
        createdBy: r.author,
        input: r.input as Record<string, unknown>,
        mode: r.mode,
        needle: r.needle,
        coverageTarget: Number(r.coverage_target),
        zones: r.zones,
        totals: r.totals,
        warnings: Number(r.warnings),
        prediction: (r.prediction ?? null) as StoredPlan['prediction'],
      }));
    },
  },
  read: {
    summary: 'One stored plan, whole',
    record: async ({ tx, user, patient }, id): Promise<StoredPlan | undefined> => {
      const row = await tx
        .selectFrom('plans')
        .select([
          'id',
          'patient_id',
          'created_at',
          'input',
          'prediction',
          'plan',
          coresBase64,
          authorJson,
        ])
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        patientId: row.patient_id,
        createdAt: new Date(row.created_at).toISOString(),
        createdBy: row.author,
        input: row.input as Record<string, unknown>,
        prediction: (row.prediction ?? null) as StoredPlan['prediction'],
        plan: wholePlan(row),
      };
    },
  },
});
