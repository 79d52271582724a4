import type { DeliveryState } from '@microcore/core';
import type { DemoSpeed } from './demoHandpiece';
import type { AckMessage, CommittedEvent, Problem, ResumeMessage } from './protocol';

/** The page → the demo console's worker. */
export type ToConsole =
  | {
      readonly type: 'start';
      /** The stored plan (its body as the API gives it). */
      readonly plan: unknown;
      /** The session's state as the server gave it (GET or start). */
      readonly state: DeliveryState;
      readonly patientId: string;
      readonly sessionId: string;
      readonly consoleId: string;
      readonly seed: number;
      readonly speed: DemoSpeed;
    }
  | { readonly type: 'speed'; readonly speed: DemoSpeed }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'end' };

/** The demo console's worker → the page. The page draws from these (the server's answers). */
export type FromConsole =
  | { readonly type: 'resume'; readonly resume: ResumeMessage }
  | {
      readonly type: 'committed';
      readonly ack: Omit<AckMessage, 'results'>;
      readonly committed: readonly CommittedEvent[];
    }
  | { readonly type: 'connection'; readonly connected: boolean }
  | { readonly type: 'stopped'; readonly problem: Problem }
  | { readonly type: 'failed'; readonly message: string };
