import {
  isMicrocoreError,
  MAX_EXCLUSION_POINTS,
  MAX_EXCLUSIONS,
  MicrocoreError,
  type PlanInput,
  planTreatment,
  type ScaleFactors,
  scaleFromLandmarks,
} from '@microcore/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import { requireActive } from './fields.js';
import { type PatientScope, recordKind } from './recordKind.js';

/**
 * A treatment plan: the planner's inputs as sent and the core's plan value (schemaVersion 1, as
 * `microcore plan --json` prints it). The planner runs before the transaction (routes/plans.ts);
 * list and read are the standard routes.
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

/** The core's PlanInput for an HTTP request (percent → fraction). */
export function toPlanInput(body: PlanRequest): PlanInput {
  const zoneCoverageFraction = body.zoneCoverage
    ? Object.fromEntries(Object.entries(body.zoneCoverage).map(([k, v]) => [k, v / 100]))
    : undefined;
  return {
    zones: body.zones,
    needle: body.needle,
    coverageFraction: body.coverage === undefined ? undefined : body.coverage / 100,
    zoneCoverageFraction,
    bridgeMm: body.bridgeMm,
    pattern: body.pattern,
    seed: body.seed,
    mode: body.mode,
    scale: body.landmarks === undefined ? undefined : landmarkScale(body.landmarks),
    exclusions: body.exclusions?.map((exclusion) => exclusion.polygon as [number, number][]),
  };
}

/** The template's scale from the patient's measurements; a refusal names `landmarks`. */
export function landmarkScale(landmarks: NonNullable<PlanRequest['landmarks']>): ScaleFactors {
  try {
    return scaleFromLandmarks(landmarks);
  } catch (error) {
    if (isMicrocoreError(error)) throw new MicrocoreError(error.code, error.message, 'landmarks');
    throw error;
  }
}

/** Plan synchronously (the demo seed, before the server listens; routes use the worker pool). */
export function planNow(body: PlanRequest) {
  return planTreatment(toPlanInput(body));
}

const planValue = z
  .record(z.string(), z.unknown())
  .describe('the plan value (schemaVersion 1), as `microcore plan --json` prints it');
export const storedPlanSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  createdAt: z.string(),
  input: z.record(z.string(), z.unknown()),
  plan: planValue,
});
type StoredPlan = z.infer<typeof storedPlanSchema>;

const planSummary = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  input: z.record(z.string(), z.unknown()),
  mode: z.string(),
  needle: z.string(),
  coverageTarget: z.number(),
  zones: z.array(z.string()),
  totals: z.record(z.string(), z.unknown()),
  warnings: z.number(),
});

/** Keep a computed plan (its JSON text as the planner gave it) for the scope's patient. */
export async function insertPlan(
  { tx, user, patient }: PatientScope,
  input: PlanRequest,
  planJson: string,
): Promise<{ id: string; createdAt: string }> {
  requireActive(patient, 'plan');
  const row = await tx
    .insertInto('plans')
    .values({
      patient_id: patient.id,
      clinic_id: user.clinicId,
      input: JSON.stringify(input),
      plan: planJson,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, createdAt: new Date(row.created_at).toISOString() };
}

/** The stored plans (id and value) with these ids, of one patient, by id. */
export function planValues(tx: Tx, clinicId: string, patientId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('plans')
    .select(['id', 'plan'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
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
        ])
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        createdAt: new Date(r.created_at).toISOString(),
        input: r.input as Record<string, unknown>,
        mode: r.mode,
        needle: r.needle,
        coverageTarget: Number(r.coverage_target),
        zones: r.zones,
        totals: r.totals,
        warnings: Number(r.warnings),
      }));
    },
  },
  read: {
    summary: 'One stored plan, whole',
    record: async ({ tx, user, patient }, id): Promise<StoredPlan | undefined> => {
      const row = await tx
        .selectFrom('plans')
        .selectAll()
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        patientId: row.patient_id,
        createdAt: new Date(row.created_at).toISOString(),
        input: row.input as Record<string, unknown>,
        plan: row.plan as Record<string, unknown>,
      };
    },
  },
});
