import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AuditQueue } from './auditQueue.js';
import { SESSION_COOKIE, SessionCache, type SessionUser } from './auth/sessions.js';
import { DEFAULT_CONFIG, type ServerConfig } from './config.js';
import type { Db } from './db/open.js';
import type { Role } from './db/schema.js';
import { sendProblem, toProblem } from './http/errors.js';
import { refuseNul } from './http/nulGuard.js';
import { Problem } from './http/problems.js';
import { PatientReads } from './patientReads.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { evidenceRoutes } from './routes/evidence.js';
import { fhirRoutes } from './routes/fhir.js';
import { patientRoutes } from './routes/patients.js';
import { planRoutes } from './routes/plans.js';
import { recordRoutes } from './routes/records/index.js';
import { screeningRoutes } from './routes/screenings.js';
import { seriesRoutes } from './routes/series.js';
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
    /** What the audit trail calls this route; refusals are recorded under it too. */
    audit?: { action: string; resourceType: string };
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

export type App = FastifyInstance & { routeTable: RouteEntry[] };

export async function buildApp(options: AppOptions): Promise<App> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...options.config };
  const { db } = options;
  // Stand-alone audit records (reads, refusals) share transactions under load; see AuditQueue.
  const auditQueue = new AuditQueue(db);
  // Reads of a patient's record share statements with their audit records under load.
  const patientReads = new PatientReads(db);
  const sessions = new SessionCache(config.sessionCacheSeconds);
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
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    // The interactive docs (and their bundled assets) are public.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routeTable.push({
        method,
        url: route.url,
        public: route.config?.public === true,
        roles: route.config?.roles,
      });
    }
  });
  app.decorate('routeTable', routeTable);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'microcore clinic API',
        version: '0.1.0',
        description:
          'Patients, treatment plans, clinical records (sessions, assessments, adverse events, ' +
          'consents, photos) and the audit trail of a Micro-Coring clinic. Errors are ' +
          'RFC 9457 problem+json with `type` under https://microcore.dev/problems/.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
  });

  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500)
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

  // Authentication and roles, for every /api route that is not public, before the body is read.
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || config.public || !request.routeOptions.url) return;
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
    await patientReads.flush();
    await auditQueue.flush();
  });
  const context: RouteContext = {
    db,
    config,
    auditQueue,
    patientReads,
    sessions,
    clock: options.clock ?? (() => new Date()),
  };
  await app.register(authRoutes(context));
  await app.register(userRoutes(context));
  await app.register(patientRoutes(context));
  await app.register(planRoutes(context));
  await app.register(screeningRoutes(context));
  await app.register(seriesRoutes(context));
  await app.register(recordRoutes(context));
  await app.register(fhirRoutes(context));
  await app.register(auditRoutes(context));
  await app.register(evidenceRoutes(context));
  return app as unknown as App;
}

export interface RouteContext {
  readonly db: Db;
  readonly config: ServerConfig;
  readonly auditQueue: AuditQueue;
  readonly patientReads: PatientReads;
  readonly sessions: SessionCache;
  readonly clock: () => Date;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function auditResourceId(request: FastifyRequest): string | null {
  const params = request.params as Record<string, string> | undefined;
  const id =
    params?.planId ??
    params?.seriesId ??
    params?.eventId ??
    params?.consentId ??
    params?.photoId ??
    params?.id;
  // Only an id-like string: a path segment can hold anything (`%00` decodes to a NUL byte,
  // which PostgreSQL text refuses, and the refusal's audit record would fail with a 500).
  return typeof id === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(id) ? id : null;
}
