import type {
  DeliveryAlarm,
  DeliveryState,
  HandpiecePose,
  SuggestedField,
  ZoneProgress,
} from '@microcore/core';
import type { CoreMark } from './drawLive';
import type { AckMessage, CommittedEvent, Placement, SessionStatus } from './protocol';

/** Where the live session's drawing goes (drawLive.ts's LiveDrawing; a test records it). */
export interface LiveSink {
  addCore(id: number, xMm: number, yMm: number, mark: CoreMark): void;
  addField(seq: number, pose: HandpiecePose): void;
  addRefused(xMm: number, yMm: number): void;
}

export interface LiveTotals {
  readonly targetCores: number;
  readonly extracted: number;
  readonly failed: number;
  readonly pending: number;
  readonly unreported: number;
  readonly refused: number;
}

/** What the screen shows beside the drawing, as of the last acknowledgement. */
export interface LiveSnapshot {
  readonly status: 'active' | 'paused' | 'ended';
  readonly lastSeq: number;
  readonly fields: number;
  readonly zones: readonly ZoneProgress[];
  readonly totals: LiveTotals;
  readonly nextField: SuggestedField | null;
  readonly lastField: HandpiecePose | null;
  /** Every alarm so far, oldest first. */
  readonly alarms: readonly DeliveryAlarm[];
  /** Console time with the handpiece in use (first to last event, pauses left out), s. */
  readonly activeS: number;
  readonly sessionRecordId: string | null;
}

/** The planned cores' positions per zone (the stored plan's `zones[z].cores`), for refused ones. */
export type PlannedCores = readonly (readonly (readonly [number, number])[])[];

const STATUS: Record<SessionStatus, LiveSnapshot['status']> = {
  open: 'active',
  paused: 'paused',
  ended: 'ended',
};

/**
 * The session as the server has committed it, kept up to date from its answers: a whole state
 * (a GET, or the `resume` each connection opens with), then each acknowledgement's new events.
 * Everything drawn and every figure shown comes from here — the server's truth, never the demo
 * console's local guard. A repeated acknowledgement (after a reconnect) carries no alarms, but the
 * resume before it brought the whole state, so nothing is missed.
 */
export class LiveSession {
  /** Fired cores still awaiting an outcome, by id. */
  private pending = new Map<number, readonly [number, number]>();
  private snap: LiveSnapshot;
  private firstAtS: number | null = null;
  private lastAtS: number | null = null;
  private pausedS = 0;
  private pausedAtS: number | null = null;

  constructor(
    private readonly sink: LiveSink,
    private readonly plannedCores: PlannedCores,
    state: DeliveryState,
    sessionRecordId: string | null,
    placements: readonly Placement[] = [],
  ) {
    this.snap = this.load(state, sessionRecordId, placements);
  }

  get snapshot(): LiveSnapshot {
    return this.snap;
  }

  /** Start again from a whole state (the sink must have been cleared by the caller). */
  reset(
    state: DeliveryState,
    sessionRecordId: string | null,
    placements: readonly Placement[] = [],
  ): void {
    this.pending = new Map();
    this.snap = this.load(state, sessionRecordId, placements);
  }

  /**
   * A whole state drawn at once: its cores, the planned cores refused, and the fields placed (the
   * state has no poses: the server sends the placements beside it).
   */
  private load(
    state: DeliveryState,
    sessionRecordId: string | null,
    placements: readonly Placement[],
  ): LiveSnapshot {
    for (const { seq, pose } of placements) this.sink.addField(seq, pose);
    for (const chunk of state.cores)
      for (const core of chunk) {
        if (core.outcome === 'pending') this.pending.set(core.id, [core.xMm, core.yMm]);
        else this.sink.addCore(core.id, core.xMm, core.yMm, core.outcome);
      }
    state.refusedPlanned.forEach((indices, z) => {
      for (const i of indices) {
        const at = this.plannedCores[z]?.[i];
        if (at) this.sink.addRefused(at[0], at[1]);
      }
    });
    this.firstAtS = state.firstAtS;
    this.lastAtS = state.lastAtS;
    this.pausedS = state.pausedS;
    this.pausedAtS = state.pausedAtS;
    return {
      status: state.status,
      lastSeq: state.lastSeq,
      fields: state.fields,
      zones: state.zones,
      totals: totalsOf(state.zones),
      nextField: state.nextField,
      lastField: placements.at(-1)?.pose ?? null,
      alarms: state.alarms,
      activeS: this.activeS(),
      sessionRecordId,
    };
  }

  /** The server committed these events (`committed`: the new ones, in seq order). */
  apply(ack: Omit<AckMessage, 'results' | 'type'>, committed: readonly CommittedEvent[]): void {
    let { fields, lastField } = this.snap;
    let alarms = this.snap.alarms;
    const raised: DeliveryAlarm[] = [];
    for (const { event, result } of committed) {
      this.clock(event.type, event.atS);
      raised.push(...result.alarms);
      switch (event.type) {
        case 'placed': {
          fields++;
          lastField = event.pose;
          this.sink.addField(event.seq, event.pose);
          const decision = result.decision;
          if (decision) {
            for (const core of decision.fire) this.pending.set(core.id, [core.xMm, core.yMm]);
            for (const core of decision.refused) this.sink.addRefused(core.xMm, core.yMm);
          }
          break;
        }
        case 'extracted':
        case 'notExtracted': {
          const at = this.pending.get(event.coreId);
          if (at) {
            this.pending.delete(event.coreId);
            const mark = event.type === 'extracted' ? 'extracted' : 'failed';
            this.sink.addCore(event.coreId, at[0], at[1], mark);
          }
          break;
        }
        case 'end':
          // Cores still awaiting an outcome end unreported.
          for (const [id, at] of this.pending) this.sink.addCore(id, at[0], at[1], 'unreported');
          this.pending.clear();
          break;
        default:
          break;
      }
    }
    if (raised.length > 0) alarms = [...alarms, ...raised];
    this.snap = {
      status: STATUS[ack.status],
      lastSeq: Math.max(this.snap.lastSeq, ack.lastSeq),
      fields,
      zones: ack.zones,
      totals: totalsOf(ack.zones),
      nextField: ack.nextField,
      lastField,
      alarms,
      activeS: this.activeS(),
      sessionRecordId: ack.sessionRecordId ?? this.snap.sessionRecordId,
    };
  }

  /** The guard's own time keeping (core guard.ts withTime), from the events' console times. */
  private clock(type: string, atS: number | undefined): void {
    if (atS === undefined) return;
    this.firstAtS ??= atS;
    this.lastAtS = Math.max(this.lastAtS ?? atS, atS);
    if (type === 'pause') this.pausedAtS = atS;
    if ((type === 'resume' || type === 'end') && this.pausedAtS !== null) {
      this.pausedS += Math.max(0, atS - this.pausedAtS);
      this.pausedAtS = null;
    }
  }

  private activeS(): number {
    if (this.firstAtS === null || this.lastAtS === null) return 0;
    return Math.max(0, this.lastAtS - this.firstAtS - this.pausedS);
  }
}

export function totalsOf(zones: readonly ZoneProgress[]): LiveTotals {
  const sum = (pick: (z: ZoneProgress) => number) => zones.reduce((s, z) => s + pick(z), 0);
  return {
    targetCores: sum((z) => z.targetCores),
    extracted: sum((z) => z.extracted),
    failed: sum((z) => z.failed),
    pending: sum((z) => z.pending),
    unreported: sum((z) => z.unreported),
    refused: sum((z) => Object.values(z.refused).reduce((s, n) => s + n, 0)),
  };
}
