import { PLAN_SCHEMA_VERSION, planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { coresHash, isPlan, packPlan } from '../src/planner/packedPlan.js';

const plan = planTreatment({ zones: ['submental', 'cheek-left'], seed: 3 });

describe('the packed plan the canvas draws', () => {
  it('holds every core, zone after zone, as float32 mm, and where each zone starts', () => {
    const packed = packPlan(plan);
    expect(packed.zoneStarts).toEqual(
      new Uint32Array([0, plan.zones[0].coreCount, plan.totals.cores]),
    );
    expect(packed.positionsMm.length).toBe(2 * plan.totals.cores);
    const k = plan.zones[0].coreCount + 5;
    const [x, y] = plan.zones[1].cores[5];
    expect(packed.positionsMm[2 * k]).toBe(Math.fround(x));
    expect(packed.positionsMm[2 * k + 1]).toBe(Math.fround(y));
    expect(packed.summary.totals).toEqual(plan.totals);
    expect('cores' in packed.summary.zones[0]).toBe(false);
    expect(packed.summary.zones[1].minBridgeMm).toBe(plan.zones[1].minBridgeMm);
  });

  it('hashes the exact cores: the same after JSON and in another zone order, not after a 0.1 µm move', () => {
    const hash = coresHash(plan);
    expect(hash).toMatch(/^[0-9a-f]{14}$/);
    expect(coresHash(JSON.parse(JSON.stringify(plan)))).toBe(hash);
    expect(coresHash({ zones: [...plan.zones].reverse() })).toBe(hash);
    const moved = structuredClone(plan);
    const core = moved.zones[1].cores[7] as unknown as number[];
    core[0] += 1e-4;
    expect(coresHash(moved)).not.toBe(hash);
    expect(coresHash(planTreatment({ zones: ['submental', 'cheek-left'], seed: 4 }))).not.toBe(
      hash,
    );
  });

  it('tells a plan from other JSON', () => {
    expect(isPlan(JSON.parse(JSON.stringify(plan)))).toBe(true);
    // A plan stored in format 1 (before the window bound and spacingMm) is still drawn.
    const { zones, ...rest } = JSON.parse(JSON.stringify(plan));
    const formatOne = {
      ...rest,
      schemaVersion: 1,
      zones: zones.map(({ spacingMm: _spacing, ...zone }: { spacingMm: number }) => zone),
    };
    expect(isPlan(formatOne)).toBe(true);
    expect(packPlan(formatOne).coresHash).toBe(packPlan(plan).coresHash);
    // A format this app does not know yet, or not a plan at all.
    expect(isPlan({ ...plan, schemaVersion: PLAN_SCHEMA_VERSION + 1 })).toBe(false);
    expect(isPlan({ ...plan, schemaVersion: '2' })).toBe(false);
    expect(isPlan({ kind: 'microcore.plan', schemaVersion: 1 })).toBe(false);
    expect(isPlan(null)).toBe(false);
  });
});
