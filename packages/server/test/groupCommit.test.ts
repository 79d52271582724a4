import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/groupCommit.js';

/** A commit function that records its calls and finishes when the test says so. */
function controlledCommit() {
  const calls: Array<{ key: string; items: readonly number[]; finish: (fail?: Error) => void }> =
    [];
  const events: string[] = [];
  const commit = (key: string, items: readonly number[]) =>
    new Promise<readonly number[]>((resolve, reject) => {
      events.push(`commit ${key} [${items.join(',')}]`);
      calls.push({
        key,
        items,
        finish: (fail) => (fail ? reject(fail) : resolve(items.map((i) => i * 10))),
      });
    });
  return { calls, events, commit };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('an item alone is committed at once; items that arrive meanwhile share the next commit', async () => {
    const { calls, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    const first = group.submit('a', 1);
    const rest = [group.submit('a', 2), group.submit('a', 3), group.submit('a', 4)];
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]?.finish();
    expect(await first).toBe(10);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]?.finish();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    await group.flush();
  });

  it('each key has its own queue: a stuck key holds up none of the others', async () => {
    const { calls, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    const stuck = group.submit('a', 1); // its commit never finishes in this test
    const b = group.submit('b', 2);
    expect(calls.map((c) => [c.key, c.items])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    calls[1]?.finish();
    expect(await b).toBe(20);
    void stuck;
  });

  it('a failing commit rejects every item of its batch and nothing else', async () => {
    const { calls, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    const openers = [group.submit('a', 0), group.submit('b', 0)];
    const a = [group.submit('a', 1), group.submit('a', 2)];
    const b = [group.submit('b', 3), group.submit('b', 4)];
    calls[0]?.finish();
    calls[1]?.finish();
    await Promise.all(openers);
    await tick();
    expect(calls.slice(2).map((c) => [c.key, c.items])).toEqual([
      ['a', [1, 2]],
      ['b', [3, 4]],
    ]);
    calls[2]?.finish(new Error('a failed'));
    calls[3]?.finish();
    const settled = await Promise.allSettled([...a, ...b]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([
      'Error: a failed',
      'Error: a failed',
      30,
      40,
    ]);
  });

  it('the next batch is sent before the finished one is answered', async () => {
    const { calls, events, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    const first = group.submit('a', 1).then((v) => events.push(`answer ${v}`));
    const second = group.submit('a', 2).then((v) => events.push(`answer ${v}`));
    calls[0]?.finish();
    await first;
    expect(events).toEqual(['commit a [1]', 'commit a [2]', 'answer 10']);
    calls[1]?.finish();
    await second;
    expect(events.at(-1)).toBe('answer 20');
  });

  it('an item submitted while the last batch is being answered is committed too', async () => {
    const { calls, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    let chained: Promise<number> | undefined;
    const first = group.submit('a', 1).then((v) => {
      chained = group.submit('a', 2); // e.g. a request that reads again once it has its answer
      return v;
    });
    calls[0]?.finish();
    expect(await first).toBe(10);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
    calls[1]?.finish();
    expect(await chained).toBe(20);
  });

  it('a commit that answers the wrong number of results fails its items instead of misrouting them', async () => {
    const group = new GroupCommit<number, number>(async () => [1]);
    const opener = group.submit('a', 0);
    const pair = [group.submit('a', 1), group.submit('a', 2)];
    expect(await opener).toBe(1);
    const settled = await Promise.allSettled(pair);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('flush waits for every item submitted so far', async () => {
    const { calls, commit } = controlledCommit();
    const group = new GroupCommit(commit);
    let done = 0;
    void group.submit('a', 1).then(() => done++);
    void group.submit('a', 2).then(() => done++);
    const flushed = group.flush();
    calls[0]?.finish();
    await tick();
    calls[1]?.finish();
    await flushed;
    expect(done).toBe(2);
  });
});
