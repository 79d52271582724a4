import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedWrite, signedIn } from '../audited.js';
import { revokeSession, SESSION_COOKIE } from '../auth/sessions.js';
import { signIn } from '../auth/signIn.js';
import { MAX_SIGN_IN_CANDIDATES } from '../auth/signInCandidates.js';
import type { RouteContext } from '../context.js';
import { bodyId } from '../http/ids.js';
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
            'answers are the same whether or not the email is a user. An email may be a user ' +
            "of several clinics: the password is checked against each clinic's user and signs " +
            'in to the one it matches; when it matches several, the answer is 409 ' +
            '`clinic-required` listing them, and the login is sent again with `clinicId`.',
          tags: ['auth'],
          security: [],
          body: z
            .strictObject({
              email: z.string().trim().min(3).max(254),
              password: z.string().min(1).max(1024),
              clinicId: bodyId
                .optional()
                .describe(
                  'The clinic to sign in to, needed only when the email and password are a ' +
                    "user's in more than one clinic (the 409 `clinic-required` lists them). " +
                    'Only that clinic is then considered: a clinic without this email is the ' +
                    'same 401 as a wrong password.',
                ),
            })
            .describe(
              'Sign in with an email and password. The password is checked against every ' +
                `clinic in which the email is an enabled user (the ${MAX_SIGN_IN_CANDIDATES} oldest such users, and ` +
                'always the one in `clinicId`).',
            ),
          response: {
            200: z.object({ token: z.string(), expiresAt: z.string(), user: meSchema }),
            401: problemSchema,
            409: problemSchema
              .extend({
                clinics: z
                  .array(z.object({ id: z.uuid(), name: z.string() }))
                  .describe('the clinics whose user this email and password are, oldest first'),
              })
              .describe('clinic-required: send the login again with one of `clinics` as clinicId'),
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
          {
            email: request.body.email,
            password: request.body.password,
            client: request.ip,
            clinicId: request.body.clinicId,
          },
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
