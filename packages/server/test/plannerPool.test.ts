import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMicrocoreError, planTreatment } from '@microcore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Problem } from '../src/http/problems.js';
import type { PlanJson } from '../src/plans/plannerMessages.js';
import { PlannerPool } from '../src/plans/plannerPool.js';
import { toStoredPlanForm } from '../src/records/planCores.js';

/** A small plan (a few milliseconds). */
const SMALL = { zones: ['submental'], needle: '23G', coverageFraction: 0.05, seed: 7 };

const pools: PlannerPool[] = [];
const pool = (options: ConstructorParameters<typeof PlannerPool>[0] = {}) => {
  const made = new PlannerPool(options);
  pools.push(made);
  return made;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** The seed of a plan made in a thread, from the JSON it answers with. */
const seedOf = (plan: PlanJson): number => JSON.parse(Buffer.from(plan.utf8).toString('utf8')).seed;

/** A worker script written for the test. */
function workerScript(source: string): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'microcore-planner-')), 'worker.mjs');
  writeFileSync(file, source);
  return pathToFileURL(file);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the planner pool', () => {
  it('plans in a thread: the JSON of planTreatment in ASCII, as bytes, and its stored form', async () => {
    const planner = pool({ threads: 1 });
    const plan = await planner.plan(SMALL);
    const expected = planTreatment(SMALL);
    // The handpiece's source note has "×" and "–": escaped, the same value.
    const beyondAscii = (text: string) => [...text].some((c) => c.charCodeAt(0) > 0x7f);
    expect(beyondAscii(JSON.stringify(expected))).toBe(true);
    const text = Buffer.from(plan.utf8).toString('utf8');
    expect(beyondAscii(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(expected);
    // The stored form is the one the event loop would have made: the head and the cores' bytes.
    expect(plan.stored).toEqual(toStoredPlanForm(expected));
    expect(planner.threadsAlive).toBe(1);
    expect(planner.inFlight).toBe(0);
  });

  it("passes the core's refusal on as the core's error, with its code and field", async () => {
    const error = await rejection(pool({ threads: 1 }).plan({ ...SMALL, coverageFraction: 0.5 }));
    expect(isMicrocoreError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'coverage.out-of-range', field: 'coverage' });
  });

  it('refuses a plan at once (503, Retry-After) when the queue is full, and plans the others', async () => {
    const planner = pool({ threads: 1, maxWaiting: 1 });
    const running = planner.plan(SMALL);
    const waiting = planner.plan({ ...SMALL, seed: 8 });
    const refused = await rejection(planner.plan({ ...SMALL, seed: 9 }));
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ status: 503, kind: 'busy' });
    expect((refused as Problem).extra.headers).toEqual({ 'retry-after': '5' });
    expect(seedOf(await running)).toBe(7);
    expect(seedOf(await waiting)).toBe(8);
  });

  it('runs plans side by side up to its threads, in the order they came', async () => {
    const planner = pool({ threads: 2, maxWaiting: 4 });
    const seeds = [1, 2, 3, 4, 5];
    const plans = await Promise.all(seeds.map((seed) => planner.plan({ ...SMALL, seed })));
    expect(plans.map(seedOf)).toEqual(seeds);
    expect(planner.threadsAlive).toBe(2);
  });

  it('close lets the accepted plans finish, ends the threads and refuses new plans', async () => {
    const planner = pool({ threads: 1, maxWaiting: 2 });
    const accepted = [planner.plan(SMALL), planner.plan({ ...SMALL, seed: 8 })];
    const closed = planner.close();
    const late = await rejection(planner.plan(SMALL));
    expect(late).toMatchObject({ status: 503 });
    expect((await Promise.all(accepted)).length).toBe(2);
    await closed;
    expect(planner.threadsAlive).toBe(0);
    expect(planner.inFlight).toBe(0);
  });

  it('a thread that crashes fails its plan (not the process), and the next plan gets a new one', async () => {
    const planner = pool({
      threads: 1,
      workerUrl: workerScript(
        "import { parentPort } from 'node:worker_threads';\n" +
          "parentPort.on('message', () => { throw new Error('boom'); });\n",
      ),
    });
    const first = await rejection(planner.plan(SMALL));
    expect(String(first)).toContain('the planner thread failed: boom');
    expect(planner.threadsAlive).toBe(0);
    const second = await rejection(planner.plan(SMALL));
    expect(String(second)).toContain('boom');
    expect(planner.inFlight).toBe(0);
  });

  it('a worker script that cannot load fails the plan with a clear error', async () => {
    const planner = pool({ threads: 1, workerUrl: pathToFileURL('/nonexistent/planner.js') });
    expect(String(await rejection(planner.plan(SMALL)))).toContain('the planner thread failed');
    expect(planner.threadsAlive).toBe(0);
  });
});
