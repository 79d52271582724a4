import { DEFAULT_TEMPLATE, planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../src/planner/latestOnly.js';
import { needleChoices } from '../src/planner/needleChoices.js';
import { packPlan } from '../src/planner/packedPlan.js';
import { planRequest, requestToPlanInput } from '../src/planner/planSettings.js';
import { runPlanJob } from '../src/planner/runPlanJob.js';

describe('the needle picker', () => {
  it("refuses, with the envelope's code and reason, exactly the gauges the planner refuses", () => {
    const choices = needleChoices();
    expect(choices.map((c) => c.gauge)).toEqual([
      '19G',
      '20G',
      '21G',
      '22G',
      '23G',
      '24G',
      '25G',
      '27G',
    ]);
    for (const choice of choices) {
      let refused: unknown;
      try {
        planTreatment({ needle: choice.gauge, zones: ['submental'] });
      } catch (error) {
        refused = error;
      }
      if (choice.refusal) {
        expect(refused).toMatchObject({
          code: choice.refusal.code,
          message: choice.refusal.message,
        });
      } else {
        expect(refused).toBeUndefined();
      }
    }
    expect(choices.filter((c) => c.refusal).map((c) => c.gauge)).toEqual(['19G', '20G', '21G']);
    expect(choices.find((c) => c.gauge === '21G')?.refusal?.code).toBe(
      'needle.core-at-or-above-scar-threshold',
    );
    expect(choices.find((c) => c.gauge === '22G')?.warning?.code).toBe(
      'needle.core-near-scar-threshold',
    );
    expect(choices.find((c) => c.gauge === '23G')?.warning).toBeUndefined();
  });
});

describe('the newest job only', () => {
  it('runs one job at a time, drops a result a newer job has overtaken, and delivers the newest', () => {
    const started: [number, string][] = [];
    const delivered: [string, number][] = [];
    const runner = new LatestOnly<string, string>(
      (id, job) => started.push([id, job]),
      (result, id) => delivered.push([result, id]),
    );
    const a = runner.submit('a');
    expect(runner.busy).toBe(true);
    runner.submit('b');
    const c = runner.submit('c'); // replaces b, which never runs
    expect(started).toEqual([[a, 'a']]);
    runner.finished(a, 'plan a'); // stale: c is newer
    expect(delivered).toEqual([]);
    expect(started).toEqual([
      [a, 'a'],
      [c, 'c'],
    ]);
    runner.finished(a, 'plan a again'); // not the running job: ignored
    runner.finished(c, 'plan c');
    expect(delivered).toEqual([['plan c', c]]);
    expect(runner.busy).toBe(false);
    const d = runner.submit('d');
    runner.finished(d, 'plan d');
    expect(delivered.at(-1)).toEqual(['plan d', d]);
  });
});

describe('a planner job', () => {
  it("refuses, before planning, a request over the server's size cap, as the server does", () => {
    // Research mode, 27G, 40 % over every zone: about 290,000 cores asked for.
    const body = {
      mode: 'research' as const,
      needle: '27G',
      coverage: 40,
      zones: DEFAULT_TEMPLATE.zones.map((zone) => zone.id),
    };
    const refused = runPlanJob({ id: 5, body }, planRequest, packPlan);
    expect(refused).toEqual({
      id: 5,
      ok: false,
      refusal: {
        code: 'plan.too-large',
        field: 'coverage',
        message: expect.stringMatching(/more than the 100000 one plan may hold/),
      },
    });
    // The largest plan of clinical settings (27G, 8 %, every zone) is below the cap and is
    // planned in research mode; clinical mode refuses it for its densest square centimetre.
    const largest = runPlanJob({ id: 6, body: { ...body, coverage: 8 } }, planRequest, packPlan);
    expect(largest.ok && largest.packed.summary.totals.cores).toBe(58_466);
    const clinical = runPlanJob(
      { id: 7, body: { ...body, mode: 'clinical', coverage: 8 } },
      planRequest,
      packPlan,
    );
    expect(clinical).toMatchObject({
      ok: false,
      refusal: { code: 'coverage.window-above-ceiling', field: 'coverage' },
    });
  });

  it('answers with the packed plan, or with the refusal as plain data (a bad landmark too)', () => {
    const plan = (body: Parameters<typeof requestToPlanInput>[0]) =>
      planTreatment(requestToPlanInput(body));
    const ok = runPlanJob({ id: 1, body: { zones: ['submental'] } }, plan, packPlan);
    expect(ok.ok && ok.packed.summary.totals.cores).toBe(
      planTreatment({ zones: ['submental'] }).totals.cores,
    );
    const refused = runPlanJob({ id: 2, body: { coverage: 20 } }, plan, packPlan);
    expect(refused).toEqual({
      id: 2,
      ok: false,
      refusal: {
        code: 'coverage.out-of-range',
        field: 'coverage',
        message: expect.stringMatching(/outside the clinical range/),
      },
    });
    const landmarks = runPlanJob(
      { id: 4, body: { landmarks: { lowerFaceHeightMm: 7 } } },
      plan,
      packPlan,
    );
    expect(landmarks).toMatchObject({
      ok: false,
      refusal: { code: 'scale.invalid', field: 'landmarks' },
    });
    // Structured-cloneable: what crosses from the worker to the page.
    expect(structuredClone(refused)).toEqual(refused);
    expect(() =>
      runPlanJob(
        { id: 3, body: {} },
        () => {
          throw new TypeError('a bug');
        },
        packPlan,
      ),
    ).toThrow('a bug');
  });
});
