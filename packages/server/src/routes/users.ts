import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { hashPassword } from '../auth/password.js';
import { inClinic } from '../db/open.js';
import { Problem } from '../http/problems.js';
import { commonErrors, problemSchema } from './schemas.js';

const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['admin', 'clinician', 'researcher']),
  createdAt: z.string(),
});

export function userRoutes({ db, config }: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/users',
      {
        config: { roles: ['admin'] },
        schema: {
          summary: "The users of the admin's clinic",
          tags: ['users'],
          response: { 200: z.object({ items: z.array(userSchema) }), ...commonErrors },
        },
      },
      async (request) => {
        const user = request.user as NonNullable<typeof request.user>;
        const rows = await inClinic(db, user.clinicId, (tx) =>
          tx
            .selectFrom('users')
            .select(['id', 'email', 'role', 'created_at'])
            .where('clinic_id', '=', user.clinicId)
            .orderBy('email')
            .execute(),
        );
        return {
          items: rows.map((r) => ({
            id: r.id,
            email: r.email,
            role: r.role,
            createdAt: new Date(r.created_at).toISOString(),
          })),
        };
      },
    );

    app.post(
      '/api/users',
      {
        config: { roles: ['admin'] },
        schema: {
          summary: "Create a user in the admin's clinic",
          tags: ['users'],
          body: z.strictObject({
            email: z.email().max(254),
            password: z.string().min(12, 'use at least 12 characters').max(1024),
            role: z.enum(['admin', 'clinician', 'researcher']),
          }),
          response: { 201: userSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = request.user as NonNullable<typeof request.user>;
        const email = request.body.email.toLowerCase();
        const passwordHash = await hashPassword(request.body.password, config.passwordCost);
        const created = await inClinic(db, user.clinicId, async (tx) => {
          const inserted = await tx
            .insertInto('users')
            .values({
              clinic_id: user.clinicId,
              email,
              role: request.body.role,
              password_hash: passwordHash,
            })
            .onConflict((oc) => oc.column('email').doNothing())
            .returning(['id', 'email', 'role', 'created_at'])
            .executeTakeFirst();
          if (!inserted) throw new Problem('conflict', 'a user with this email already exists');
          return inserted;
        });
        reply.code(201).header('location', `/api/users/${created.id}`);
        return {
          id: created.id,
          email: created.email,
          role: created.role,
          createdAt: new Date(created.created_at).toISOString(),
        };
      },
    );
  };
}
