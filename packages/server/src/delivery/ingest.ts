import {
  type DeliveryState,
  deliveredCores,
  deliverySummary,
  type EventRefusal,
} from '@microcore/core';
import { appendAudit } from '../audit.js';
import { scopeOf } from '../audited.js';
import type { SessionUser } from '../auth/sessions.js';
import type { RouteContext } from '../context.js';
import { inClinic, type Tx } from '../db/open.js';
import { GroupCommit } from '../groupCommit.js';
import { Problem } from '../http/problems.js';
import {
  type DeliveryAck,
  type DeliverySessionHead,
  findDeliverySession,
  storedEvents,
} from '../records/delivery.js';
import { findPatient } from '../records/patient.js';
import { recordSession } from '../records/session.js';
import { type SessionGuard, SessionGuards } from './guards.js';
import { DeliveryWatchers, type WatchedBatch } from './watchers.js';

/**
 * THE ingest of a delivery session's events, for the WebSocket and the HTTP fallback alike
 * (docs/delivery.md, "Server"). A batch is taken whole or not at all:
 *
 * - each event carries the console's seq; the batch is taken in seq order;
 * - a seq already committed whose event is byte-identical to the stored one is acknowledged
 *   again and changes nothing; the same seq with other content is a conflict (409);
 * - a seq past the next one is a gap: 409 `resend-from` with the seq to send from;
 * - a malformed event is 422 naming `events[i].<field>`; an event the guard refuses in the
 *   session's state (paused, a core already reported, …) 409 with the guard's code.
 *
 * Batches of one session that arrive while its previous one is committing share its next
 * transaction (GroupCommit): each is decided in turn against the state the ones before it left,
 * a refused one contributing nothing. The answer leaves only after the commit.
 */

/** A state snapshot is stored every this many events (and at the end); docs/delivery.md says why. */
export const SNAPSHOT_EVERY_EVENTS = 1000;

export interface EventBatch {
  readonly user: SessionUser;
  readonly patientId: string;
  readonly sessionId: string;
  readonly consoleId: string;
  readonly events: readonly unknown[];
}

export type IngestResult = { readonly ack: DeliveryAck } | { readonly problem: Problem };

type Result = DeliveryAck['results'][number];

export class DeliveryIngest {
  readonly guards = new SessionGuards();
  /** The watch sockets of this process: each committed batch goes to them after its commit. */
  readonly watchers: DeliveryWatchers;
  readonly #context: Pick<RouteContext, 'db' | 'clock'>;
  readonly #queue: GroupCommit<EventBatch, IngestResult>;

  constructor(
    context: Pick<RouteContext, 'db' | 'clock'>,
    watchers: DeliveryWatchers = new DeliveryWatchers(),
  ) {
    this.#context = context;
    this.watchers = watchers;
    this.#queue = new GroupCommit((key, batches) => this.#commit(key, batches));
  }

  /** Resolves once the batch is committed (or refused); rejects only when the database fails. */
  ingest(batch: EventBatch): Promise<IngestResult> {
    return this.#queue.submit(`${batch.user.clinicId}/${batch.sessionId}`, batch);
  }

  flush(): Promise<void> {
    return this.#queue.flush();
  }

  async #commit(key: string, batches: readonly EventBatch[]): Promise<IngestResult[]> {
    const [clinicId, sessionId] = key.split('/');
    const committing = this.watchers.committing(clinicId, sessionId);
    try {
      const { results, committed, watched } = await inClinic(
        this.#context.db,
        clinicId,
        (tx, clinic) =>
          this.#decide(tx, sessionId, batches, (user) => scopeOf(this.#context, tx, user, clinic)),
      );
      this.guards.committed(sessionId, committed);
      // Committed: the watchers hear of each batch that took new events, in order, before the
      // next group of this session starts (GroupCommit runs one group per key at a time).
      for (const batch of watched) this.watchers.publish(clinicId, sessionId, batch);
      return results;
    } catch (error) {
      // Nothing of the group was committed: the next batch starts from the database.
      this.guards.forget(sessionId);
      if (error instanceof Problem) return batches.map(() => ({ problem: error }));
      throw error;
    } finally {
      committing.done();
    }
  }

  async #decide(
    tx: Tx,
    sessionId: string,
    batches: readonly EventBatch[],
    scope: (user: SessionUser) => ReturnType<typeof scopeOf>,
  ): Promise<{ results: IngestResult[]; committed: SessionGuard; watched: WatchedBatch[] }> {
    const head = await findDeliverySession(tx, batches[0].user.clinicId, sessionId, { lock: true });
    let current = await this.guards.at(tx, head, head.last_seq);
    const taken = new Map<number, string>();
    const outcomes: (
      | { results: Result[]; events: unknown[]; state: DeliveryState }
      | { problem: Problem }
    )[] = [];
    for (const batch of batches) {
      const refused = claimProblem(head, batch);
      if (refused) {
        outcomes.push({ problem: refused });
        continue;
      }
      const outcome = await takeBatch(tx, head, current, batch.events, taken);
      if ('problem' in outcome) {
        outcomes.push(outcome);
        continue;
      }
      for (const [seq, text] of outcome.taken) taken.set(seq, text);
      current = { guard: current.guard, state: outcome.state, lastSeq: outcome.state.lastSeq };
      outcomes.push({ results: outcome.results, events: outcome.events, state: outcome.state });
      await appendAudit(tx, {
        clinicId: batch.user.clinicId,
        userId: batch.user.id,
        action: 'delivery.ingest',
        resourceType: 'delivery-session',
        resourceId: sessionId,
        outcome: 'ok',
      });
    }
    let sessionRecordId = head.session_record_id;
    if (taken.size > 0) {
      await tx
        .insertInto('delivery_events')
        .values(
          [...taken].map(([seq, text]) => ({
            session_id: sessionId,
            clinic_id: head.clinic_id,
            seq,
            event: text,
          })),
        )
        .execute();
      const state = current.state;
      const ended = state.status === 'ended';
      if (ended && sessionRecordId === null) {
        const ender = batches[batches.length - 1].user;
        sessionRecordId = await recordDelivery(tx, scope(ender), head, current);
      }
      const snapshot = ended || state.lastSeq - head.state_seq >= SNAPSHOT_EVERY_EVENTS;
      await tx
        .updateTable('delivery_sessions')
        .set({
          last_seq: state.lastSeq,
          status: ended ? 'ended' : state.status === 'paused' ? 'paused' : 'open',
          ...(ended && head.ended_at === null ? { ended_at: scope(batches[0].user).now } : {}),
          session_record_id: sessionRecordId,
          ...(snapshot ? { state: JSON.stringify(state), state_seq: state.lastSeq } : {}),
        })
        .where('id', '=', sessionId)
        .execute();
    }
    const watched: WatchedBatch[] = [];
    const results = outcomes.map((outcome): IngestResult => {
      if ('problem' in outcome) return outcome;
      const { state } = outcome;
      return {
        ack: {
          sessionId,
          lastSeq: state.lastSeq,
          status: state.status === 'active' ? 'open' : state.status,
          results: outcome.results,
          zones: state.zones.map((z) => ({ ...z, refused: { ...z.refused } })),
          nextField: state.nextField,
          sessionRecordId,
        },
      };
    });
    outcomes.forEach((outcome, i) => {
      const result = results[i];
      if ('events' in outcome && 'ack' in result && outcome.results.some((r) => !r.repeated))
        watched.push({ ...result.ack, events: outcome.events });
    });
    return { results, committed: current, watched };
  }
}

/** Refuse a batch from a console that does not hold the session, or for another patient's path. */
function claimProblem(head: DeliverySessionHead, batch: EventBatch): Problem | undefined {
  if (head.patient_id !== batch.patientId)
    return new Problem('not-found', 'no such delivery session');
  if (head.console_id !== batch.consoleId)
    return new Problem(
      'conflict',
      'another console holds this session; the user who holds it may take it over (POST …/claim with a reason)',
      { code: 'delivery.claimed' },
    );
  return undefined;
}

/**
 * Decide one batch against `from`: the results, the state after it and the events newly taken,
 * or the problem that refuses it whole. Pure but for reading the stored events it repeats.
 */
async function takeBatch(
  tx: Tx,
  head: DeliverySessionHead,
  from: SessionGuard,
  events: readonly unknown[],
  takenBefore: ReadonlyMap<number, string>,
): Promise<
  | { results: Result[]; events: unknown[]; state: DeliveryState; taken: Map<number, string> }
  | { problem: Problem }
> {
  const seqs: number[] = [];
  for (const [i, event] of events.entries()) {
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      return { problem: malformed(`events[${i}]`, 'an event must be an object') };
    const seq = (event as { seq?: unknown }).seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
      return { problem: malformed(`events[${i}].seq`, 'must be a whole number ≥ 1') };
    seqs.push(seq);
  }
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a] - seqs[b] || a - b);
  const repeats = seqs.filter((s) => s <= head.last_seq);
  const stored = new Map(
    repeats.length === 0
      ? []
      : (await storedEvents(tx, head.id, Math.min(...repeats), Math.max(...repeats))).map(
          (e) => [e.seq, e.text] as const,
        ),
  );
  const { guard } = from;
  let state = from.state;
  const taken = new Map<number, string>();
  const results: Result[] = [];
  /** The event each result answers (for the watchers), beside it. */
  const answeredEvents: unknown[] = [];
  const answered = new Set<number>();
  for (const i of order) {
    const seq = seqs[i];
    const text = JSON.stringify(events[i]);
    if (seq <= state.lastSeq) {
      const prior = taken.get(seq) ?? takenBefore.get(seq) ?? stored.get(seq);
      if (prior !== text)
        return {
          problem: new Problem(
            'conflict',
            `event ${seq} was taken with other content; a resend must carry the same event`,
            {
              code: 'delivery.event-conflict',
              errors: [
                { field: `events[${i}]`, message: 'differs from the event taken with this seq' },
              ],
            },
          ),
        };
      if (answered.has(seq)) continue;
      answered.add(seq);
      answeredEvents.push(events[i]);
      const placed = (events[i] as { type?: unknown }).type === 'placed';
      results.push({
        seq,
        repeated: true,
        decision: null,
        fired: placed
          ? deliveredCores(state)
              .filter((c) => c.fieldSeq === seq)
              .map((c) => ({
                id: c.id,
                zone: guard.plan.zones[c.zone].id,
                xMm: c.xMm,
                yMm: c.yMm,
                planned: c.planned !== null,
              }))
          : null,
        alarms: [],
      });
      continue;
    }
    if (seq > state.lastSeq + 1) {
      const resendFrom = from.lastSeq + 1;
      return {
        problem: new Problem(
          'conflict',
          `event ${seq} came before ${state.lastSeq + 1}: nothing of this batch was taken; send from ${resendFrom} on`,
          { code: 'delivery.resend-from', members: { resendFrom } },
        ),
      };
    }
    const step = guard.apply(state, events[i]);
    if (!step.ok) return { problem: refusalProblem(step.refusal, i) };
    state = step.state;
    taken.set(seq, text);
    answered.add(seq);
    answeredEvents.push(events[i]);
    results.push({
      seq,
      repeated: false,
      decision: step.decision && {
        ...step.decision,
        fire: [...step.decision.fire],
        refused: [...step.decision.refused],
      },
      fired: null,
      alarms: [...step.alarms],
    });
  }
  return { results, events: answeredEvents, state, taken };
}

function malformed(field: string, message: string): Problem {
  return new Problem('validation', `${field}: ${message}`, {
    code: 'delivery.event-malformed',
    errors: [{ field, message }],
  });
}

/** The guard's refusal of event i: malformed is 422 naming the field; the rest conflict with the state. */
function refusalProblem(refusal: EventRefusal, i: number): Problem {
  const field = `events[${i}]${refusal.field ? `.${refusal.field}` : ''}`;
  if (refusal.code === 'event.malformed') return malformed(field, refusal.message);
  return new Problem('conflict', refusal.message, {
    code: `delivery.${refusal.code}`,
    errors: [{ field, message: refusal.message }],
  });
}

/**
 * The ended session as the patient's session record, through the one session-record path
 * (records/session.ts: checked, version 1, in the history), audited as `session.create`.
 */
async function recordDelivery(
  tx: Tx,
  scope: ReturnType<typeof scopeOf>,
  head: DeliverySessionHead,
  { guard, state }: SessionGuard,
): Promise<string> {
  const patient = await findPatient(tx, head.clinic_id, head.patient_id);
  const summary = deliverySummary(guard, state);
  const { id } = await recordSession(
    { ...scope, patient },
    {
      planId: head.plan_id,
      ...(head.series_id === null ? {} : { seriesId: head.series_id }),
      date: scope.today,
      operator: head.claimed_by,
      zones: summary.zones.map((z) => ({ zoneId: z.zoneId, coresDelivered: z.extracted })),
      anaesthesia: head.anaesthesia as 'none',
      notes: null,
      intervalReason: head.interval_reason,
    },
    {
      deliverySessionId: head.id,
      fields: summary.totals.fields,
      durationS: summary.totals.durationS,
      activeS: summary.totals.activeS,
      alarms: summary.totals.alarms,
      // The record keeps the counts and coverage; the cores' positions stay in the state.
      zones: summary.zones.map(({ extractedMm: _, ...zone }) => ({
        ...zone,
        refused: { ...zone.refused },
      })),
    },
  );
  await appendAudit(tx, {
    clinicId: head.clinic_id,
    userId: scope.user.id,
    action: 'session.create',
    resourceType: 'treatment-session',
    resourceId: id,
    outcome: 'ok',
  });
  return id;
}
