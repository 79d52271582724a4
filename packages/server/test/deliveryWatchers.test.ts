import { describe, expect, it } from 'vitest';
import {
  DeliveryWatchers,
  sendToWatcher,
  type WatchedBatch,
  type WatchSocket,
} from '../src/delivery/watchers.js';

/** The watch sockets' hub and their send policy (docs/delivery.md "Watching a session"). */
describe('delivery watchers', () => {
  const batch = (lastSeq: number) => ({ lastSeq }) as unknown as WatchedBatch;

  it('hands each batch to the watchers of its clinic and session only, and forgets the closed', () => {
    const hub = new DeliveryWatchers();
    const heard: string[] = [];
    const offA = hub.subscribe('c1', 's1', (b) => heard.push(`a${b.lastSeq}`));
    const offB = hub.subscribe('c1', 's1', (b) => heard.push(`b${b.lastSeq}`));
    const offOther = hub.subscribe('c2', 's1', (b) => heard.push(`other${b.lastSeq}`));
    hub.subscribe('c1', 's1', () => {
      throw new Error('a broken watcher');
    });
    hub.publish('c1', 's1', batch(1));
    expect(heard).toEqual(['a1', 'b1']);
    offA();
    offA(); // twice: harmless
    hub.publish('c1', 's1', batch(2));
    expect(heard).toEqual(['a1', 'b1', 'b2']);
    expect(hub.size).toEqual({ sessions: 2, watchers: 3, committing: 0 });
    offB();
    offOther();
    expect(hub.size.sessions).toBe(1); // the broken one is still subscribed
  });

  it('says while a session is committing, counted per group', () => {
    const hub = new DeliveryWatchers();
    const one = hub.committing('c', 's');
    const two = hub.committing('c', 's');
    one.done();
    one.done();
    expect(hub.isCommitting('c', 's')).toBe(true);
    two.done();
    expect(hub.isCommitting('c', 's')).toBe(false);
    expect(hub.size.committing).toBe(0);
  });

  it('drops a watcher whose unsent bytes pass the bound instead of queueing more', () => {
    const socket = new StandInSocket();
    // Each message is 7 bytes ({"n":1}); the network takes nothing (a watcher that reads nothing).
    expect(sendToWatcher(socket, { n: 1 }, 10)).toBe(true); // 0 unsent
    expect(sendToWatcher(socket, { n: 2 }, 10)).toBe(true); // 7 unsent: within the bound
    expect(sendToWatcher(socket, { n: 3 }, 10)).toBe(false); // 14 unsent: dropped
    expect(socket.closed).toEqual([1013]);
    expect(socket.sent).toHaveLength(2);
    expect(sendToWatcher(socket, { n: 4 }, 10)).toBe(false); // closed: nothing sent
    expect(socket.sent).toHaveLength(2);
    expect(socket.closed).toEqual([1013]);
  });
});

/** A socket whose network takes nothing: every byte sent stays unsent. */
class StandInSocket implements WatchSocket {
  readyState = 1;
  readonly OPEN = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  readonly closed: (number | undefined)[] = [];
  send(text: string): void {
    this.sent.push(text);
    this.bufferedAmount += text.length;
  }
  close(code?: number): void {
    this.closed.push(code);
    this.readyState = 3;
  }
}
