import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { appendAudit } from '../audit.js';
import { DUMMY_HASH, verifyPassword } from '../auth/password.js';
import { createSession, revokeSession, SESSION_COOKIE } from '../auth/sessions.js';
import { inClinic } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { Problem } from '../http/problems.js';
import { problemSchema } from './schemas.js';

const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['admin', 'clinician', 'researcher']),
  clinicId: z.uuid(),
});

export function authRoutes({ db, config, sessions }: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          summary: 'Sign in: sets the session cookie and returns the token for scripts',
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
        const email = request.body.email.toLowerCase();
        const windowStart = new Date(Date.now() - config.loginWindowMinutes * 60_000);
        const failures = await db
          .selectFrom('login_failures')
          .select([sql<number>`count(*)::int`.as('count'), sql<Date>`min(at)`.as('oldest')])
          .where('email', '=', email)
          .where('at', '>', windowStart)
          .executeTakeFirstOrThrow();
        if (failures.count >= config.loginMaxFailures) {
          const reopens = new Date(failures.oldest).getTime() + config.loginWindowMinutes * 60_000;
          const retryAfter = Math.max(1, Math.ceil((reopens - Date.now()) / 1000));
          throw new Problem(
            'too-many-requests',
            `too many failed sign-ins for this email; try again in ${Math.ceil(retryAfter / 60)} min`,
            { headers: { 'retry-after': String(retryAfter) } },
          );
        }
        const { rows } = await sql<{
          id: string;
          clinic_id: string;
          email: string;
          role: Role;
          password_hash: string;
        }>`select * from auth_user_by_email(${email})`.execute(db);
        const user = rows[0];
        const ok = await verifyPassword(request.body.password, user?.password_hash ?? DUMMY_HASH);
        if (!user || !ok) {
          await db.insertInto('login_failures').values({ email }).execute();
          throw new Problem('invalid-credentials', 'email or password is wrong');
        }
        await db.deleteFrom('login_failures').where('email', '=', email).execute();
        const session = await createSession(db, user.id, config.sessionHours);
        await inClinic(db, user.clinic_id, (tx) =>
          appendAudit(tx, {
            clinicId: user.clinic_id,
            userId: user.id,
            action: 'auth.login',
            resourceType: 'session',
            resourceId: null,
            outcome: 'ok',
          }),
        );
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
          user: { id: user.id, email: user.email, role: user.role, clinicId: user.clinic_id },
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: {
          summary: 'Sign out: revokes this session',
          tags: ['auth'],
          response: { 204: z.null().describe('signed out'), 401: problemSchema },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        await revokeSession(db, user.tokenHash);
        sessions.forget(user.tokenHash);
        reply.clearCookie(SESSION_COOKIE, { path: '/api' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        schema: {
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
