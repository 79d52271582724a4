import { seriesToIcs } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead } from '../audited.js';
import { clinicDay, instantAt } from '../clinicCalendar.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { notFound } from '../http/problems.js';
import { findPatient } from '../records/patient.js';
import { PATIENT_READERS } from '../records/recordKind.js';
import { findSeries, series } from '../records/series.js';
import { patientRecordRoutes } from './patientRecordRoutes.js';
import { commonErrors, problemSchema } from './schemas.js';

/** Treatment series: the standard routes of records/series.ts, and the series as iCalendar. */
export function seriesRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(patientRecordRoutes(context, series));
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/patients/:id/series/:seriesId/calendar.ics',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'series.calendar', resourceType: 'series' },
        },
        schema: {
          operationId: 'getSeriesCalendar',
          summary:
            'The series as an iCalendar (RFC 5545) file: one event per session and one for the assessment',
          description:
            'Answers `text/calendar; charset=utf-8` as an attachment `microcore-series-<id>.ics`. Event UIDs derive from the series id, so importing again updates the same events. ' +
            "An event booked at a time of day is a timed event of an hour, its start the clinic's local time (in the clinic's time zone now) written as a UTC instant; the others are all-day events.",
          tags: ['series'],
          params: z.object({ id: idParam, seriesId: idParam }),
          response: {
            200: {
              description: 'the iCalendar file',
              content: { 'text/calendar': { schema: z.string() } },
            },
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const { found, clinicName, timeZone, now } = await auditedRead(
          context,
          request,
          async (scope) => {
            const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
            const row = await findSeries(
              scope.tx,
              scope.user.clinicId,
              patient.id,
              request.params.seriesId,
            );
            if (!row) throw notFound('series');
            const clinic = await scope.tx
              .selectFrom('clinics')
              .select(['name', 'time_zone'])
              .where('id', '=', scope.user.clinicId)
              .executeTakeFirst();
            return {
              value: {
                found: row,
                clinicName: clinic?.name,
                // A zone this runtime does not know falls back to UTC, as the clinic's today does.
                timeZone: clinicDay(clinic?.time_zone ?? 'UTC', scope.now).timeZone,
                now: scope.now,
              },
              resourceId: row.id,
            };
          },
        );
        const at = (date: string, time: string | null) =>
          time === null ? null : instantAt(timeZone, date, time).toISOString();
        const ics = seriesToIcs({
          seriesId: found.id,
          schedule: {
            sessions: found.sessions,
            assessmentDate: found.assessmentDate,
            intervalWeeks: found.intervalWeeks,
            warnings: found.warnings,
          },
          dtstamp: now.toISOString(),
          clinicName,
          starts: {
            sessions: found.sessions.map((s) => at(s.date, s.time)),
            assessment: at(found.assessmentDate, found.assessmentTime),
          },
        });
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="microcore-series-${found.id}.ics"`)
          .send(ics);
      },
    );
  };
}
