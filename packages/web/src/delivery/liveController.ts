import type { DeliveryState, HandpiecePose } from '@microcore/core';
import type { View } from '../planner/viewTransform';
import { type CoreMark, LiveDrawing } from './drawLive';
import { LiveSession, type LiveSink, type PlannedCores } from './liveSession';
import type { AckMessage, CommittedEvent, Placement } from './protocol';

/**
 * The live screen's state outside React: the session as the server committed it and the drawing
 * it feeds. The worker's messages land here as they come; the canvas reads it once an animation
 * frame and the panels a few times a second (`version` says whether anything changed), so a
 * burst of acknowledgements costs no React render each.
 */
export class LiveController implements LiveSink {
  readonly drawing: LiveDrawing;
  readonly session: LiveSession;
  /** The delivered layer must be cleared before the next draw (the first). */
  clearPending = true;
  version = 0;

  constructor(
    view: View,
    coreDiameterMm: number,
    fieldSideMm: number,
    plannedCores: PlannedCores,
    state: DeliveryState,
    sessionRecordId: string | null,
    placements: readonly Placement[],
  ) {
    this.drawing = new LiveDrawing(view, coreDiameterMm, fieldSideMm);
    this.session = new LiveSession(this, plannedCores, state, sessionRecordId, placements);
  }

  /**
   * Go on from a whole state: a connection's resume, which a repeated ack relies on. What is
   * drawn came from committed acknowledgements, so the server's state and placements hold all of
   * it: it stays, and only what they add is drawn — a core, a refused core, a field once each.
   */
  reset(
    state: DeliveryState,
    sessionRecordId: string | null,
    placements: readonly Placement[],
  ): void {
    this.session.reset(state, sessionRecordId, placements);
    this.version++;
  }

  apply(ack: Omit<AckMessage, 'results' | 'type'>, committed: readonly CommittedEvent[]): void {
    this.session.apply(ack, committed);
    this.version++;
  }

  addCore(id: number, xMm: number, yMm: number, mark: CoreMark): void {
    this.drawing.addCore(id, xMm, yMm, mark);
  }
  addField(seq: number, pose: HandpiecePose): void {
    this.drawing.addField(seq, pose);
  }
  addRefused(xMm: number, yMm: number): void {
    this.drawing.addRefused(xMm, yMm);
  }
}
