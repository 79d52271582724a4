import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import { canonicalTimeZone, dayIn } from '../clinicCalendar.js';
import type { RouteContext } from '../context.js';
import type { Tx } from '../db/open.js';
import { refuse } from '../records/fields.js';
import { commonErrors } from './schemas.js';

/** The signed-in user's clinic: its name and its time zone (what "today" is for its records). */

const clinicSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string().describe('IANA time zone, e.g. Europe/Paris; decides the clinic’s today'),
  today: z.string().describe('the clinic’s today (YYYY-MM-DD) on the server’s clock'),
  demo: z
    .boolean()
    .describe(
      'the clinic holds the generated demo cohort (synthetic patients, not people): its evidence screens include them by default, marked as such',
    ),
});

export function clinicRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const clinicOf = async (tx: Tx, clinicId: string, today: string) => {
      const row = await tx
        .selectFrom('clinics')
        .select(['id', 'name', 'time_zone'])
        .where('id', '=', clinicId)
        .executeTakeFirstOrThrow();
      const synthetic = await tx
        .selectFrom('patients')
        .select('id')
        .where('clinic_id', '=', clinicId)
        .where('synthetic', '=', true)
        .limit(1)
        .executeTakeFirst();
      const demo = synthetic !== undefined;
      return { id: row.id, name: row.name, timeZone: row.time_zone, today, demo };
    };

    app.get(
      '/api/clinic',
      {
        config: { audit: { action: 'clinic.read', resourceType: 'clinic', reads: 'unrecorded' } },
        schema: {
          operationId: 'getClinic',
          summary: 'Your clinic: its name, time zone and today',
          tags: ['clinic'],
          response: { 200: clinicSchema, ...commonErrors },
        },
      },
      (request) =>
        auditedRead(context, request, async (scope) => ({
          value: await clinicOf(scope.tx, scope.user.clinicId, scope.today),
          resourceId: scope.user.clinicId,
        })),
    );

    app.patch(
      '/api/clinic',
      {
        config: { roles: ['admin'], audit: { action: 'clinic.update', resourceType: 'clinic' } },
        schema: {
          operationId: 'patchClinic',
          summary: "Set the clinic's time zone (an IANA name; it decides what today is)",
          tags: ['clinic'],
          body: z.strictObject({ timeZone: z.string().min(1).max(64) }),
          response: { 200: clinicSchema, ...commonErrors },
        },
      },
      (request) =>
        auditedWrite(context, request, async (scope) => {
          const timeZone = canonicalTimeZone(request.body.timeZone);
          if (timeZone === undefined)
            refuse([
              {
                field: 'timeZone',
                message: `"${request.body.timeZone}" is not a time zone this server knows; use an IANA name such as Europe/Paris or UTC`,
              },
            ]);
          await scope.tx
            .updateTable('clinics')
            .set({ time_zone: timeZone })
            .where('id', '=', scope.user.clinicId)
            .execute();
          // The day in the new zone, at the same instant.
          const today = dayIn(timeZone, scope.now);
          return {
            value: await clinicOf(scope.tx, scope.user.clinicId, today),
            resourceId: scope.user.clinicId,
          };
        }),
    );
  };
}
