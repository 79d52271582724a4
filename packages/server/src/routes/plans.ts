import { type PlanInput, planTreatment } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { appendAudit } from '../audit.js';
import { auditedRead } from '../auditedRead.js';
import { inClinic } from '../db/open.js';
import { notFound, Problem } from '../http/problems.js';
import { findPatient, PATIENT_READERS, PATIENT_WRITERS, UUID } from './patients.js';
import { commonErrors, problemSchema } from './schemas.js';

/**
 * The planner's inputs over HTTP. `coverage` and `zoneCoverage` are PERCENT of the treated skin
 * (6 means 6 %), as in `microcore plan --coverage 6`; the range checks are the core's own, so
 * its messages (and field names) come back in the 422.
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
  };
}

const planParams = z.object({ id: z.string().max(64), planId: z.string().max(64) });
const planValue = z
  .record(z.string(), z.unknown())
  .describe('the plan value (schemaVersion 1), as `microcore plan --json` prints it');
const storedPlan = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  createdAt: z.string(),
  input: z.record(z.string(), z.unknown()),
  plan: planValue,
});
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

export function planRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/plans',
      {
        config: { roles: PATIENT_WRITERS, audit: { action: 'plan.create', resourceType: 'plan' } },
        schema: {
          summary: "Plan a treatment for the patient and keep it (the core's planner)",
          tags: ['plans'],
          params: z.object({ id: z.string().max(64) }),
          body: planRequestBody,
          response: { 201: storedPlan, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const input = request.body;
        // Pure and possibly ~100 ms: outside the transaction, so the database is not held.
        const plan = planTreatment(toPlanInput(input));
        const stored = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (patient.archived_at !== null)
            throw new Problem('conflict', 'the patient is archived; restore them to plan');
          const row = await tx
            .insertInto('plans')
            .values({
              patient_id: patient.id,
              clinic_id: user.clinicId,
              input: JSON.stringify(input),
              plan: JSON.stringify(plan),
            })
            .returning(['id', 'created_at'])
            .executeTakeFirstOrThrow();
          await appendAudit(tx, {
            clinicId: user.clinicId,
            userId: user.id,
            action: 'plan.create',
            resourceType: 'plan',
            resourceId: row.id,
            outcome: 'ok',
          });
          return { id: row.id, createdAt: row.created_at, plan, patientId: patient.id };
        });
        reply.code(201).header('location', `/api/patients/${stored.patientId}/plans/${stored.id}`);
        return {
          id: stored.id,
          patientId: stored.patientId,
          createdAt: new Date(stored.createdAt).toISOString(),
          input,
          plan: stored.plan as unknown as Record<string, unknown>,
        };
      },
    );

    app.get(
      '/api/patients/:id/plans',
      {
        config: { roles: PATIENT_READERS, audit: { action: 'plan.list', resourceType: 'plan' } },
        schema: {
          summary: "The patient's plans, newest first (summaries, without the cores)",
          tags: ['plans'],
          params: z.object({ id: z.string().max(64) }),
          response: {
            200: z.object({ items: z.array(planSummary) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        return auditedRead(context, user, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
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
          const items = rows.map((r) => ({
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
          return {
            value: { items },
            record: { action: 'plan.list', resourceType: 'patient', resourceId: patient.id },
          };
        });
      },
    );

    app.get(
      '/api/patients/:id/plans/:planId',
      {
        config: { roles: PATIENT_READERS, audit: { action: 'plan.read', resourceType: 'plan' } },
        schema: {
          summary: 'One stored plan, whole',
          tags: ['plans'],
          params: planParams,
          response: { 200: storedPlan, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        return auditedRead(context, user, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (!UUID.test(request.params.planId)) throw notFound('plan');
          const row = await tx
            .selectFrom('plans')
            .selectAll()
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', request.params.planId)
            .executeTakeFirst();
          if (!row) throw notFound('plan');
          return {
            value: {
              id: row.id,
              patientId: row.patient_id,
              createdAt: new Date(row.created_at).toISOString(),
              input: row.input as Record<string, unknown>,
              plan: row.plan as Record<string, unknown>,
            },
            record: { action: 'plan.read', resourceType: 'plan', resourceId: row.id },
          };
        });
      },
    );
  };
}
