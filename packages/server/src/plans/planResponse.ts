import type { FastifyReply } from 'fastify';
import type { PlanJson } from './plannerMessages.js';

/** A stored plan's fields other than the plan itself, in the order the API has always sent them. */
export interface StoredPlanHead {
  readonly id: string;
  readonly patientId: string;
  readonly createdAt: string;
  readonly createdBy: { readonly id: string; readonly email: string } | null;
  readonly input: unknown;
  /** The follow-up prediction stored with the plan (records/planPrediction.ts), or null. */
  readonly prediction: unknown;
}

/**
 * Answer with the stored plan, the planner thread's UTF-8 bytes spliced in as they came: parsing,
 * stringifying or even encoding a plan of up to 2 MB again would hold the event loop for tens of
 * milliseconds. Fastify sends a Buffer as it is, whatever the route's response schema.
 */
export function sendStoredPlan(reply: FastifyReply, head: StoredPlanHead, plan: PlanJson) {
  const headJson = JSON.stringify(head);
  const body = Buffer.concat([
    Buffer.from(`${headJson.slice(0, -1)},"plan":`),
    plan.utf8,
    Buffer.from('}'),
  ]);
  return reply.type('application/json; charset=utf-8').send(body);
}
