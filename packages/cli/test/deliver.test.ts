import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('microcore deliver --simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'microcore-deliver-'));

  it('runs a session on the default plan and prints each zone, the totals and the duration', async () => {
    const { code, stdout, stderr } = await run('deliver', '--simulate');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^microcore deliver — simulated session, seed 1 \(ended\)/);
    const zones = planTreatment().zones.map((z) => z.id);
    for (const id of zones)
      expect(stdout).toMatch(new RegExp(`^${id} +\\d+ +\\d+ +\\d+ +6\\.00 +5\\.\\d\\d`, 'm'));
    const totals = /(\d+) of (\d+) planned cores extracted, (\d+) failed/.exec(stdout);
    expect(Number(totals?.[2])).toBe(planTreatment().totals.cores);
    // Never more than planned; short of it by about the failed extractions.
    expect(Number(totals?.[1])).toBeLessThanOrEqual(Number(totals?.[2]));
    expect(Number(totals?.[1])).toBeGreaterThan(0.95 * Number(totals?.[2]));
    expect(Number(totals?.[3])).toBeGreaterThan(0);
    expect(stdout).toMatch(/duration \d+ min \d\d s \([1-9] min \d\d s paused\)/);
    expect(stdout).not.toMatch(/extractedMm/);
  });

  it('--json: per zone the extracted cores in mm, planned and achieved coverage, refusals; the same for the same seed', async () => {
    const planPath = join(dir, 'plan.json');
    writeFileSync(
      planPath,
      JSON.stringify(planTreatment({ zones: ['submental', 'jawline-left'], seed: 4 })),
    );
    const a = await run('deliver', '--simulate', '--plan', planPath, '--seed', '9', '--json');
    expect(a.code).toBe(0);
    const result = JSON.parse(a.stdout);
    expect(result).toMatchObject({
      kind: 'microcore.delivery-simulation',
      seed: 9,
      status: 'ended',
    });
    expect(result.zones.map((z: { zoneId: string }) => z.zoneId)).toEqual([
      'submental',
      'jawline-left',
    ]);
    for (const z of result.zones) {
      expect(z.extractedMm).toHaveLength(z.extracted);
      expect(z.plannedCoverageFraction).toBeCloseTo(0.06, 3);
      expect(z.achievedCoverageFraction).toBeLessThanOrEqual(z.plannedCoverageFraction);
      expect(Object.keys(z.refused)).toEqual([
        'bridge',
        'outside-zone',
        'in-exclusion',
        'zone-ceiling',
        'window-ceiling',
      ]);
    }
    expect(result.totals.durationS).toBeGreaterThan(result.totals.activeS);
    const again = await run('deliver', '--simulate', '--plan', planPath, '--seed', '9', '--json');
    expect(again.stdout).toBe(a.stdout);
    const other = await run('deliver', '--simulate', '--plan', planPath, '--seed', '10', '--json');
    expect(other.stdout).not.toBe(a.stdout);
  });

  it.each([
    [['deliver'], /add --simulate/],
    [['deliver', '--simulate', '--seed', '-1'], /--seed must be a whole number ≥ 0/],
    [['deliver', '--simulate', '--seed', '1.5'], /--seed must be a whole number ≥ 0/],
    [['deliver', '--simulate', '--plan', '/no/such/plan.json'], /cannot read plan .*no such file/],
    [['deliver', '--simulate', '--plan', 'NOT_JSON'], /is not valid JSON/],
    [['deliver', '--simulate', '--plan', 'NOT_A_PLAN'], /the plan's kind is not a microcore plan/],
    [
      ['deliver', '--simulate', '--plan', 'THIN_BRIDGE'],
      /the plan cannot be delivered: minimum skin bridge/,
    ],
  ])('bad input %j: exit 2 with one line', async (argv, message) => {
    const files: Record<string, string> = {
      NOT_JSON: '{ plan',
      NOT_A_PLAN: JSON.stringify({ kind: 'something else' }),
      THIN_BRIDGE: JSON.stringify({ ...planTreatment({ zones: ['submental'] }), bridgeMinMm: 0.1 }),
    };
    const args = argv.map((arg) => {
      if (!(arg in files)) return arg;
      const path = join(dir, `${arg}.json`);
      writeFileSync(path, files[arg]);
      return path;
    });
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
