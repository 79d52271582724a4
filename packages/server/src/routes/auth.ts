import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedWrite, signedIn } from '../audited.js';
import { revokeSession, SESSION_COOKIE } from '../auth/sessions.js';
import { signIn } from '../auth/signIn.js';
import type { RouteContext } from '../context.js';
import { problemSchema } from './schemas.js';

const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['admin', 'clinician', 'researcher']),
  clinicId: z.uuid(),
});

export function authRoutes(context: RouteContext) {
  const { db, config, sessions } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          operationId: 'login',
          summary: 'Sign in: sets the session cookie and returns the token for scripts',
          description:
            'Failed sign-ins slow further attempts down, per email and per client address: ' +
            '429 `too-many-requests` with Retry-After (seconds) says when to try again. The ' +
            'answers are the same whether or not the email is a user.',
          tags: ['auth'],
          security: [],
          body: z.strictObject({
            email: z.string().trim().min(3).max(254),
            password: z.string().min(1).max(1024),
          }),
          response: {
            200: z.object({ token: z.string(), expiresAt: z.string(), user: meSchema }),
            401: problemSchema,
            422: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const session = await signIn(
          db,
          {
            throttle: config.signInThrottle,
            sessionHours: config.sessionHours,
            passwordCost: config.passwordCost,
          },
          { email: request.body.email, password: request.body.password, client: request.ip },
        );
        const { user } = session;
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/api',
          secure: config.secureCookie,
          expires: session.expiresAt,
        });
        return {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          user: { id: user.id, email: user.email, role: user.role, clinicId: user.clinicId },
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { audit: { action: 'auth.logout', resourceType: 'user' } },
        schema: {
          operationId: 'logout',
          summary: 'Sign out: revokes this session',
          tags: ['auth'],
          response: { 204: z.null().describe('signed out'), 401: problemSchema },
        },
      },
      async (request, reply) => {
        const user = signedIn(request);
        await auditedWrite(context, request, async ({ tx }) => {
          await revokeSession(tx, user.tokenHash);
          return { value: null, resourceId: user.id };
        });
        sessions.forget(user.tokenHash);
        reply.clearCookie(SESSION_COOKIE, { path: '/api' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        // Refusals are recorded under this name; a success is not: it shows the caller only
        // what their own session already holds, and the web app asks on every page.
        config: { audit: { action: 'auth.me', resourceType: 'user' } },
        schema: {
          operationId: 'getMe',
          summary: 'The signed-in user',
          tags: ['auth'],
          response: { 200: meSchema, 401: problemSchema },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        return { id: user.id, email: user.email, role: user.role, clinicId: user.clinicId };
      },
    );
  };
}
