import { CANDIDACY_RULES } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../context.js';
import { screenings } from '../records/screening.js';
import { patientRecordRoutes } from './patientRecordRoutes.js';
import { problemSchema } from './schemas.js';

/**
 * Candidacy screening: the checklist a form shows (no patient data), and the standard screening
 * routes of records/screening.ts. The rules live in the core (CANDIDACY_RULES).
 */

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
        text: rules.fitzpatrick.acknowledgementText,
        source: rules.fitzpatrick.source,
      };
    }
    return { code, appliesTo: 'any', text: code, source: '' };
  });
}

export function screeningRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(patientRecordRoutes(context, screenings));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/screening/checklist',
      {
        config: {
          // Rules, not patient data: refusals are recorded, reads are not.
          audit: { action: 'screening.checklist', resourceType: 'checklist', reads: 'unrecorded' },
        },
        schema: {
          operationId: 'getScreeningChecklist',
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
  };
}
