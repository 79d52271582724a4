import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { auditedRead, auditedWrite, type Scope, scopeOf, signedIn } from '../audited.js';
import type { RouteContext } from '../context.js';
import { inClinic } from '../db/open.js';
import { SessionGuards } from '../delivery/guards.js';
import { DeliveryIngest, type IngestResult } from '../delivery/ingest.js';
import { DeliveryWatchers } from '../delivery/watchers.js';
import { watchSession } from '../delivery/watchSocket.js';
import { toProblem } from '../http/errors.js';
import { idParam } from '../http/ids.js';
import { invalid, Problem, type ProblemBody } from '../http/problems.js';
import {
  claimDeliveryBody,
  consoleId,
  deliveryAckSchema,
  deliveryResumeSchema,
  deliverySessionSchema,
  deliveryStartedSchema,
  eventBatchBody,
  findDeliverySession,
  MAX_BATCH_EVENTS,
  startDeliveryBody,
  storedPlacements,
  toDeliverySession,
} from '../records/delivery.js';
import { requireActive } from '../records/fields.js';
import { findPatient } from '../records/patient.js';
import { planValues } from '../records/plan.js';
import { RECORD_WRITERS } from '../records/recordKind.js';
import { checkedSession } from '../records/session.js';
import { commonErrors, problemSchema } from './schemas.js';

/**
 * A live delivery session (issue 14; docs/delivery.md "Server"): start it from a saved plan, send
 * its events over a WebSocket or in batches over HTTP (one ingest, delivery/ingest.ts), resume
 * it, claim or take it over, and its end becomes the patient's session record. Clinicians and
 * admins, of the patient's clinic; another clinic's session is 404.
 */
export function deliveryRoutes(context: RouteContext, watchers = new DeliveryWatchers()) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const ingest = new DeliveryIngest(context, watchers);
    app.addHook('onClose', () => ingest.flush());
    const sessionParams = z.object({ id: idParam, deliveryId: idParam });

    /**
     * The session as a console resumes it: its row, the state after its last committed seq, and
     * the placements up to it (in the same transaction, so they agree with the state).
     */
    const resumeOf = async (scope: Scope, patientId: string, sessionId: string) => {
      const head = await findDeliverySession(scope.tx, scope.user.clinicId, sessionId, {
        patientId,
      });
      const { state } = await ingest.guards.at(scope.tx, head, head.last_seq);
      const placements = await storedPlacements(scope.tx, head.id);
      return { ...toDeliverySession({ ...head, state: null }), state: { ...state }, placements };
    };

    app.post(
      '/api/patients/:id/delivery-sessions',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'delivery.start', resourceType: 'delivery-session' },
        },
        schema: {
          operationId: 'startDeliverySession',
          summary: 'Start a live handpiece session from a saved plan',
          description:
            "The plan must be this patient's and deliverable (else 422 `planId`, or the core's " +
            'field); the console that starts the session holds it. Answers the session, the ' +
            "plan's raster of fields and the guard's first state.",
          tags: ['records'],
          params: z.object({ id: idParam }),
          body: startDeliveryBody,
          response: {
            201: deliveryStartedSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const started = await auditedWrite(context, request, async (clinicScope) => {
          const { tx, user } = clinicScope;
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          const scope = { ...clinicScope, patient };
          requireActive(patient, 'start a session');
          const [plan] = await planValues(tx, user.clinicId, patient.id, [body.planId]);
          if (!plan) throw invalid('planId', 'no plan of this patient has this id');
          if (body.seriesId !== undefined) {
            const series = await tx
              .selectFrom('treatment_series')
              .select('plan_id')
              .where('clinic_id', '=', user.clinicId)
              .where('patient_id', '=', patient.id)
              .where('id', '=', body.seriesId)
              .executeTakeFirst();
            if (series?.plan_id !== plan.id)
              throw invalid('seriesId', 'no series of this patient delivers this plan');
          }
          const fresh = SessionGuards.fresh(plan.plan);
          // The end records the session through records/session.ts: its checks (the interval
          // rule above all) are made now too, so a session is not refused only at its end.
          await checkedSession(scope, {
            planId: plan.id,
            ...(body.seriesId === undefined ? {} : { seriesId: body.seriesId }),
            date: scope.today,
            zones: fresh.guard.plan.zones.map((z) => ({ zoneId: z.id, coresDelivered: 0 })),
            anaesthesia: body.anaesthesia,
            intervalReason: body.intervalReason ?? null,
          });
          const row = await tx
            .insertInto('delivery_sessions')
            .values({
              clinic_id: user.clinicId,
              patient_id: patient.id,
              plan_id: plan.id,
              series_id: body.seriesId ?? null,
              anaesthesia: body.anaesthesia,
              interval_reason: body.intervalReason ?? null,
              console_id: body.consoleId,
              claimed_by: user.id,
              created_by: user.id,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('delivery_claims')
            .values({
              session_id: row.id,
              clinic_id: user.clinicId,
              console_id: body.consoleId,
              claimed_by: user.id,
            })
            .execute();
          const zones = fresh.guard.plan.zones;
          return {
            value: {
              session: {
                ...toDeliverySession(row),
                plannedFields: fresh.guard.plannedFields.map((f, index) => ({
                  index,
                  zone: zones[f.zone].id,
                  xMm: f.xMm,
                  yMm: f.yMm,
                  plannedCores: f.cores.length,
                })),
                state: { ...fresh.state },
              },
              fresh,
            },
            resourceId: row.id,
          };
        });
        ingest.guards.committed(started.session.id, started.fresh);
        return reply.code(201).send(started.session);
      },
    );

    app.get(
      '/api/patients/:id/delivery-sessions/:deliveryId',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'delivery.read', resourceType: 'delivery-session' },
        },
        schema: {
          operationId: 'getDeliverySession',
          summary: 'A delivery session as a console resumes it: its last committed seq and state',
          tags: ['records'],
          params: sessionParams,
          response: { 200: deliveryResumeSchema, 404: problemSchema, ...commonErrors },
        },
      },
      (request) =>
        auditedRead(context, request, async (scope) => ({
          value: await resumeOf(scope, request.params.id, request.params.deliveryId),
          resourceId: request.params.deliveryId,
        })),
    );

    app.post(
      '/api/patients/:id/delivery-sessions/:deliveryId/claim',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'delivery.claim', resourceType: 'delivery-session' },
        },
        schema: {
          operationId: 'claimDeliverySession',
          summary: 'Hold a delivery session from this console, or take it over with a reason',
          description:
            'The console that holds the session claims it again at no cost (200). Another ' +
            'console is refused (409 `delivery.claimed`) while the first holds it — claims never ' +
            'lapse on a timer. A console that crashed is taken over explicitly: the user who ' +
            'holds the session sends `takeover.reason`; the takeover is audited ' +
            '(`delivery.takeover`) and its reason kept with the claims. An ended session is 409.',
          tags: ['records'],
          params: sessionParams,
          body: claimDeliveryBody,
          response: {
            200: deliverySessionSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request) =>
        auditedWrite(context, request, async ({ tx, user }) => {
          const head = await findDeliverySession(tx, user.clinicId, request.params.deliveryId, {
            patientId: request.params.id,
            lock: true,
          });
          const body = request.body;
          const resourceId = head.id;
          if (head.status === 'ended')
            throw new Problem('conflict', 'the session has ended', { code: 'delivery.ended' });
          if (head.console_id === body.consoleId)
            return { value: toDeliverySession({ ...head, state: null }), resourceId };
          if (body.takeover === undefined || head.claimed_by !== user.id)
            throw new Problem(
              'conflict',
              body.takeover === undefined
                ? 'another console holds this session; the user who holds it may take it over with a reason (takeover.reason)'
                : 'only the user who holds the session may take it over',
              { code: 'delivery.claimed' },
            );
          const row = await tx
            .updateTable('delivery_sessions')
            .set({ console_id: body.consoleId, claimed_by: user.id })
            .where('id', '=', head.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('delivery_claims')
            .values({
              session_id: head.id,
              clinic_id: user.clinicId,
              console_id: body.consoleId,
              claimed_by: user.id,
              reason: body.takeover.reason,
            })
            .execute();
          return { value: toDeliverySession(row), resourceId, action: 'delivery.takeover' };
        }),
    );

    app.post(
      '/api/patients/:id/delivery-sessions/:deliveryId/events',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'delivery.ingest', resourceType: 'delivery-session' },
        },
        schema: {
          operationId: 'sendDeliveryEvents',
          summary: 'Send a batch of events (the HTTP fallback of the session WebSocket)',
          description:
            'Taken whole or not at all, in one transaction; the answer leaves once it is ' +
            'committed. A seq already taken with the same event is acknowledged again ' +
            '(`repeated`); with other content 409 `delivery.event-conflict`; a gap 409 ' +
            '`delivery.resend-from` with `resendFrom`; a malformed event 422 naming ' +
            '`events[i].<field>`; an event the guard refuses in this state 409 with its code.',
          tags: ['records'],
          params: sessionParams,
          body: eventBatchBody,
          response: {
            200: deliveryAckSchema,
            404: problemSchema,
            409: problemSchema.extend({
              resendFrom: z
                .number()
                .optional()
                .describe('delivery.resend-from: send the events from this seq on'),
            }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = signedIn(request);
        const result = await ingest.ingest({
          user,
          patientId: request.params.id,
          sessionId: request.params.deliveryId,
          consoleId: request.body.consoleId,
          events: request.body.events,
        });
        if ('problem' in result) throw result.problem;
        return result.ack;
      },
    );

    // The session's WebSocket. Refusals before the upgrade (401, 403, 404, 409 for a console that
    // does not hold the session) are plain HTTP problem+json; after it, each message is answered
    // with an `ack` or an `error` carrying the same problem body the HTTP route would send.
    app.route({
      method: 'GET',
      url: '/api/patients/:id/delivery-sessions/:deliveryId/socket',
      // A plain GET (no upgrade) is answered 426 problem+json.
      handler: () => {
        throw new Problem(
          'upgrade-required',
          "this is the session's WebSocket: connect with an Upgrade",
        );
      },
      config: {
        roles: RECORD_WRITERS,
        audit: { action: 'delivery.connect', resourceType: 'delivery-session' },
      },
      schema: {
        hide: true,
        params: sessionParams,
        querystring: z.strictObject({ consoleId }),
      },
      preHandler: async (request) => {
        ownOrigin(request);
        const { id, deliveryId: sessionId } = request.params as { id: string; deliveryId: string };
        const { consoleId: console } = request.query as { consoleId: string };
        const user = signedIn(request);
        await inClinic(
          context.db,
          user.clinicId,
          async (tx) => {
            const head = await findDeliverySession(tx, user.clinicId, sessionId, {
              patientId: id,
            });
            if (head.console_id !== console)
              throw new Problem(
                'conflict',
                'another console holds this session; the user who holds it may take it over (POST …/claim with takeover.reason)',
                { code: 'delivery.claimed' },
              );
          },
          { readOnly: true },
        );
      },
      wsHandler: (socket: WebSocket, request: FastifyRequest) => {
        const { id, deliveryId: sessionId } = request.params as { id: string; deliveryId: string };
        const { consoleId: console } = request.query as { consoleId: string };
        const user = signedIn(request);
        const instance = request.url.split('?')[0];
        const send = (message: unknown) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        };
        const refuse = async (problem: Problem) => {
          if (problem.status < 500)
            await context.auditQueue
              .append({
                clinicId: user.clinicId,
                userId: user.id,
                action: 'delivery.ingest',
                resourceType: 'delivery-session',
                resourceId: sessionId,
                outcome: outcomeOf(problem.status),
              })
              .catch((error) => request.log.error({ err: error }, 'could not audit a refusal'));
          send({ type: 'error', problem: problem.body(instance) satisfies ProblemBody });
        };
        // Messages are answered in the order they came: each waits for the one before it.
        let previous: Promise<void> = auditedRead(context, request, async (scope) => ({
          value: await resumeOf(scope, id, sessionId),
          resourceId: sessionId,
        })).then(
          (resume) => send({ type: 'resume', ...resume }),
          (error) => refuse(toProblem(error)),
        );
        socket.on('message', (data) => {
          // Submitted at once, so messages that arrive while a batch commits share the next
          // commit (the ingest's queue keeps their order); answered in the order they came.
          const answer: Promise<IngestResult> = (async () =>
            ingest.ingest({
              user,
              patientId: id,
              sessionId,
              consoleId: console,
              events: socketEvents(String(data)),
            }))();
          previous = previous.then(async () => {
            try {
              const result = await answer;
              if ('problem' in result) await refuse(result.problem);
              else send({ type: 'ack', ...result.ack });
            } catch (error) {
              const problem = toProblem(error);
              if (problem.status >= 500)
                request.log.error({ err: error }, 'delivery ingest failed');
              await refuse(problem);
            }
          });
          // Settled in the chain above; never an unhandled rejection meanwhile.
          answer.catch(() => undefined);
        });
      },
    });

    // A session watched, read-only (docs/delivery.md "Watching a session"): the resume, then every
    // batch the ingest commits for it — from any console, over the socket or HTTP — with its
    // events. It holds no claim and nothing it sends reaches the ingest.
    app.route({
      method: 'GET',
      url: '/api/patients/:id/delivery-sessions/:deliveryId/watch',
      handler: () => {
        throw new Problem(
          'upgrade-required',
          "this is the session's watch WebSocket: connect with an Upgrade",
        );
      },
      config: {
        roles: RECORD_WRITERS,
        audit: { action: 'delivery.watch', resourceType: 'delivery-session' },
      },
      schema: { hide: true, params: sessionParams },
      preHandler: async (request) => {
        ownOrigin(request);
        const { id, deliveryId: sessionId } = request.params as { id: string; deliveryId: string };
        const user = signedIn(request);
        await inClinic(
          context.db,
          user.clinicId,
          (tx) => findDeliverySession(tx, user.clinicId, sessionId, { patientId: id }),
          { readOnly: true },
        );
      },
      wsHandler: (socket: WebSocket, request: FastifyRequest) => {
        const { id, deliveryId: sessionId } = request.params as { id: string; deliveryId: string };
        const user = signedIn(request);
        const instance = request.url.split('?')[0];
        const readResume = (scope: Scope) => resumeOf(scope, id, sessionId);
        watchSession({
          socket,
          watchers,
          clinicId: user.clinicId,
          sessionId,
          readResume: async (audited) =>
            audited
              ? auditedRead(context, request, async (scope) => ({
                  value: await readResume(scope),
                  resourceId: sessionId,
                }))
              : inClinic(
                  context.db,
                  user.clinicId,
                  (tx, clinic) => readResume(scopeOf(context, tx, user, clinic)),
                  { readOnly: true },
                ),
          readHead: async () => {
            const head = await inClinic(
              context.db,
              user.clinicId,
              (tx) => findDeliverySession(tx, user.clinicId, sessionId, { patientId: id }),
              { readOnly: true },
            );
            return { lastSeq: head.last_seq, ended: head.status === 'ended' };
          },
          problemOf: (error) => {
            const problem = toProblem(error);
            return { body: problem.body(instance), serverFault: problem.status >= 500 };
          },
          watchOnly: new Problem(
            'forbidden',
            'a watch socket only receives: events go over the console socket (…/socket) or POST …/events',
            { code: 'delivery.watch-only' },
          ).body(instance),
          quietMs: context.config.deliveryWatchQuietMs,
          log: request.log,
        });
      },
    });
  };
}

/**
 * Browsers send cookies with a WebSocket handshake from any page and apply no CORS to it, so a
 * page of another origin could drive (or read) a signed-in clinician's session (cross-site
 * WebSocket hijacking). A browser always names its page's origin: it must be ours. Consoles and
 * scripts send no Origin and authenticate with their bearer token.
 */
function ownOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.headers.host))
    throw new Problem(
      'forbidden',
      `a WebSocket from the page ${origin.slice(0, 100)} may not open this session: connect from this server's own web app`,
    );
}

/** Whether the `Origin` header names this server's host (scheme aside: a proxy may end TLS). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A message of the WebSocket: `{ "type": "events", "events": [...] }`, else a 400/422 problem. */
function socketEvents(text: string): unknown[] {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new Problem('malformed-body', 'the message is not JSON');
  }
  const m = message as { type?: unknown; events?: unknown };
  if (typeof message !== 'object' || message === null || m.type !== 'events')
    throw invalid('type', 'a message is { "type": "events", "events": [...] }');
  if (!Array.isArray(m.events) || m.events.length === 0 || m.events.length > MAX_BATCH_EVENTS)
    throw invalid('events', `must be a list of 1 to ${MAX_BATCH_EVENTS} events`);
  return m.events;
}

function outcomeOf(status: number): string {
  return status === 403
    ? 'forbidden'
    : status === 404
      ? 'not-found'
      : status === 409
        ? 'conflict'
        : 'invalid';
}
