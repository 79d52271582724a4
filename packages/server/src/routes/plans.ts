import { checkPlanSize } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedWrite, signedIn } from '../audited.js';
import type { RouteContext } from '../context.js';
import { inClinic } from '../db/open.js';
import { idParam } from '../http/ids.js';
import { sendStoredPlan } from '../plans/planResponse.js';
import { findPatient } from '../records/patient.js';
import {
  insertPlan,
  planRequestBody,
  plans,
  storedPlanSchema,
  toPlanInput,
} from '../records/plan.js';
import { predictionInputs } from '../records/planPrediction.js';
import { kindOperationIds, patientRecordRoutes } from './patientRecordRoutes.js';
import { commonErrors, problemSchema } from './schemas.js';

/**
 * Plans: the standard list and read (records/plan.ts), and the create, which runs the core's
 * planner BEFORE its transaction (the work is pure and may be long; the database is not held).
 * The same planner thread predicts the plan's follow-up outcome from the patient's inputs (read
 * first), and the prediction is stored in the plan's own INSERT: no plan is acknowledged
 * without the prediction it was saved with.
 */
export function planRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(patientRecordRoutes(context, plans));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/plans',
      {
        config: { roles: plans.writers, audit: { action: 'plan.create', resourceType: 'plan' } },
        schema: {
          operationId: kindOperationIds(plans).create,
          summary: "Plan a treatment for the patient and keep it (the core's planner)",
          tags: ['plans'],
          params: z.object({ id: idParam }),
          body: planRequestBody,
          response: {
            201: storedPlanSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const input = request.body;
        // Up to seconds of work: bounded in size, and done in a planner thread, off the event loop.
        checkPlanSize(input);
        const user = signedIn(request);
        const inputs = await inClinic(
          context.db,
          user.clinicId,
          (tx) => predictionInputs(tx, user.clinicId, request.params.id),
          { readOnly: true },
        );
        const plan = await context.planner.plan(toPlanInput(input), {
          inputs,
          madeAt: context.clock().toISOString(),
        });
        const predictionJson = plan.predictionJson ?? null;
        const stored = await auditedWrite(context, request, async (scope) => {
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const row = await insertPlan({ ...scope, patient }, input, plan.stored, predictionJson);
          const author = { id: scope.user.id, email: scope.user.email };
          return { value: { ...row, patientId: patient.id, author }, resourceId: row.id };
        });
        reply.code(201).header('location', `/api/patients/${stored.patientId}/plans/${stored.id}`);
        const head = {
          id: stored.id,
          patientId: stored.patientId,
          createdAt: stored.createdAt,
          createdBy: stored.author,
          input,
          prediction: predictionJson === null ? null : JSON.parse(predictionJson),
        };
        return sendStoredPlan(reply, head, plan);
      },
    );
  };
}
