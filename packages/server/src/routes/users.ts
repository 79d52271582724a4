import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import {
  createUserBody,
  insertUser,
  listUsers,
  newUserPasswordHash,
  patchUserBody,
  unlockUser,
  updateUser,
  userSchema,
} from '../records/user.js';
import { commonErrors, problemSchema } from './schemas.js';

/** An admin's routes over the users of their clinic (records/user.ts holds the rest). */
export function userRoutes(context: RouteContext) {
  const { config, sessions } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ id: idParam });

    app.get(
      '/api/users',
      {
        config: { roles: ['admin'], audit: { action: 'user.list', resourceType: 'user' } },
        schema: {
          operationId: 'listUsers',
          summary: "The users of the admin's clinic",
          tags: ['users'],
          response: { 200: z.object({ items: z.array(userSchema) }), ...commonErrors },
        },
      },
      (request) =>
        auditedRead(context, request, async (scope) => ({
          value: { items: await listUsers(scope) },
          resourceId: null,
        })),
    );

    app.post(
      '/api/users',
      {
        config: { roles: ['admin'], audit: { action: 'user.create', resourceType: 'user' } },
        schema: {
          operationId: 'createUser',
          summary: "Create a user in the admin's clinic",
          description:
            'The password must be at least 12 characters, not the demo password, not the email ' +
            'or its name part, and not a common or easily guessed password (422 naming ' +
            '`password` says which and what to do). An email another user of this clinic has ' +
            'is 409.',
          tags: ['users'],
          body: createUserBody,
          response: { 201: userSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const passwordHash = await newUserPasswordHash(request.body, config);
        const created = await auditedWrite(context, request, async (scope) => {
          const user = await insertUser(scope, request.body, passwordHash);
          return { value: user, resourceId: user.id };
        });
        reply.code(201).header('location', `/api/users/${created.id}`);
        return created;
      },
    );

    app.post(
      '/api/users/:id/unlock',
      {
        config: { roles: ['admin'], audit: { action: 'user.unlock', resourceType: 'user' } },
        schema: {
          operationId: 'unlockUser',
          summary:
            "Clear a user's sign-in waits and lock after failed sign-ins (their own clinic's users only)",
          tags: ['users'],
          params,
          response: {
            204: z.null().describe('cleared'),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        await auditedWrite(context, request, async (scope) => {
          await unlockUser(scope, request.params.id);
          return { value: null, resourceId: request.params.id };
        });
        return reply.code(204).send(null);
      },
    );

    app.patch(
      '/api/users/:id',
      {
        config: { roles: ['admin'], audit: { action: 'user.update', resourceType: 'user' } },
        schema: {
          operationId: 'patchUser',
          summary:
            "Change a user's role, or disable (disabled: true) or enable them; a disabled user's sessions end at once",
          tags: ['users'],
          params,
          body: patchUserBody,
          response: { 200: userSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const updated = await auditedWrite(context, request, async (scope) => {
          const user = await updateUser(scope, request.params.id, request.body);
          return { value: user, resourceId: user.id };
        });
        // Their cached sessions carry the old role (or should no longer work at all).
        sessions.forgetUser(updated.id);
        return updated;
      },
    );
  };
}
