import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAudit } from '../audit.js';
import { signedBy, takeCheckpoint, verifyAgainstCheckpoint } from '../auditCheckpoint.js';
import { auditedRead, signedIn } from '../audited.js';
import type { RouteContext } from '../context.js';
import { inClinic } from '../db/open.js';
import { invalid } from '../http/problems.js';
import { commonErrors } from './schemas.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** A checkpoint as `GET /api/audit/checkpoint` gave it; strict, since its fields are what is signed. */
const checkpointSchema = z.strictObject({
  version: z.literal(1),
  keyId: hex64,
  clinicId: z.uuid(),
  lastId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable(),
  lastHash: hex64,
  records: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  at: z.iso.datetime(),
});

const signedCheckpointSchema = z.object({
  checkpoint: checkpointSchema,
  // 64 bytes of Ed25519 signature in base64.
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'expected a base64 Ed25519 signature'),
  publicKey: z.string().max(200).optional().describe('ignored: only this server’s key counts'),
});

const summarySchema = z.object({
  lastId: z.number().nullable(),
  records: z.number(),
  at: z.string(),
});

/**
 * A verify shows a count and record ids, no patient or account data: its successes are not
 * recorded (as before checkpoints), its refusals are (a forged checkpoint among them).
 */
const VERIFY_AUDIT = {
  action: 'audit.verify',
  resourceType: 'audit',
  reads: 'unrecorded',
} as const;

export function auditRoutes(context: RouteContext) {
  const { db, auditKey } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/audit/verify',
      {
        config: { roles: ['admin'], audit: VERIFY_AUDIT },
        schema: {
          operationId: 'verifyAudit',
          summary: "Verify the clinic's audit hash chain",
          tags: ['audit'],
          response: {
            200: z.union([
              z.object({ ok: z.literal(true), records: z.number() }),
              z.object({ ok: z.literal(false), firstBrokenId: z.number() }),
            ]),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = signedIn(request);
        return inClinic(db, user.clinicId, (tx) => verifyAudit(tx, user.clinicId), {
          readOnly: true,
          snapshot: true,
        });
      },
    );

    app.get(
      '/api/audit/checkpoint',
      {
        config: { roles: ['admin'], audit: { action: 'audit.checkpoint', resourceType: 'audit' } },
        schema: {
          operationId: 'getAuditCheckpoint',
          summary:
            "A signed checkpoint of the clinic's audit chain head, to keep outside the server",
          description:
            'Save the answer somewhere the server cannot write; POST it to /api/audit/verify later. ' +
            'The signature is Ed25519 over the canonical JSON of `checkpoint` (keys sorted, no ' +
            'whitespace). The download is recorded after the head is read, so the checkpoint ' +
            'covers the records before its own.',
          tags: ['audit'],
          response: { 200: signedCheckpointSchema.required(), ...commonErrors },
        },
      },
      async (request) =>
        // Its record names the head it signed (resourceId: the checkpoint's lastId).
        auditedRead(context, request, async ({ tx, user, now }) => {
          const signed = await takeCheckpoint(tx, user.clinicId, auditKey, now);
          const { lastId } = signed.checkpoint;
          return { value: signed, resourceId: lastId === null ? null : String(lastId) };
        }),
    );

    app.post(
      '/api/audit/verify',
      {
        config: { roles: ['admin'], audit: VERIFY_AUDIT },
        schema: {
          operationId: 'verifyAuditCheckpoint',
          summary: "Verify the clinic's audit chain against a checkpoint saved earlier",
          description:
            'The body is the checkpoint exactly as GET /api/audit/checkpoint gave it. Besides what ' +
            'GET /api/audit/verify finds, this finds a trail deleted (`missing`), cut below the ' +
            'checkpoint (`truncated`) or rewritten below it with every hash recomputed (`rewritten`).',
          tags: ['audit'],
          body: signedCheckpointSchema,
          response: {
            200: z.union([
              z.object({ ok: z.literal(true), records: z.number(), checkpoint: summarySchema }),
              z.object({
                ok: z.literal(false),
                reason: z.enum(['missing', 'truncated', 'rewritten', 'broken']),
                firstBrokenId: z.number(),
                detail: z.string(),
                checkpoint: summarySchema,
              }),
            ]),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = signedIn(request);
        const { checkpoint, signature } = request.body;
        if (checkpoint.keyId !== auditKey.keyId)
          throw invalid(
            'checkpoint.keyId',
            `signed by another key (${checkpoint.keyId.slice(0, 16)}…), not this server's (${auditKey.keyId.slice(0, 16)}…)`,
          );
        if (!signedBy(auditKey, checkpoint, signature))
          throw invalid('signature', "not this server's signature of this checkpoint");
        if (checkpoint.clinicId !== user.clinicId)
          throw invalid('checkpoint.clinicId', "a checkpoint of another clinic's trail");
        return inClinic(
          db,
          user.clinicId,
          (tx) => verifyAgainstCheckpoint(tx, user.clinicId, checkpoint),
          { readOnly: true, snapshot: true },
        );
      },
    );
  };
}
