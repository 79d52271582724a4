import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { DeliverySessionsTable } from '../db/schema.js';
import { bodyId } from '../http/ids.js';
import { notFound } from '../http/problems.js';
import { ANAESTHESIA, isoTime } from './fields.js';

/**
 * A delivery session (issue 14; docs/delivery.md "Server"): the request bodies and answers of its
 * routes, its row → JSON mapping and its queries. The guard itself is the core's
 * (`DeliveryGuard`); ingest is delivery/ingest.ts.
 */

/** The console's own id: any text it keeps for the session (a UUID is enough). */
export const consoleId = z
  .string()
  .trim()
  .min(1, 'required')
  .max(100)
  .describe('the console that holds the session: an id the console chose and keeps');

export const startDeliveryBody = z.strictObject({
  planId: bodyId.describe("the plan to deliver: one of this patient's plans"),
  consoleId,
  anaesthesia: z.enum(ANAESTHESIA).describe('for the session record the end makes'),
  seriesId: bodyId.optional().describe("the treatment series it belongs to: one of this patient's"),
  intervalReason: z
    .string()
    .trim()
    .min(1, 'required')
    .max(1000)
    .optional()
    .describe("why it is sooner than the clinic's minimum interval, when it is"),
});

export const claimDeliveryBody = z.strictObject({
  consoleId,
  takeover: z
    .strictObject({
      reason: z
        .string()
        .trim()
        .min(1, 'required')
        .max(1000)
        .describe('why the holding console is taken over (it crashed, its tablet died, …)'),
    })
    .optional()
    .describe(
      'take the session from the console that holds it: only the user who holds it may, with a reason',
    ),
});

/** At most this many events in one batch (a console that was offline sends its backlog in parts). */
export const MAX_BATCH_EVENTS = 1000;

export const eventBatchBody = z.strictObject({
  consoleId,
  events: z
    .array(z.unknown())
    .min(1)
    .max(MAX_BATCH_EVENTS)
    .describe(
      'events of the core DeliveryEvent shape, each with its seq; checked one by one (a malformed one is 422 naming `events[i].<field>`)',
    ),
});

const pose = z.object({ xMm: z.number(), yMm: z.number(), rotationRad: z.number() });
const firedCore = z.object({
  id: z.number(),
  zone: z.string(),
  xMm: z.number(),
  yMm: z.number(),
  planned: z.boolean(),
});
const alarm = z.object({
  code: z.string(),
  seq: z.number(),
  zone: z.string().optional(),
  message: z.string(),
});
const zoneProgress = z.object({
  id: z.string(),
  targetCores: z.number(),
  coverageTarget: z.number(),
  extracted: z.number(),
  failed: z.number(),
  pending: z.number(),
  unreported: z.number(),
  coverageFraction: z.number(),
  refused: z.record(z.string(), z.number()),
  complete: z.boolean(),
});
const suggestedField = z.object({
  index: z.number(),
  zone: z.string(),
  pose,
  plannedCoresLeft: z.number(),
});

export const deliveryAckSchema = z
  .object({
    sessionId: z.uuid(),
    lastSeq: z.number().describe('the last event committed: every event up to it is durable'),
    status: z.enum(['open', 'paused', 'ended']),
    results: z.array(
      z.object({
        seq: z.number(),
        repeated: z
          .boolean()
          .describe('true: taken before (byte-identical), acknowledged again, nothing changed'),
        decision: z
          .object({
            seq: z.number(),
            pose,
            fire: z.array(firedCore),
            refused: z.array(
              z.object({
                zone: z.string(),
                xMm: z.number(),
                yMm: z.number(),
                planned: z.boolean(),
                reason: z.string(),
              }),
            ),
            farFromPlan: z.boolean(),
          })
          .nullable()
          .describe("a new placement's decision: the cores to fire and those refused"),
        fired: z
          .array(firedCore)
          .nullable()
          .describe('a repeated placement: the cores it fired (from the state)'),
        alarms: z.array(alarm),
      }),
    ),
    zones: z.array(zoneProgress),
    nextField: suggestedField.nullable(),
    sessionRecordId: z.uuid().nullable().describe('the session record the end made'),
  })
  .describe('sent only once the batch is committed');

export type DeliveryAck = z.infer<typeof deliveryAckSchema>;

export const deliverySessionSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  planId: z.uuid(),
  seriesId: z.uuid().nullable(),
  anaesthesia: z.enum(ANAESTHESIA),
  status: z.enum(['open', 'paused', 'ended']),
  consoleId: z.string(),
  claimedBy: z.uuid(),
  lastSeq: z.number().describe('the last committed event: resend from lastSeq + 1'),
  sessionRecordId: z.uuid().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});

export const deliveryStartedSchema = deliverySessionSchema.extend({
  plannedFields: z
    .array(
      z.object({
        index: z.number(),
        zone: z.string(),
        xMm: z.number(),
        yMm: z.number(),
        plannedCores: z.number(),
      }),
    )
    .describe("the plan's raster of fields, in order (nextField.index points into it)"),
  state: z.record(z.string(), z.unknown()).describe('the guard state (core DeliveryState)'),
});

export const deliveryResumeSchema = deliverySessionSchema.extend({
  state: z
    .record(z.string(), z.unknown())
    .describe('the guard state after lastSeq (core DeliveryState): where the console resumes'),
  placements: z
    .array(
      z.object({
        seq: z.number().int(),
        pose: z.object({ xMm: z.number(), yMm: z.number(), rotationRad: z.number() }),
      }),
    )
    .describe(
      'every placement committed up to lastSeq, in order (the state keeps the cores, not the ' +
        "handpiece's poses): what a reopened live view draws as the fields placed",
    ),
});

export type DeliverySessionRow = Selectable<DeliverySessionsTable>;

export function toDeliverySession(row: DeliverySessionRow): z.infer<typeof deliverySessionSchema> {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    seriesId: row.series_id,
    anaesthesia: row.anaesthesia as (typeof ANAESTHESIA)[number],
    status: row.status,
    consoleId: row.console_id,
    claimedBy: row.claimed_by,
    lastSeq: row.last_seq,
    sessionRecordId: row.session_record_id,
    createdAt: isoTime(row.created_at),
    endedAt: row.ended_at === null ? null : isoTime(row.ended_at),
  };
}

/** The columns of a session row, without its state snapshot (read only when a guard is built). */
const SESSION_COLUMNS = [
  'id',
  'clinic_id',
  'patient_id',
  'plan_id',
  'series_id',
  'anaesthesia',
  'interval_reason',
  'status',
  'console_id',
  'claimed_by',
  'last_seq',
  'state_seq',
  'session_record_id',
  'created_by',
  'created_at',
  'ended_at',
] as const;
export type DeliverySessionHead = Omit<DeliverySessionRow, 'state'>;

/**
 * The clinic's delivery session, of this patient when one is given, or 404 (another clinic's id
 * and an unknown one alike). `lock`: FOR UPDATE, held to the end of the transaction — ingest and
 * claims of one session queue on it.
 */
export async function findDeliverySession(
  tx: Tx,
  clinicId: string,
  id: string,
  options: { patientId?: string; lock?: boolean } = {},
): Promise<DeliverySessionHead> {
  let query = tx
    .selectFrom('delivery_sessions')
    .select(SESSION_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id);
  if (options.patientId !== undefined) query = query.where('patient_id', '=', options.patientId);
  const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound('delivery session');
  return row;
}

/** The stored state snapshot and the seq it is at (null: none yet, start from the beginning). */
export async function stateSnapshot(
  tx: Tx,
  id: string,
): Promise<{ state: unknown; seq: number } | null> {
  const row = await tx
    .selectFrom('delivery_sessions')
    .select([sql<string | null>`state::text`.as('state'), 'state_seq'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.state === null ? null : { state: JSON.parse(row.state), seq: row.state_seq };
}

/**
 * The session's committed placements (seq and pose), in order. The guard's state keeps every core
 * but not where the handpiece was; the events do. Read from the events' JSON, `placed` only.
 */
export async function storedPlacements(
  tx: Tx,
  sessionId: string,
): Promise<{ seq: number; pose: { xMm: number; yMm: number; rotationRad: number } }[]> {
  const rows = await tx
    .selectFrom('delivery_events')
    .select(['seq', sql<string>`event::text`.as('text')])
    .where('session_id', '=', sessionId)
    .where(sql<string>`event->>'type'`, '=', 'placed')
    .orderBy('seq')
    .execute();
  // Accepted events only are stored, so each of these passed readEvent: its pose is whole.
  return rows.map(({ seq, text }) => {
    const { pose } = JSON.parse(text) as {
      pose: { xMm: number; yMm: number; rotationRad: number };
    };
    return { seq, pose: { xMm: pose.xMm, yMm: pose.yMm, rotationRad: pose.rotationRad } };
  });
}

/** The stored events' texts (as received) with seq in [from, to], in order. */
export async function storedEvents(
  tx: Tx,
  sessionId: string,
  from: number,
  to: number,
): Promise<{ seq: number; text: string }[]> {
  if (to < from) return [];
  const rows = await tx
    .selectFrom('delivery_events')
    .select(['seq', sql<string>`event::text`.as('text')])
    .where('session_id', '=', sessionId)
    .where('seq', '>=', from)
    .where('seq', '<=', to)
    .orderBy('seq')
    .execute();
  return rows;
}
