import type {
  DeliveryAlarm,
  DeliveryEvent,
  DeliveryState,
  HandpiecePose,
  SuggestedField,
  ZoneProgress,
} from '@microcore/core';

/**
 * The session's WebSocket messages as the server sends them (docs/delivery.md "The protocol";
 * packages/server/src/records/delivery.ts has the schemas). Types only: nothing here runs.
 */

export interface FiredCoreMessage {
  readonly id: number;
  readonly zone: string;
  readonly xMm: number;
  readonly yMm: number;
  readonly planned: boolean;
}

export interface AckResult {
  readonly seq: number;
  /** Taken before (a resend after a reconnect): nothing changed, no alarms. */
  readonly repeated: boolean;
  readonly decision: {
    readonly seq: number;
    readonly pose: { readonly xMm: number; readonly yMm: number; readonly rotationRad: number };
    readonly fire: readonly FiredCoreMessage[];
    readonly refused: readonly {
      readonly zone: string;
      readonly xMm: number;
      readonly yMm: number;
      readonly planned: boolean;
      readonly reason: string;
    }[];
    readonly farFromPlan: boolean;
  } | null;
  readonly fired: readonly FiredCoreMessage[] | null;
  readonly alarms: readonly DeliveryAlarm[];
}

export type SessionStatus = 'open' | 'paused' | 'ended';

export interface AckMessage {
  readonly type: 'ack';
  readonly sessionId: string;
  readonly lastSeq: number;
  readonly status: SessionStatus;
  readonly results: readonly AckResult[];
  readonly zones: readonly ZoneProgress[];
  readonly nextField: SuggestedField | null;
  readonly sessionRecordId: string | null;
}

/**
 * A batch the server committed, as the watch socket (…/watch) sends it: the console's
 * acknowledgement and, beside `results`, the events they answer (`events[i]` for `results[i]`).
 */
export interface WatchAckMessage extends AckMessage {
  readonly events: readonly DeliveryEvent[];
}

/** The session as a console resumes it: sent first on every connection. */
export interface ResumeMessage {
  readonly type: 'resume';
  readonly id: string;
  readonly lastSeq: number;
  readonly status: SessionStatus;
  readonly sessionRecordId: string | null;
  readonly state: DeliveryState;
  /** Every placement committed up to lastSeq, in order: the fields drawn again. */
  readonly placements: readonly Placement[];
}

/** A committed placement: its seq and where the handpiece was. */
export interface Placement {
  readonly seq: number;
  readonly pose: HandpiecePose;
}

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail: string;
  readonly resendFrom?: number;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly problem: Problem;
}

export type ServerMessage = AckMessage | ResumeMessage | ErrorMessage;

/** An event the server committed, with what it answered for it. */
export interface CommittedEvent {
  readonly event: DeliveryEvent;
  readonly result: AckResult;
}
