import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { verifyAudit } from '../audit.js';
import { inClinic } from '../db/open.js';
import { commonErrors } from './schemas.js';

export function auditRoutes({ db }: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/audit/verify',
      {
        config: { roles: ['admin'] },
        schema: {
          summary: "Verify the clinic's audit hash chain",
          tags: ['audit'],
          response: {
            200: z.union([
              z.object({ ok: z.literal(true), records: z.number() }),
              z.object({ ok: z.literal(false), firstBrokenId: z.number() }),
            ]),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        return inClinic(db, user.clinicId, (tx) => verifyAudit(tx, user.clinicId));
      },
    );
  };
}
