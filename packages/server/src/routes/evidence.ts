import { patientsForUpperBound, patientsPerGroupTwoProportions } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import type { Role } from '../db/schema.js';
import { invalid } from '../http/problems.js';
import { commonErrors } from './schemas.js';

/** Evidence is for the clinic's admins and for researchers (never identifying). */
export const EVIDENCE_READERS: readonly Role[] = ['admin', 'researcher'];

const rate = z.coerce.number().describe('a proportion, 0–1');

const sampleSizeQuery = z.strictObject({
  design: z
    .enum(['upper-bound', 'two-proportions'])
    .describe(
      '`upper-bound`: patients needed so the one-sided upper confidence bound on a rate (e.g. hyperpigmentation in Fitzpatrick V–VI) stays below `maxUpperBound`; `two-proportions`: patients per group to detect `rate1` against `rate2`',
    ),
  expectedRate: rate.optional().describe('upper-bound: the rate expected, 0 ≤ p < 1'),
  maxUpperBound: rate.optional().describe('upper-bound: the bound the study must show'),
  oneSidedAlpha: rate.optional().describe('upper-bound: one-sided alpha (default 0.05)'),
  rate1: rate.optional().describe('two-proportions: the rate in one group (e.g. V–VI)'),
  rate2: rate.optional().describe('two-proportions: the rate in the other (e.g. I–IV)'),
  alpha: rate.optional().describe('two-proportions: two-sided alpha (default 0.05)'),
  power: rate.optional().describe('two-proportions: power (default 0.8)'),
});

export function evidenceRoutes(_context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/evidence/sample-size',
      {
        config: { roles: EVIDENCE_READERS },
        schema: {
          summary: 'Sample size for the study the evidence lacks (Fitzpatrick V–VI)',
          tags: ['evidence'],
          querystring: sampleSizeQuery,
          response: { 200: z.record(z.string(), z.unknown()), ...commonErrors },
        },
      },
      async (request) => {
        const q = request.query;
        const need = (name: keyof typeof q): number => {
          const value = q[name];
          if (typeof value !== 'number') throw invalid(name, `required for design=${q.design}`);
          return value;
        };
        if (q.design === 'upper-bound') {
          const result = patientsForUpperBound({
            expectedRate: need('expectedRate'),
            maxUpperBound: need('maxUpperBound'),
            ...(q.oneSidedAlpha === undefined ? {} : { oneSidedAlpha: q.oneSidedAlpha }),
          });
          return { design: q.design, ...result };
        }
        const result = patientsPerGroupTwoProportions({
          rate1: need('rate1'),
          rate2: need('rate2'),
          ...(q.alpha === undefined ? {} : { alpha: q.alpha }),
          ...(q.power === undefined ? {} : { power: q.power }),
        });
        return { design: q.design, ...result };
      },
    );
  };
}
