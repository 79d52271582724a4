/**
 * The delivery session's public values: the events a console sends, the state the guard keeps
 * (plain JSON, so a server can store it as it is), and what each event gives back. docs/delivery.md.
 */

/** The format of a stored DeliveryState; a reader refuses any other. */
export const DELIVERY_SCHEMA_VERSION = 1;

/** Where the handpiece sits: its field is the handpiece's square, centred here, turned by the rotation. */
export interface HandpiecePose {
  /** Centre of the field on the plan's chart, mm. */
  readonly xMm: number;
  readonly yMm: number;
  /** Turn of the field's sides from the chart's axes, radians (any finite value). */
  readonly rotationRad: number;
}

interface EventBase {
  /** The console's sequence number: the first event is 1, each next one exactly 1 more. */
  readonly seq: number;
  /** When it happened, seconds on the console's clock: data only (the duration), never read as "now". */
  readonly atS?: number;
}

/** The handpiece was placed over a field: the guard answers with the cores to fire. */
export interface PlacedEvent extends EventBase {
  readonly type: 'placed';
  readonly pose: HandpiecePose;
}
/** A core the guard told the console to fire came out (`extracted`) or did not (`notExtracted`). */
export interface CoreOutcomeEvent extends EventBase {
  readonly type: 'extracted' | 'notExtracted';
  readonly coreId: number;
}
export interface ControlEvent extends EventBase {
  readonly type: 'pause' | 'resume' | 'end';
}
export type DeliveryEvent = PlacedEvent | CoreOutcomeEvent | ControlEvent;
export type DeliveryEventType = DeliveryEvent['type'];

/**
 * Why the guard refused a core (never fired): too close to a core already cut (the bridge rule),
 * not wholly inside its zone, touching an exclusion, the zone at its coverage ceiling, or a
 * 10 × 10 mm square at the local-density ceiling.
 */
export type CoreRefusalReason =
  | 'bridge'
  | 'outside-zone'
  | 'in-exclusion'
  | 'zone-ceiling'
  | 'window-ceiling';
export const CORE_REFUSAL_REASONS: readonly CoreRefusalReason[] = [
  'bridge',
  'outside-zone',
  'in-exclusion',
  'zone-ceiling',
  'window-ceiling',
];

/** `pending`: fired, no outcome yet; `unreported`: still pending when the session ended. */
export type CoreOutcome = 'pending' | 'extracted' | 'failed' | 'unreported';

/** A core the guard fired. Its `id` is its place in `DeliveryState.cores`. */
export interface DeliveredCore {
  readonly id: number;
  /** Index of its zone in the plan's `zones`. */
  readonly zone: number;
  /** Centre on the plan's chart, mm. */
  readonly xMm: number;
  readonly yMm: number;
  /** Its index in the zone's planned `cores`, or null for a core of a fresh pattern. */
  readonly planned: number | null;
  /** The `seq` of the placement that fired it. */
  readonly fieldSeq: number;
  readonly outcome: CoreOutcome;
}

export type RefusalCounts = { readonly [reason in CoreRefusalReason]: number };

export interface ZoneProgress {
  readonly id: string;
  /** Cores the zone is to lose: as many as the plan placed in it. */
  readonly targetCores: number;
  readonly coverageTarget: number;
  readonly extracted: number;
  readonly failed: number;
  readonly pending: number;
  readonly unreported: number;
  /** extracted × core area / the zone's treatable area. */
  readonly coverageFraction: number;
  /** Cores considered and refused, by reason. */
  readonly refused: RefusalCounts;
  /** Whether `extracted` has reached `targetCores`. */
  readonly complete: boolean;
}

export type DeliveryAlarmCode =
  | 'core.overlap-refused'
  | 'core.refused'
  | 'zone.complete'
  | 'zone.over-target'
  | 'field.far-from-plan'
  | 'field.outside-zones';

export interface DeliveryAlarm {
  readonly code: DeliveryAlarmCode;
  /** The event that raised it. */
  readonly seq: number;
  readonly zone?: string;
  readonly message: string;
}

/** The next field the guard suggests: a field of the plan's raster with planned cores still to fire. */
export interface SuggestedField {
  /** Index in the guard's raster of planned fields (`DeliveryGuard.plannedFields`). */
  readonly index: number;
  readonly zone: string;
  readonly pose: HandpiecePose;
  readonly plannedCoresLeft: number;
}

export type SessionStatus = 'active' | 'paused' | 'ended';

/** Everything the session is, as plain JSON: store it, read it back, and go on from it. */
export interface DeliveryState {
  readonly schemaVersion: typeof DELIVERY_SCHEMA_VERSION;
  readonly kind: 'microcore.delivery';
  /** Of the plan and handpiece the session runs on: a state is only read back with the same. */
  readonly planFingerprint: string;
  readonly status: SessionStatus;
  /** The last accepted event's seq (0 before any). */
  readonly lastSeq: number;
  /** Console clock of the first and the latest timed event, and the time spent paused, s. */
  readonly firstAtS: number | null;
  readonly lastAtS: number | null;
  readonly pausedS: number;
  readonly pausedAtS: number | null;
  /** Placements so far. */
  readonly fields: number;
  /** The planned field the last placement lay on (raster index), -1 before any. */
  readonly cursor: number;
  /**
   * Every core fired, in firing order, in chunks of 256: core id k is cores[k >> 8][k & 255]
   * (coreList.ts says why; `deliveredCores(state)` gives the flat list).
   */
  readonly cores: readonly (readonly DeliveredCore[])[];
  /** Per zone, the planned cores the guard refused (indices into the zone's cores): never fired. */
  readonly refusedPlanned: readonly (readonly number[])[];
  readonly zones: readonly ZoneProgress[];
  readonly alarms: readonly DeliveryAlarm[];
  readonly nextField: SuggestedField | null;
}

/** A core the guard decided about in a placement. */
export interface DecidedCore {
  readonly zone: string;
  readonly xMm: number;
  readonly yMm: number;
  readonly planned: boolean;
}
export interface FiredCore extends DecidedCore {
  readonly id: number;
}
export interface RefusedCore extends DecidedCore {
  readonly reason: CoreRefusalReason;
}

/** The guard's answer to a placement: the cores to fire, and those it refused. */
export interface FieldDecision {
  readonly seq: number;
  readonly pose: HandpiecePose;
  readonly fire: readonly FiredCore[];
  readonly refused: readonly RefusedCore[];
  /** The pose was not near any planned field: a fresh pattern was laid where the zone allows. */
  readonly farFromPlan: boolean;
}

export type EventRefusalCode =
  | 'event.malformed'
  | 'event.repeated'
  | 'event.gap'
  | 'state.invalid'
  | 'session.paused'
  | 'session.not-paused'
  | 'session.ended'
  | 'field.outcomes-pending'
  | 'core.not-pending';

/** Why an event was not taken: the state is unchanged, and the console may send another with the same seq. */
export interface EventRefusal {
  readonly code: EventRefusalCode;
  readonly message: string;
  /** The part of the event that is wrong (`pose.xMm`), when there is one. */
  readonly field?: string;
  /** The seq the session expects next. */
  readonly expectedSeq: number;
}

export type DeliveryStep =
  | {
      readonly ok: true;
      readonly state: DeliveryState;
      /** For a placement; null for the other events. */
      readonly decision: FieldDecision | null;
      /** Alarms this event raised (also appended to the state's). */
      readonly alarms: readonly DeliveryAlarm[];
    }
  | { readonly ok: false; readonly state: DeliveryState; readonly refusal: EventRefusal };
