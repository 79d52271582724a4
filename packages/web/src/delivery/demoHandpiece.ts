import {
  type DeliveryEvent,
  type DeliveryGuard,
  type DeliveryState,
  SimulatedPractitioner,
} from '@microcore/core';

/** How fast the demo plays the session: times the practitioner's own pace, or as fast as it can. */
export type DemoSpeed = 1 | 10 | 100 | 'full';
export const DEMO_SPEEDS: readonly DemoSpeed[] = [1, 10, 100, 'full'];

/**
 * The demo's handpiece: the core's SimulatedPractitioner, played against a local DeliveryGuard
 * (the same deterministic guard the server runs, so its decisions are the server's) at a chosen
 * speed, with a user's pause, resume and end slipped in between its steps. It only makes events;
 * sending them is the console's (deliveryConsole.ts). Plain: no worker, no clock of its own.
 */
export class DemoHandpiece {
  private state: DeliveryState;
  private practitioner: SimulatedPractitioner;
  /** The practitioner's next event, made and not yet due. */
  private upcoming: DeliveryEvent | null = null;
  private speed: DemoSpeed = 1;
  /** Pacing: the simulated time and the wall time the speed was last set at. */
  private anchorSimS = 0;
  private anchorWallMs = 0;
  /** Paused by the user: no event is made; `sentPause` says whether we sent the pause. */
  private userPausedAtMs: number | null = null;
  private sentPause = false;

  constructor(
    private readonly guard: DeliveryGuard,
    state: DeliveryState,
    private readonly seed: number,
    private readonly send: (event: DeliveryEvent) => void,
    nowMs = 0,
  ) {
    this.state = state;
    this.practitioner = new SimulatedPractitioner(guard, { seed }, state);
    this.adoptPause(nowMs);
  }

  /**
   * A session read paused (a reload, a takeover) stays paused until the user resumes it: the
   * practitioner's own pause cannot be told from a user's in the state, so the user's it is.
   */
  private adoptPause(nowMs: number): void {
    const paused = this.state.status === 'paused';
    this.userPausedAtMs = paused ? nowMs : null;
    this.sentPause = paused;
  }

  /** The local state after every event made so far. */
  get localState(): DeliveryState {
    return this.state;
  }

  get ended(): boolean {
    return this.state.status === 'ended';
  }

  get pausedByUser(): boolean {
    return this.userPausedAtMs !== null;
  }

  /** Go on from a state the server holds (another console went further than this one). */
  reset(state: DeliveryState, nowMs: number): void {
    this.state = state;
    this.practitioner = new SimulatedPractitioner(this.guard, { seed: this.seed }, state);
    this.upcoming = null;
    this.adoptPause(nowMs);
    this.anchor(nowMs);
  }

  setSpeed(speed: DemoSpeed, nowMs: number): void {
    this.speed = speed;
    this.anchor(nowMs);
  }

  pause(nowMs: number): void {
    if (this.userPausedAtMs !== null || this.ended) return;
    this.userPausedAtMs = nowMs;
    // Already paused by the practitioner: its resume waits for the user's.
    this.sentPause = this.state.status === 'active';
    if (this.sentPause)
      this.make({ type: 'pause', seq: this.nextSeq(), atS: this.practitioner.clock });
  }

  resume(nowMs: number): void {
    if (this.ended) return;
    if (this.userPausedAtMs === null) {
      // The practitioner's own pause (the screen shows Paused and offers Resume): the user ends
      // it now. Its resume keeps the practitioner's clock, so the active time stays its own.
      if (this.state.status !== 'paused') return;
      this.upcoming ??= this.practitioner.next(this.state);
      if (this.upcoming?.type !== 'resume') return;
      const event = this.upcoming;
      this.upcoming = null;
      this.make(event);
      this.anchor(nowMs);
      return;
    }
    const pausedS = (nowMs - this.userPausedAtMs) / 1000;
    this.userPausedAtMs = null;
    this.practitioner.wait(pausedS);
    if (this.sentPause)
      this.make({ type: 'resume', seq: this.nextSeq(), atS: this.practitioner.clock });
    // The step made before the pause comes after it: its seq and time move on.
    if (this.upcoming !== null)
      this.upcoming = {
        ...this.upcoming,
        seq: this.nextSeq(),
        ...(this.upcoming.atS === undefined ? {} : { atS: this.upcoming.atS + pausedS }),
      };
    this.anchor(nowMs);
  }

  /** The user ends the session now (cores still awaiting an outcome end unreported). */
  end(): void {
    if (this.ended) return;
    this.userPausedAtMs = null;
    this.upcoming = null;
    this.make({ type: 'end', seq: this.nextSeq(), atS: this.practitioner.clock });
  }

  /** Make the events due by `nowMs`, at most `most`; how many were made. */
  run(nowMs: number, most: number): number {
    let made = 0;
    while (made < most && !this.ended && this.userPausedAtMs === null) {
      this.upcoming ??= this.practitioner.next(this.state);
      const event = this.upcoming;
      if (event === null) break;
      if (this.speed !== 'full') {
        const dueWallMs =
          this.anchorWallMs +
          (((event.atS ?? this.anchorSimS) - this.anchorSimS) * 1000) / this.speed;
        if (dueWallMs > nowMs) break;
      }
      this.upcoming = null;
      this.make(event);
      made++;
    }
    return made;
  }

  private anchor(nowMs: number): void {
    this.anchorSimS = this.state.lastAtS ?? 0;
    this.anchorWallMs = nowMs;
  }

  private nextSeq(): number {
    return this.state.lastSeq + 1;
  }

  private make(event: DeliveryEvent): void {
    const step = this.guard.apply(this.state, event);
    // The local guard is the server's: an event it refuses would be refused there too.
    if (!step.ok)
      throw new Error(
        `the demo handpiece made an event its guard refused: ${step.refusal.message}`,
      );
    this.state = step.state;
    this.send(event);
  }
}
