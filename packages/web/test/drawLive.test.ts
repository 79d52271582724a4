import {
  type DeliveryEvent,
  DeliveryGuard,
  type DeliveryState,
  planTreatment,
  simulateDelivery,
} from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { drawOverlay, fieldCorners, LIVE_PALETTE, LiveDrawing } from '../src/delivery/drawLive.js';
import { LiveController } from '../src/delivery/liveController.js';
import { LiveSession } from '../src/delivery/liveSession.js';
import type { AckMessage, CommittedEvent } from '../src/delivery/protocol.js';
import type { Canvas2D } from '../src/planner/drawScene.js';
import { fitView, mmToPx } from '../src/planner/viewTransform.js';

/** A canvas that records every arc's centre with the fill or stroke colour it was drawn in. */
function recorder() {
  const arcs: { x: number; y: number; style: unknown; how: 'fill' | 'stroke' }[] = [];
  let open: { x: number; y: number }[] = [];
  const lines: [number, number][] = [];
  const ctx: Canvas2D = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: 'alphabetic',
    setLineDash: () => undefined,
    clearRect: () => undefined,
    fillRect: () => undefined,
    beginPath: () => {
      open = [];
    },
    moveTo: () => undefined,
    lineTo: (x, y) => {
      lines.push([x, y]);
    },
    closePath: () => undefined,
    arc: (x, y) => {
      open.push({ x, y });
    },
    rect: () => undefined,
    fill: () => {
      for (const a of open) arcs.push({ ...a, style: ctx.fillStyle, how: 'fill' });
    },
    stroke: () => {
      for (const a of open) arcs.push({ ...a, style: ctx.strokeStyle, how: 'stroke' });
    },
    fillText: () => undefined,
  };
  return { ctx, arcs, lines };
}

const plan = planTreatment({ zones: ['submental'], seed: 4 });
const guard = new DeliveryGuard(plan);
const run = simulateDelivery(guard, { seed: 2 });
const view = fitView(
  { minXMm: -60, minYMm: -10, maxXMm: 60, maxYMm: 40 },
  { widthPx: 800, heightPx: 400 },
);
const size = { widthPx: 800, heightPx: 400 };

/**
 * The server's side of a batch: `events` applied by the guard to `from`, answered as an
 * acknowledgement with each committed event and its result (what the console hands the screen).
 */
function commit(events: readonly DeliveryEvent[], from: DeliveryState) {
  let state = from;
  const committed: CommittedEvent[] = [];
  for (const event of events) {
    const step = guard.apply(state, event);
    if (!step.ok) throw new Error(step.refusal.message);
    state = step.state;
    committed.push({
      event,
      result: {
        seq: event.seq,
        repeated: false,
        decision: step.decision,
        fired: null,
        alarms: step.alarms,
      },
    });
  }
  const ack: Omit<AckMessage, 'results' | 'type'> = {
    sessionId: 's',
    lastSeq: state.lastSeq,
    status: state.status === 'ended' ? 'ended' : state.status === 'paused' ? 'paused' : 'open',
    zones: state.zones,
    nextField: state.nextField,
    sessionRecordId: null,
  };
  return { state, ack, committed };
}

describe('the live drawing', () => {
  it('draws each core once, where the plan chart puts it, by its outcome', () => {
    const drawing = new LiveDrawing(view, 0.413, 10);
    drawing.addCore(7, 10, 5, 'extracted');
    drawing.addCore(8, -20, 12.5, 'failed');
    drawing.addCore(7, 10, 5, 'extracted'); // a resend: not drawn again
    const { ctx, arcs } = recorder();
    expect(drawing.drawNew(ctx)).toBe(2);
    expect(arcs).toEqual([
      {
        x: mmToPx(view, 10, 5)[0],
        y: mmToPx(view, 10, 5)[1],
        style: LIVE_PALETTE.extracted,
        how: 'fill',
      },
      {
        x: mmToPx(view, -20, 12.5)[0],
        y: mmToPx(view, -20, 12.5)[1],
        style: LIVE_PALETTE.failed,
        how: 'stroke',
      },
    ]);
    // The next frame draws only what is new.
    drawing.addCore(9, 0, 0, 'extracted');
    const next = recorder();
    expect(drawing.drawNew(next.ctx)).toBe(1);
    expect(next.arcs).toEqual([
      { x: view.originXPx, y: view.originYPx, style: LIVE_PALETTE.extracted, how: 'fill' },
    ]);
    expect(drawing.drawNew(recorder().ctx)).toBe(0);
  });

  it('a whole session fed ack by ack draws every delivered core exactly once, at its place', () => {
    const drawing = new LiveDrawing(view, 0.413, 10);
    const live = new LiveSession(
      drawing,
      plan.zones.map((z) => z.cores),
      guard.start(),
      null,
    );
    const { ctx, arcs } = recorder();
    let state = guard.start();
    // Batches of 37 events, a frame drawn after each.
    for (let i = 0; i < run.events.length; i += 37) {
      const batch = commit(run.events.slice(i, i + 37), state);
      state = batch.state;
      const { ack, committed } = batch;
      live.apply(ack, committed);
      drawing.drawNew(ctx);
    }
    const cores = state.cores.flat();
    const expected = cores
      .filter((c) => c.outcome !== 'pending')
      .map(
        (c) =>
          `${mmToPx(view, c.xMm, c.yMm).join(',')} ${c.outcome === 'extracted' ? 'fill' : 'stroke'}`,
      )
      .sort();
    const drawn = arcs.map((a) => `${a.x},${a.y} ${a.how}`).sort();
    expect(drawn).toEqual(expected);
    expect(drawn.length).toBe(cores.length);
    expect(live.snapshot.totals.extracted).toBe(state.zones.reduce((s, z) => s + z.extracted, 0));
    expect(live.snapshot.fields).toBe(state.fields);
    expect(live.snapshot.status).toBe('ended');
  });

  it('a session loaded from a state draws what the state holds, as the acks would have', () => {
    const drawing = new LiveDrawing(view, 0.413, 10);
    const half = guard.replay(run.events.slice(0, Math.floor(run.events.length / 2))).state;
    const live = new LiveSession(
      drawing,
      plan.zones.map((z) => z.cores),
      half,
      null,
    );
    const { ctx, arcs } = recorder();
    drawing.drawNew(ctx);
    const reported = half.cores.flat().filter((c) => c.outcome !== 'pending');
    expect(arcs.length).toBe(reported.length);
    expect(live.snapshot.totals.extracted).toBe(
      reported.filter((c) => c.outcome === 'extracted').length,
    );
  });

  it('a session loaded from a state and its placements outlines every field placed, once', () => {
    const cut = Math.floor(run.events.length / 2);
    const half = guard.replay(run.events.slice(0, cut)).state;
    const placements = run.events
      .slice(0, cut)
      .flatMap((e) => (e.type === 'placed' ? [{ seq: e.seq, pose: e.pose }] : []));
    const fields: unknown[] = [];
    const sink = {
      addCore: () => undefined,
      addRefused: () => undefined,
      addField: (_seq: number, pose: unknown) => fields.push(pose),
    };
    const live = new LiveSession(
      sink,
      plan.zones.map((z) => z.cores),
      half,
      null,
      placements,
    );
    expect(fields).toEqual(placements.map((p) => p.pose));
    expect(fields).toHaveLength(half.fields);
    expect(live.snapshot.lastField).toEqual(placements.at(-1)?.pose);
    // Read again (a reconnect's resume): every placement named again — the drawing keeps one.
    fields.length = 0;
    live.reset(half, null, placements);
    expect(fields).toHaveLength(half.fields);
    const drawing = new LiveDrawing(view, 0.413, 10);
    const pose = { xMm: 1, yMm: 2, rotationRad: 0.1 };
    drawing.addField(7, pose);
    drawing.addField(7, pose);
    const once = recorder();
    drawing.drawNew(once.ctx);
    expect(once.lines).toHaveLength(3); // one square: a move and three lines, closed
  });

  it("a reconnect's resume keeps what is drawn (the fields' outlines are in no state) and draws only what it adds", () => {
    const controller = new LiveController(
      view,
      0.413,
      10,
      plan.zones.map((z) => z.cores),
      guard.start(),
      null,
      [],
    );
    const { ctx, arcs, lines } = recorder();
    const feed = (events: typeof run.events, from: typeof run.state) => {
      const { state, ack, committed } = commit(events, from);
      controller.apply(ack, committed);
      return state;
    };
    const half = Math.floor(run.events.length / 2);
    let state = feed(run.events.slice(0, half - 20), guard.start());
    controller.clearPending = false; // the first frame cleared the layer
    controller.drawing.drawNew(ctx);
    const outlinesBefore = lines.length;
    expect(outlinesBefore).toBeGreaterThan(0);
    // The connection is lost; 20 more events were committed and their acknowledgement lost.
    state = guard.replay(run.events.slice(half - 20, half), state).state;
    const placements = run.events
      .slice(0, half)
      .flatMap((e) => (e.type === 'placed' ? [{ seq: e.seq, pose: e.pose }] : []));
    controller.reset(state, null, placements);
    expect(controller.clearPending).toBe(false);
    controller.drawing.drawNew(ctx);
    state = feed(run.events.slice(half), state);
    controller.drawing.drawNew(ctx);
    // Every reported core exactly once; no outline drawn twice, none lost.
    const reported = state.cores.flat().filter((c) => c.outcome !== 'pending');
    expect(arcs.length).toBe(reported.length);
    expect(new Set(arcs.map((a) => `${a.x},${a.y}`)).size).toBe(arcs.length);
    expect(controller.session.snapshot.totals.extracted).toBe(
      state.zones.reduce((sum, z) => sum + z.extracted, 0),
    );
    // A refused core the resume's state names again is not crossed twice.
    const drawing = new LiveDrawing(view, 0.413, 10);
    drawing.addRefused(1, 2);
    drawing.addRefused(1, 2);
    const crosses = recorder();
    drawing.drawNew(crosses.ctx);
    expect(crosses.lines).toHaveLength(2);
  });

  it('the overlay outlines the suggested field, turned as its pose says', () => {
    const { ctx, lines } = recorder();
    const pose = { xMm: 5, yMm: 8, rotationRad: Math.PI / 6 };
    drawOverlay(ctx, view, size, 10, pose, null);
    const corners = fieldCorners(pose, 10).map(([x, y]) => mmToPx(view, x, y));
    expect(lines).toEqual(corners.slice(1));
    // A corner is 5√2 mm from the centre.
    const [cx, cy] = mmToPx(view, 5, 8);
    expect(Math.hypot(corners[0][0] - cx, corners[0][1] - cy) / view.pxPerMm).toBeCloseTo(
      5 * Math.SQRT2,
      9,
    );
  });
});
