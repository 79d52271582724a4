import { DEFAULT_TEMPLATE } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  type PlanRequestBody,
  toRequestBody,
} from '../src/planner/planSettings.js';
import { PlanWorkerClient } from '../src/planner/planWorkerClient.js';
import type { PlanJobResult } from '../src/planner/planWorkerProtocol.js';

/**
 * The page's plan worker, driven through a worker that answers when told: a body asked for again
 * is not planned again (the planner is a pure function of it), and the new plan a cold load
 * starts ahead answers the planner screen's first body.
 */

interface Sent {
  readonly id: number;
  readonly body?: PlanRequestBody;
  readonly newPlanDraft?: string | null;
}

function scriptedWorker() {
  const sent: Sent[] = [];
  const worker = {
    onmessage: null as ((event: { data: unknown }) => void) | null,
    onerror: null as ((event: { message: string; preventDefault(): void }) => void) | null,
    postMessage: (message: Sent) => void sent.push(message),
  };
  /** The worker's answer to job `id` (with the body it planned, for a new plan's job). */
  const answer = (id: number, extra: object = {}) =>
    worker.onmessage?.({ data: { id, ok: false, refusal: { code: 'x', message: 'y' }, ...extra } });
  const fail = (message: string) => worker.onerror?.({ message, preventDefault: () => undefined });
  const client = new PlanWorkerClient(worker as unknown as Worker);
  return { sent, answer, fail, client };
}

const DEFAULT_BODY = toRequestBody(defaultSettings());
const ONE_ZONE: PlanRequestBody = { ...DEFAULT_BODY, zones: [DEFAULT_TEMPLATE.zones[0].id] };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the page's plan worker", () => {
  it('plans a body once: asked again (an equal object) it answers with the same result', async () => {
    const { sent, answer, client } = scriptedWorker();
    const first = client.plan(DEFAULT_BODY);
    const again = client.plan(structuredClone(DEFAULT_BODY));
    expect(sent).toHaveLength(1);
    expect(client.ready(DEFAULT_BODY)).toBeUndefined();
    answer(sent[0].id);
    const [a, b] = await Promise.all([first, again]);
    expect(b).toBe(a);
    expect(client.ready(structuredClone(DEFAULT_BODY))).toBe(a);
    expect(client.ready(ONE_ZONE)).toBeUndefined();
    // Another body is planned; the first is then no longer the newest, and is planned again.
    void client.plan(ONE_ZONE);
    void client.plan(DEFAULT_BODY);
    expect(sent.map((job) => job.body)).toEqual([DEFAULT_BODY, ONE_ZONE, DEFAULT_BODY]);
  });

  it("answers the screen's first body with the new plan started ahead, when the worker made that body", async () => {
    const { sent, answer, client } = scriptedWorker();
    client.planNewPlan(null);
    expect(sent).toEqual([{ id: 1, newPlanDraft: null }]);
    const asked = client.plan(DEFAULT_BODY);
    await settle();
    expect(sent).toHaveLength(1); // waits for the new plan's answer
    answer(1, { body: DEFAULT_BODY });
    const result = await asked;
    expect(result.id).toBe(1);
    expect(sent).toHaveLength(1);
    expect(client.ready(DEFAULT_BODY)).toBe(result);
  });

  it("plans the screen's body after the new plan when the worker made another body", async () => {
    const { sent, answer, client } = scriptedWorker();
    client.planNewPlan('{"a draft":1}');
    const asked = client.plan(ONE_ZONE);
    answer(1, { body: DEFAULT_BODY });
    await settle();
    expect(sent.map((job) => job.body)).toEqual([undefined, ONE_ZONE]);
    answer(2);
    expect(((await asked) as PlanJobResult).id).toBe(2);
    expect(client.ready(ONE_ZONE)?.id).toBe(2);
  });

  it('fails the jobs out when the worker stops with an error, and plans the body anew after', async () => {
    const { sent, answer, fail, client } = scriptedWorker();
    const asked = client.plan(DEFAULT_BODY);
    fail('boom');
    await expect(asked).rejects.toThrow(/the planner stopped with an error \(boom\)/);
    const again = client.plan(DEFAULT_BODY);
    expect(sent).toHaveLength(2);
    answer(sent[1].id);
    expect((await again).id).toBe(sent[1].id);
  });
});
