import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { generateAuditKey } from './auditKey.js';
import { AuditQueue } from './auditQueue.js';
import { SESSION_COOKIE, SessionCache, type SessionUser } from './auth/sessions.js';
import { DEFAULT_CONFIG, type ServerConfig } from './config.js';
import type { RouteContext } from './context.js';
import type { Db } from './db/open.js';
import type { Role } from './db/schema.js';
import { DeliveryWatchers } from './delivery/watchers.js';
import { sendProblem, toProblem } from './http/errors.js';
import { frameworkProblem } from './http/frameworkErrors.js';
import { canonicalId } from './http/ids.js';
import { jsonNestingDepth, MAX_JSON_DEPTH } from './http/jsonDepth.js';
import { refuseNul } from './http/nulGuard.js';
import { Problem } from './http/problems.js';
import { CONTENT_SECURITY_POLICY } from './http/securityHeaders.js';
import { registerWebApp } from './http/webApp.js';
import { documentRoute, type RawBody } from './openapiTransform.js';
import { OperationIds } from './operationIds.js';
import { PlannerPool } from './plans/plannerPool.js';
import { adverseEvents } from './records/adverseEvent.js';
import { assessments } from './records/assessment.js';
import { consents } from './records/consent.js';
import { followUps } from './records/followUp.js';
import { sessions as treatmentSessions } from './records/session.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { clinicRoutes } from './routes/clinic.js';
import { deliveryRoutes } from './routes/delivery.js';
import { evidenceRoutes } from './routes/evidence.js';
import { evidenceCalibrationRoutes } from './routes/evidenceCalibration.js';
import { fhirRoutes } from './routes/fhir.js';
import { patientRecordRoutes } from './routes/patientRecordRoutes.js';
import { patientRoutes } from './routes/patients.js';
import { photoRoutes } from './routes/photos.js';
import { planRoutes } from './routes/plans.js';
import { screeningRoutes } from './routes/screenings.js';
import { seriesRoutes } from './routes/series.js';
import { API_TAGS } from './routes/tags.js';
import { userRoutes } from './routes/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; set for every route that is not `public`. */
    user?: SessionUser;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, the API docs). */
    public?: boolean;
    /** Roles allowed; absent means any signed-in user. */
    roles?: readonly Role[];
    /**
     * What the audit trail calls this route: its successes are recorded under it (audited.ts) and
     * so are its refusals (the error handler). Every route that is not public declares one; the
     * route table refuses one that does not (onRoute below). `reads: 'unrecorded'` marks a route
     * that shows no patient or account data (the checklist, a sample size, who am I), whose
     * successful reads are not worth a record; its refusals still are.
     */
    audit?: { action: string; resourceType: string; reads?: 'unrecorded' };
    /** A body that is not JSON: documented as bytes of these media types (openapiTransform.ts). */
    rawBody?: RawBody;
  }
}

export interface AppOptions {
  readonly db: Db;
  readonly config?: Partial<ServerConfig>;
  /** The clock for what depends on the date (the research pool's snapshot); default the system's. */
  readonly clock?: () => Date;
  /** Where the logs go (tests pass a stream to read them); default stdout. */
  readonly logStream?: NodeJS.WritableStream;
}

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly public: boolean;
  readonly roles: readonly Role[] | undefined;
  readonly audit: { action: string; resourceType: string; reads?: 'unrecorded' } | undefined;
  /** Its name in the OpenAPI document (and the web app's client); none for hidden routes. */
  readonly operationId: string | undefined;
}

/** Log paths that may carry identifying data or secrets; replaced by "[redacted]". */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  'password',
  '*.password',
  '*.givenName',
  '*.familyName',
  '*.birthDate',
  '*.email',
  '*.phone',
  '*.token',
];

export type { RouteContext } from './context.js';

export type App = FastifyInstance & {
  routeTable: RouteEntry[];
  planner: PlannerPool;
  /** The live sessions' watch sockets of this process (routes/delivery.ts; tests count them). */
  deliveryWatchers: DeliveryWatchers;
};

export async function buildApp(options: AppOptions): Promise<App> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...options.config };
  const { db } = options;
  // Stand-alone audit records (reads, refusals) share transactions under load; see AuditQueue.
  const auditQueue = new AuditQueue(db);
  const sessions = new SessionCache(config.sessionCacheSeconds);
  // Plans are made in worker threads, off the event loop (plans/plannerPool.ts).
  const planner = new PlannerPool();
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // The path only: a query string can carry a patient's name (`?query=`).
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.split('?')[0],
          remoteAddress: req.ip,
        }),
      },
    },
    // Ids that clients send in paths are ours (UUIDs); nothing else is needed from them.
    routerOptions: { maxParamLength: 200 },
    // request.ip is the client the sign-in throttle counts: behind a proxy, its X-Forwarded-For.
    trustProxy: config.trustProxy,
    // A path segment too long for any id (414) or not decodable (400): problem+json, as every
    // other refusal, not Fastify's own JSON.
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, frameworkProblem(error)),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routeTable: RouteEntry[] = [];
  const operationIds = new OperationIds();
  app.addHook('onRoute', (route) => {
    // The interactive docs (and their bundled assets) are public.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    checkRouteDeclaration(route);
    operationIds.claim(route);
    for (const method of methods) {
      routeTable.push({
        method,
        url: route.url,
        public: route.config?.public === true,
        roles: route.config?.roles,
        audit: route.config?.audit,
        operationId: route.schema?.operationId,
      });
    }
  });
  app.decorate('routeTable', routeTable);
  app.decorate('planner', planner);
  const deliveryWatchers = new DeliveryWatchers();
  app.decorate('deliveryWatchers', deliveryWatchers);

  await app.register(cookie);
  // The delivery session's socket (routes/delivery.ts); a message is one batch of events.
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'microcore clinic API',
        version: '0.1.0',
        description:
          'Patients, treatment plans, clinical records (sessions, assessments, adverse events, ' +
          'consents, photos) and the audit trail of a Micro-Coring clinic. Errors are ' +
          'RFC 9457 problem+json with `type` under https://microcore.dev/problems/.',
        // As package.json says: npm's word for "no licence is granted" (not the Unlicense). It
        // has no SPDX identifier or URL, so redocly.yaml turns info-license-strict off.
        license: { name: 'UNLICENSED' },
      },
      // Relative: the document, the API and the web app are served from the same origin.
      servers: [{ url: '/' }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: documentRoute,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
  });
  // Security headers on every answer; the policy lets a page run only this origin's own code.
  await app.register(helmet, { contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } });

  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    // A full planner queue is load, not a fault: a warning, without the error object.
    if (problem.kind === 'busy') request.log.warn(problem.detail);
    else if (problem.status >= 500)
      request.log.error(
        { err: error },
        problem.kind === 'unavailable' ? 'database unavailable' : 'internal error',
      );
    const audit = request.routeOptions.config.audit;
    if (request.user && audit && problem.status < 500) {
      const outcome =
        problem.status === 403
          ? 'forbidden'
          : problem.status === 404
            ? 'not-found'
            : problem.status === 409
              ? 'conflict'
              : 'invalid';
      try {
        await auditQueue.append({
          clinicId: request.user.clinicId,
          userId: request.user.id,
          action: audit.action,
          resourceType: audit.resourceType,
          resourceId: auditResourceId(request),
          outcome,
        });
      } catch (auditError) {
        request.log.error({ err: auditError }, 'could not record a refusal in the audit trail');
        return sendProblem(request, reply, toProblem(auditError));
      }
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new Problem('not-found', `no route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  // Authentication and roles, before the body is read. Deny by default: the decision is made on
  // the route the router matched (whatever spelling of the path reached it), never on the raw
  // URL, and only a route that declares itself public is reachable without a session. A request
  // that matched no route goes on to the 404 handler, which reveals nothing.
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (request.routeOptions.url === undefined || config.public === true) return;
    const token = bearerToken(request) ?? request.cookies[SESSION_COOKIE];
    const user = token ? await sessions.find(db, token) : undefined;
    if (!user) throw new Problem('unauthenticated', 'sign in (POST /api/auth/login) first');
    request.user = user;
    if (config.roles && !config.roles.includes(user.role)) {
      throw new Problem(
        'forbidden',
        `the ${user.role} role may not ${request.method} ${request.routeOptions.url}`,
      );
    }
  });

  // JSON bodies nested deeper than any request of ours are refused before they are parsed, so no
  // later walk over the value (the NUL guard, the schemas) can run out of stack.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const depth = jsonNestingDepth(body as string);
    if (depth > MAX_JSON_DEPTH)
      return done(
        new Problem(
          'malformed-body',
          `the JSON body is nested ${depth > 1000 ? 'more than 1000' : depth} levels deep; no request of this API needs more than ${MAX_JSON_DEPTH}`,
        ),
        undefined,
      );
    parseJson(request, body as string, done);
  });

  // Before the schemas: no text with a NUL character reaches the database (it would be a 500).
  app.addHook('preValidation', async (request) => {
    refuseNul(request.query, 'query');
    refuseNul(request.body, 'body');
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  // Every record is committed before the server lets go of the database.
  app.addHook('onClose', async () => {
    // The plans already accepted finish first (new ones are refused, 503), then the threads end.
    await planner.close();
    await auditQueue.flush();
  });
  // startServer always passes the configured or persisted key; an app built without one (a test,
  // an embedding) signs with a key that dies with the process, and says so.
  const auditKey = config.auditKey ?? generateAuditKey();
  if (!config.auditKey)
    app.log.warn(
      'no audit key configured: checkpoints are signed with a key for this process only',
    );
  const context: RouteContext = {
    db,
    config,
    auditKey,
    auditQueue,
    sessions,
    planner,
    clock: options.clock ?? (() => new Date()),
  };
  await app.register(authRoutes(context));
  await app.register(userRoutes(context));
  await app.register(clinicRoutes(context));
  await app.register(patientRoutes(context));
  await app.register(planRoutes(context));
  await app.register(screeningRoutes(context));
  await app.register(seriesRoutes(context));
  await app.register(patientRecordRoutes(context, treatmentSessions));
  await app.register(patientRecordRoutes(context, assessments));
  await app.register(patientRecordRoutes(context, followUps));
  await app.register(patientRecordRoutes(context, adverseEvents));
  await app.register(patientRecordRoutes(context, consents));
  await app.register(photoRoutes(context));
  await app.register(deliveryRoutes(context, deliveryWatchers));
  await app.register(fhirRoutes(context));
  await app.register(auditRoutes(context));
  await app.register(evidenceRoutes(context));
  await app.register(evidenceCalibrationRoutes(context));
  await registerWebApp(app, config.webDir);
  return app as unknown as App;
}

/**
 * Deny by default has a twin: a route that is not public must name its audit action, so every
 * protected route's successes and refusals land in the trail under one declared name. Throws at
 * registration, so such a server does not start.
 */
export function checkRouteDeclaration(route: {
  method: string | string[];
  url: string;
  config?: { public?: boolean; audit?: unknown };
}): void {
  if (route.config?.public === true || route.config?.audit !== undefined) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  throw new Error(
    `route ${methods.join('|')} ${route.url} is neither public nor declares its audit action (config.audit)`,
  );
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * The record a refusal concerns: the last id in the path (the record, else its patient), in its
 * canonical form — or none, when the path's ids are malformed (a path segment can hold anything;
 * it never goes into the trail).
 */
function auditResourceId(request: FastifyRequest): string | null {
  const params = Object.values((request.params as Record<string, unknown> | undefined) ?? {});
  for (let i = params.length - 1; i >= 0; i--) {
    const id = typeof params[i] === 'string' ? canonicalId(params[i] as string) : undefined;
    if (id) return id;
  }
  return null;
}
