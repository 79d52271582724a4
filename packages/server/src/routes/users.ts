import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit.js';
import { createUser, USER_COLUMNS, unlockUser } from '../auth/userAdmin.js';
import type { RouteContext } from '../context.js';
import { inClinic } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { idParam } from '../http/ids.js';
import { notFound, Problem } from '../http/problems.js';
import { commonErrors, problemSchema } from './schemas.js';

const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['admin', 'clinician', 'researcher']),
  disabled: z.boolean(),
  createdAt: z.string(),
});

function toUser(row: {
  id: string;
  email: string;
  role: Role;
  created_at: Date | string;
  disabled_at: Date | string | null;
}): z.infer<typeof userSchema> {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function userRoutes({ db, config, sessions, auditQueue }: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/users',
      {
        config: { roles: ['admin'], audit: { action: 'user.list', resourceType: 'user' } },
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
            .select(USER_COLUMNS)
            .where('clinic_id', '=', user.clinicId)
            .orderBy('email')
            .execute(),
        );
        await auditQueue.append({
          clinicId: user.clinicId,
          userId: user.id,
          action: 'user.list',
          resourceType: 'user',
          resourceId: null,
          outcome: 'ok',
        });
        return { items: rows.map(toUser) };
      },
    );

    app.post(
      '/api/users',
      {
        config: { roles: ['admin'], audit: { action: 'user.create', resourceType: 'user' } },
        schema: {
          summary: "Create a user in the admin's clinic",
          description:
            'The password must be at least 12 characters, not the demo password, not the email ' +
            'or its name part, and not a common or easily guessed password (422 naming ' +
            '`password` says which and what to do). An email another user of this clinic has ' +
            'is 409.',
          tags: ['users'],
          body: z.strictObject({
            email: z.email().max(254),
            password: z.string().max(1024),
            role: z.enum(['admin', 'clinician', 'researcher']),
          }),
          response: { 201: userSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const admin = request.user as NonNullable<typeof request.user>;
        const created = await createUser(db, admin, request.body, config);
        reply.code(201).header('location', `/api/users/${created.id}`);
        return toUser(created);
      },
    );

    app.post(
      '/api/users/:id/unlock',
      {
        config: { roles: ['admin'], audit: { action: 'user.unlock', resourceType: 'user' } },
        schema: {
          summary:
            "Clear a user's sign-in waits and lock after failed sign-ins (their own clinic's users only)",
          tags: ['users'],
          params: z.object({ id: idParam }),
          response: {
            204: z.null().describe('cleared'),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const admin = request.user as NonNullable<typeof request.user>;
        // Canonical (lower case) since the params schema: every comparison below sees one id.
        const { id } = request.params;
        await unlockUser(db, admin, id.toLowerCase());
        return reply.code(204).send(null);
      },
    );

    app.patch(
      '/api/users/:id',
      {
        config: { roles: ['admin'], audit: { action: 'user.update', resourceType: 'user' } },
        schema: {
          summary:
            "Change a user's role, or disable (disabled: true) or enable them; a disabled user's sessions end at once",
          tags: ['users'],
          params: z.object({ id: idParam }),
          body: z
            .strictObject({
              role: z.enum(['admin', 'clinician', 'researcher']).optional(),
              disabled: z.boolean().optional(),
            })
            .refine((b) => b.role !== undefined || b.disabled !== undefined, {
              message: 'give role or disabled',
            }),
          response: { 200: userSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const admin = request.user as NonNullable<typeof request.user>;
        // Canonical (lower case) since the params schema: every comparison below sees one id.
        const { id } = request.params;
        // An admin who demoted or disabled themselves could leave the clinic without one.
        if (id === admin.id)
          throw new Problem(
            'conflict',
            'you cannot change your own role or disable yourself; ask another admin',
          );
        const { role, disabled } = request.body;
        const updated = await inClinic(db, admin.clinicId, async (tx) => {
          if (disabled === true || (role !== undefined && role !== 'admin')) {
            // The clinic keeps at least one enabled admin. The enabled admins are locked, so two
            // admins demoting each other at once are serialized and the second is refused.
            const admins = await tx
              .selectFrom('users')
              .select('id')
              .where('clinic_id', '=', admin.clinicId)
              .where('role', '=', 'admin')
              .where('disabled_at', 'is', null)
              .forUpdate()
              .execute();
            if (admins.every((a) => a.id === id))
              throw new Problem(
                'conflict',
                'this would leave the clinic without an enabled admin; make another user admin first',
              );
          }
          const changes: { role?: Role; disabled_at?: RawBuilder<Date> | null } = {};
          if (role !== undefined) changes.role = role;
          if (disabled !== undefined) changes.disabled_at = disabled ? sql<Date>`now()` : null;
          const row = await tx
            .updateTable('users')
            .set(changes)
            .where('clinic_id', '=', admin.clinicId)
            .where('id', '=', id)
            .returning(USER_COLUMNS)
            .executeTakeFirst();
          if (!row) throw notFound('user');
          if (disabled === true)
            await tx
              .updateTable('sessions')
              .set({ revoked_at: sql`now()` })
              .where('user_id', '=', id)
              .where('revoked_at', 'is', null)
              .execute();
          await appendAudit(tx, {
            clinicId: admin.clinicId,
            userId: admin.id,
            action: 'user.update',
            resourceType: 'user',
            resourceId: id,
            outcome: 'ok',
          });
          return row;
        });
        // Their cached sessions carry the old role (or should no longer work at all).
        sessions.forgetUser(id);
        return toUser(updated);
      },
    );
  };
}
