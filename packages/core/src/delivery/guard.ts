import { DEFAULT_HANDPIECE, type Handpiece } from '../device/handpiece.js';
import { fieldAlarms } from './alarms.js';
import { GridCoreIndex, ScanCoreIndex } from './coreIndex.js';
import { appendCores, coreAt, coreCount, deliveredCores, replaceCore } from './coreList.js';
import { decideField, type Runtime, spendPlanned } from './decide.js';
import { readEvent } from './events.js';
import { type PlannedField, type SessionPlan, sessionPlanOf } from './sessionPlan.js';
import { stateProblem } from './storedState.js';
import {
  type CoreOutcome,
  DELIVERY_SCHEMA_VERSION,
  type DeliveredCore,
  type DeliveryAlarm,
  type DeliveryEvent,
  type DeliveryState,
  type DeliveryStep,
  type EventRefusal,
  type EventRefusalCode,
  type FieldDecision,
  type HandpiecePose,
  type RefusalCounts,
  type SuggestedField,
  type ZoneProgress,
} from './types.js';
import { WindowCheck } from './window.js';

export interface DeliveryGuardOptions {
  /** The handpiece in use; default DEFAULT_HANDPIECE. Its field side is the placed field's. */
  readonly handpiece?: Handpiece;
  /**
   * How the guard finds the cores near a spot: `grid` (the default) or `scan`, a scan of every
   * core and the window bound over all of them: the reference the tests and the bench compare
   * with. Both give the same states.
   */
  readonly index?: 'grid' | 'scan';
}

/**
 * The field guard of a delivery session: a deterministic state machine over a stored plan.
 * `start()` gives the first state, `apply(state, event)` the next one (or a refusal, the state
 * unchanged), never throwing on what a console sends; the states are plain JSON. The same events
 * from the same state give the same state, whether the state is the object `apply` returned or a
 * copy read back from storage. Nothing inside reads a clock or draws a random number that is not
 * seeded from the plan and the event.
 */
export class DeliveryGuard {
  readonly plan: SessionPlan;
  readonly handpiece: Handpiece;
  private readonly indexKind: 'grid' | 'scan';
  /** The runtime kept in step with the state it was last used for (rebuilt for any other). */
  private runtime: { state: DeliveryState; rt: Runtime } | undefined;

  /** Throws MicrocoreError('delivery.invalid-plan') for a plan or handpiece it cannot run. */
  constructor(plan: unknown, options: DeliveryGuardOptions = {}) {
    this.handpiece = options.handpiece ?? DEFAULT_HANDPIECE;
    this.plan = sessionPlanOf(plan, this.handpiece);
    this.indexKind = options.index ?? 'grid';
  }

  /** The planned fields in raster order (what `nextField.index` points into). */
  get plannedFields(): readonly PlannedField[] {
    return this.plan.fields;
  }

  start(): DeliveryState {
    const rt = this.emptyRuntime();
    const state: DeliveryState = {
      schemaVersion: DELIVERY_SCHEMA_VERSION,
      kind: 'microcore.delivery',
      planFingerprint: this.plan.fingerprint,
      status: 'active',
      lastSeq: 0,
      firstAtS: null,
      lastAtS: null,
      pausedS: 0,
      pausedAtS: null,
      fields: 0,
      cursor: -1,
      cores: [],
      refusedPlanned: this.plan.zones.map(() => []),
      zones: this.plan.zones.map(
        (z): ZoneProgress => ({
          id: z.id,
          targetCores: z.targetCores,
          coverageTarget: z.coverageTarget,
          extracted: 0,
          failed: 0,
          pending: 0,
          unreported: 0,
          coverageFraction: 0,
          refused: noRefusals(),
          complete: z.targetCores === 0,
        }),
      ),
      alarms: [],
      nextField: null,
    };
    const first = { ...state, nextField: this.suggest(state, rt, -1) };
    this.runtime = { state: first, rt };
    return first;
  }

  /** The state after `event`, or why the event was refused (the state then unchanged). */
  apply(state: DeliveryState, rawEvent: unknown): DeliveryStep {
    const runtime = this.runtimeFor(state);
    const expectedSeq = (typeof state?.lastSeq === 'number' ? state.lastSeq : 0) + 1;
    if ('refusal' in runtime) return { ok: false, state, refusal: runtime.refusal };
    const read = readEvent(rawEvent, expectedSeq);
    if ('refusal' in read) return { ok: false, state, refusal: read.refusal };
    const event = read.event;
    const refuse = (code: EventRefusalCode, message: string, field?: string): DeliveryStep => ({
      ok: false,
      state,
      refusal: { code, message, expectedSeq, ...(field ? { field } : {}) },
    });
    if (event.seq < expectedSeq)
      return refuse(
        'event.repeated',
        `event ${event.seq} was already taken (the last was ${state.lastSeq}); nothing changed`,
        'seq',
      );
    if (event.seq > expectedSeq)
      return refuse(
        'event.gap',
        `event ${event.seq} came before ${expectedSeq}; send from ${expectedSeq} on`,
        'seq',
      );
    if (state.status === 'ended')
      return refuse('session.ended', 'the session has ended; nothing more is taken');

    const rt = runtime.rt;
    let step:
      | { state: DeliveryState; decision: FieldDecision | null; alarms: DeliveryAlarm[] }
      | EventRefusal;
    switch (event.type) {
      case 'placed':
        if (state.status === 'paused')
          return refuse(
            'session.paused',
            'the session is paused: resume before placing the handpiece',
          );
        if (state.zones.some((z) => z.pending > 0))
          return refuse(
            'field.outcomes-pending',
            'the last field still has cores without an outcome: report each (extracted or notExtracted) before the next placement',
          );
        step = this.place(state, rt, event.seq, event.pose);
        break;
      case 'extracted':
      case 'notExtracted': {
        const core = coreAt(state.cores, event.coreId);
        if (core === undefined || core.outcome !== 'pending')
          return refuse(
            'core.not-pending',
            core === undefined
              ? `core ${event.coreId} was never fired`
              : `core ${event.coreId} already has an outcome (${core.outcome})`,
            'coreId',
          );
        step = this.outcome(
          state,
          rt,
          event.seq,
          core,
          event.type === 'extracted' ? 'extracted' : 'failed',
        );
        break;
      }
      case 'pause':
        if (state.status === 'paused')
          return refuse('session.paused', 'the session is already paused');
        step = { state: { ...state, status: 'paused' }, decision: null, alarms: [] };
        break;
      case 'resume':
        if (state.status !== 'paused')
          return refuse('session.not-paused', 'the session is not paused');
        step = { state: { ...state, status: 'active' }, decision: null, alarms: [] };
        break;
      case 'end':
        step = this.end(state);
        break;
    }
    const next = { ...withTime(step.state, state, event), lastSeq: event.seq };
    const alarms = step.alarms;
    const final = alarms.length > 0 ? { ...next, alarms: [...state.alarms, ...alarms] } : next;
    this.runtime = { state: final, rt };
    return { ok: true, state: final, decision: step.decision, alarms };
  }

  /** Apply events in order from `from` (default: a new session); stops at the first refusal. */
  replay(
    events: readonly unknown[],
    from?: DeliveryState,
  ): { state: DeliveryState; refusal?: EventRefusal } {
    let state = from ?? this.start();
    for (const event of events) {
      const step = this.apply(state, event);
      if (!step.ok) return { state, refusal: step.refusal };
      state = step.state;
    }
    return { state };
  }

  private place(
    state: DeliveryState,
    rt: Runtime,
    seq: number,
    pose: HandpiecePose,
  ): { state: DeliveryState; decision: FieldDecision; alarms: DeliveryAlarm[] } {
    const quota = new Int32Array(
      state.zones.map((z) => Math.max(0, z.targetCores - z.extracted - z.pending)),
    );
    const outcome = decideField(this.plan, rt, quota, pose, seq, state.nextField?.pose ?? null);
    const zoneId = (z: number) => this.plan.zones[z].id;
    const firstId = coreCount(state.cores);
    const fired: DeliveredCore[] = outcome.fire.map((c, k) => ({
      id: firstId + k,
      zone: c.zone,
      xMm: c.xMm,
      yMm: c.yMm,
      planned: c.planned >= 0 ? this.plan.plannedLocal[c.planned] : null,
      fieldSeq: seq,
      outcome: 'pending',
    }));
    const zones = state.zones.map((z, i) => {
      const pending = fired.filter((c) => c.zone === i).length;
      const refusedHere = outcome.refused.filter((c) => c.zone === i);
      if (pending === 0 && refusedHere.length === 0) return z;
      const refused = { ...z.refused };
      for (const c of refusedHere) refused[c.reason]++;
      return { ...z, pending: z.pending + pending, refused };
    });
    const newlyRefused = outcome.refused.filter((c) => c.planned >= 0);
    const refusedPlanned =
      newlyRefused.length === 0
        ? state.refusedPlanned
        : state.refusedPlanned.map((list, z) => {
            const more = newlyRefused
              .filter((c) => c.zone === z)
              .map((c) => this.plan.plannedLocal[c.planned]);
            return more.length === 0 ? list : [...list, ...more];
          });
    const cursor = outcome.farFromPlan ? state.cursor : outcome.nearestField;
    const next: DeliveryState = {
      ...state,
      fields: state.fields + 1,
      cursor,
      cores: appendCores(state.cores, fired),
      zones,
      refusedPlanned,
    };
    const decision: FieldDecision = {
      seq,
      pose,
      fire: fired.map((c, k) => ({
        id: c.id,
        zone: zoneId(c.zone),
        xMm: c.xMm,
        yMm: c.yMm,
        planned: outcome.fire[k].planned >= 0,
      })),
      refused: outcome.refused.map((c) => ({
        zone: zoneId(c.zone),
        xMm: c.xMm,
        yMm: c.yMm,
        planned: c.planned >= 0,
        reason: c.reason,
      })),
      farFromPlan: outcome.farFromPlan,
    };
    return {
      state: { ...next, nextField: this.suggest(next, rt, cursor) },
      decision,
      alarms: fieldAlarms(state, seq, outcome),
    };
  }

  private outcome(
    state: DeliveryState,
    rt: Runtime,
    seq: number,
    core: DeliveredCore,
    outcome: 'extracted' | 'failed',
  ): { state: DeliveryState; decision: null; alarms: DeliveryAlarm[] } {
    const cores = replaceCore(state.cores, { ...core, outcome });
    const before = state.zones[core.zone];
    const extracted = before.extracted + (outcome === 'extracted' ? 1 : 0);
    const zone: ZoneProgress = {
      ...before,
      pending: before.pending - 1,
      extracted,
      failed: before.failed + (outcome === 'failed' ? 1 : 0),
      coverageFraction: this.coverageOf(core.zone, extracted),
      complete: extracted >= before.targetCores,
    };
    const zones = state.zones.slice();
    zones[core.zone] = zone;
    const alarms: DeliveryAlarm[] =
      zone.complete && !before.complete
        ? [
            {
              code: 'zone.complete',
              seq,
              zone: zone.id,
              message: `zone "${zone.id}" has all its ${zone.targetCores} cores`,
            },
          ]
        : [];
    const next = { ...state, cores, zones };
    return {
      state: { ...next, nextField: this.suggest(next, rt, state.cursor) },
      decision: null,
      alarms,
    };
  }

  private end(state: DeliveryState): {
    state: DeliveryState;
    decision: null;
    alarms: DeliveryAlarm[];
  } {
    // A core still without an outcome may have been cut: it keeps its place, reported as unknown.
    const cores = state.cores.map((chunk) =>
      chunk.some((c) => c.outcome === 'pending')
        ? chunk.map((c) =>
            c.outcome === 'pending' ? { ...c, outcome: 'unreported' as CoreOutcome } : c,
          )
        : chunk,
    );
    const zones = state.zones.map((z) =>
      z.pending === 0 ? z : { ...z, pending: 0, unreported: z.unreported + z.pending },
    );
    return {
      state: { ...state, status: 'ended', cores, zones, nextField: null },
      decision: null,
      alarms: [],
    };
  }

  private coverageOf(zone: number, extracted: number): number {
    const area = this.plan.zones[zone].areaMm2;
    return area > 0 ? (extracted * this.plan.coreAreaMm2) / area : 0;
  }

  /** The first planned field after `cursor` (raster order, wrapping) with cores left in an unfinished zone. */
  private suggest(state: DeliveryState, rt: Runtime, cursor: number): SuggestedField | null {
    const fields = this.plan.fields;
    for (let k = 1; k <= fields.length; k++) {
      const f = (cursor + k + fields.length) % fields.length;
      const field = fields[f];
      const zone = state.zones[field.zone];
      if (rt.fieldLeft[f] === 0 || zone.extracted + zone.pending >= zone.targetCores) continue;
      // Aim at the middle of the cores left (they fit in one field: they came from one), so a
      // hand's wander is least likely to leave one out again.
      let x0 = Number.POSITIVE_INFINITY;
      let y0 = Number.POSITIVE_INFINITY;
      let x1 = Number.NEGATIVE_INFINITY;
      let y1 = Number.NEGATIVE_INFINITY;
      for (const g of field.cores) {
        if (rt.plannedStatus[g] !== 0) continue;
        const x = this.plan.plannedMm[2 * g];
        const y = this.plan.plannedMm[2 * g + 1];
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
      return {
        index: f,
        zone: zone.id,
        pose: { xMm: (x0 + x1) / 2, yMm: (y0 + y1) / 2, rotationRad: 0 },
        plannedCoresLeft: rt.fieldLeft[f],
      };
    }
    return null;
  }

  private emptyRuntime(): Runtime {
    const { plan } = this;
    const b = plan.bounds;
    const index =
      this.indexKind === 'scan'
        ? new ScanCoreIndex()
        : new GridCoreIndex(b.minXMm, b.minYMm, b.maxXMm, b.maxYMm, plan.minCentreDistanceMm);
    return {
      index,
      window: new WindowCheck(plan.coreDiameterMm, plan.windowSideMm, plan.ceilingFraction),
      plannedStatus: new Uint8Array(plan.plannedZone.length),
      fieldLeft: new Int32Array(plan.fields.map((f) => f.cores.length)),
      zoneFired: new Int32Array(plan.zones.length),
    };
  }

  /**
   * The runtime for `state`: the one in step with it, or one rebuilt from it (a state read back
   * from storage, or an older state applied again), after checking the state is one of this plan.
   */
  private runtimeFor(state: DeliveryState): { rt: Runtime } | { refusal: EventRefusal } {
    if (this.runtime?.state === state) return { rt: this.runtime.rt };
    const problem = stateProblem(state, this.plan);
    if (problem !== null)
      return {
        refusal: {
          code: 'state.invalid',
          message: `the stored session state cannot be used: ${problem}`,
          expectedSeq: (typeof state?.lastSeq === 'number' ? state.lastSeq : 0) + 1,
        },
      };
    const rt = this.emptyRuntime();
    for (const core of deliveredCores(state)) {
      rt.index.add(core.xMm, core.yMm, core.zone);
      rt.zoneFired[core.zone]++;
      if (core.planned !== null)
        spendPlanned(this.plan, rt, this.plan.plannedStart[core.zone] + core.planned, 1);
    }
    state.refusedPlanned.forEach((list, z) => {
      for (const k of list) spendPlanned(this.plan, rt, this.plan.plannedStart[z] + k, 2);
    });
    this.runtime = { state, rt };
    return { rt };
  }
}

function noRefusals(): RefusalCounts {
  return {
    bridge: 0,
    'outside-zone': 0,
    'in-exclusion': 0,
    'zone-ceiling': 0,
    'window-ceiling': 0,
  };
}

/** The clock bookkeeping: first and latest time seen, time paused. Times are data, never "now". */
function withTime(next: DeliveryState, before: DeliveryState, event: DeliveryEvent): DeliveryState {
  const at = event.atS;
  if (at === undefined) {
    if (event.type === 'resume' || event.type === 'end') return { ...next, pausedAtS: null };
    return next;
  }
  let { pausedS, pausedAtS } = before;
  if (event.type === 'pause') pausedAtS = at;
  if ((event.type === 'resume' || event.type === 'end') && pausedAtS !== null) {
    pausedS += Math.max(0, at - pausedAtS);
    pausedAtS = null;
  }
  return {
    ...next,
    firstAtS: before.firstAtS ?? at,
    lastAtS: Math.max(before.lastAtS ?? at, at),
    pausedS,
    pausedAtS,
  };
}
