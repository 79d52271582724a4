import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'packages', 'cli', 'bin', 'microcore.js');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('microcore simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'microcore-simulate-'));
  const planPath = join(dir, 'plan.json');

  it('reads a plan from a pipe: plan --json | simulate -', () => {
    const planned = spawnSync(
      process.execPath,
      [bin, 'plan', '--json', '--zones', 'submental,jawline-left'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(planned.status).toBe(0);
    writeFileSync(planPath, planned.stdout);
    const simulated = spawnSync(
      process.execPath,
      [bin, 'simulate', '-', '--json', '--cohort', '200', '--days', '0,4,90', '--fitzpatrick', '5'],
      {
        cwd: root,
        encoding: 'utf8',
        input: planned.stdout,
      },
    );
    expect(simulated.status).toBe(0);
    expect(simulated.stderr).toBe('');
    const s = JSON.parse(simulated.stdout);
    // The names the issue promises.
    expect(s).toMatchObject({ schemaVersion: 3, downtimeDays: expect.any(Number) });
    // Type V was not studied: the prediction says so by a named warning.
    expect(s.warnings.map((w: { code: string }) => w.code)).toContain(
      'domain.skin-type-not-studied',
    );
    expect(s.timeline.map((t: { day: number }) => t.day)).toEqual([0, 4, 90]);
    expect(s.timeline[2].zones.map((z: { id: string }) => z.id)).toEqual([
      'submental',
      'jawline-left',
    ]);
    expect(s.timeline[2].areaChangeFraction).toBeLessThan(0);
    expect(s.outcome.lemperleChange.low).toBeLessThan(s.outcome.lemperleChange.mean);
    expect(s.outcome.lemperleChange.high).toBeGreaterThan(s.outcome.lemperleChange.mean);
    expect(s.outcome.gaisImprovedFraction).toBeGreaterThan(0);
    expect(s.outcome.gaisImprovedInterval.low).toBeLessThanOrEqual(s.outcome.gaisImprovedFraction);
    expect(s.label).toBe('model estimate — not a promise of outcome');
  });

  it('prints a table labelled as a model estimate, with the downtime and the interval, and draws the field', async () => {
    const svg = join(dir, 'field.svg');
    const { code, stdout, stderr } = await run(
      'simulate',
      planPath,
      '--cohort',
      '200',
      '--sessions',
      '2',
      '--svg',
      svg,
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/MODEL ESTIMATE — NOT A PROMISE OF OUTCOME/);
    expect(stdout).toMatch(/downtime: 3\.5 days/);
    expect(stdout).toMatch(
      /gapes to [\d.]+ × [\d.]+ mm under the resting tension \(mean of the \d+ holes of the 1 cm² patch\)/,
    );
    expect(stdout).toMatch(/sessions on day 0, 42/);
    expect(stdout).toMatch(/90 % of 200 virtual patients: \d\.\d\d–\d\.\d\d/);
    // A second session leaves the calibrated domain: the table says so in words.
    expect(stdout).toMatch(/2 sessions: only one small study.*\(domain\.multiple-sessions\)/);
    const drawing = readFileSync(svg, 'utf8');
    expect(drawing).toMatch(/^<svg/);
    expect(drawing).toMatch(/not a promise of outcome/);
    expect((drawing.match(/<line /g) ?? []).length).toBeGreaterThan(10);
  });

  it('ends quietly when the reader closes the pipe early', () => {
    const piped = spawnSync('bash', ['-c', `node ${bin} plan --json | head -c 5`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe('{"sch');
    expect(piped.stderr).toBe('');
  });

  it('simulates a plan stored in format 1 (before the window bound) as it would the same plan now', async () => {
    const now = JSON.parse(readFileSync(planPath, 'utf8'));
    const formatOne = {
      ...now,
      schemaVersion: 1,
      zones: now.zones.map(({ spacingMm: _spacing, ...zone }: { spacingMm: number }) => zone),
    };
    const oldPath = join(dir, 'plan-format-1.json');
    writeFileSync(oldPath, JSON.stringify(formatOne));
    const args = ['--json', '--cohort', '50', '--days', '0,30'];
    const [fromOld, fromNow] = [
      await run('simulate', oldPath, ...args),
      await run('simulate', planPath, ...args),
    ];
    expect(fromOld.code).toBe(0);
    expect(fromOld.stdout).toBe(fromNow.stdout);
    // A format this microcore does not know: one line, exit 2.
    writeFileSync(oldPath, JSON.stringify({ ...now, schemaVersion: 99 }));
    const refused = await run('simulate', oldPath);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^microcore: plan schemaVersion 99 is not supported \(this microcore reads 1 and 2\)/,
    );
  });

  it.each([
    [['simulate', '/no/such/plan.json'], 'cannot read plan'],
    [['simulate', 'PLAN', '--days', '1,x'], '--days must be a number'],
    [['simulate', 'PLAN', '--days', '-3'], 'day -3 is outside'],
    [
      ['simulate', 'PLAN', '--baseline-lemperle', '7'],
      'baselineLemperle must be a number from 0 to 5',
    ],
    [['simulate', 'PLAN', '--sessions', '1.5'], '--sessions must be a whole number'],
    [['simulate', 'PLAN', '--fitzpatrick', '7'], 'fitzpatrick must be a whole number from 1 to 6'],
    [['simulate', 'PLAN', '--cohort', '3'], 'cohort must be a whole number from 10'],
    [['simulate', 'NOTPLAN'], 'is not a microcore plan'],
    [['simulate'], "missing required argument 'plan'"],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const notPlan = join(dir, 'not-plan.json');
    writeFileSync(notPlan, '{"kind":"something else"}');
    const args = argv.map((a) => (a === 'PLAN' ? planPath : a === 'NOTPLAN' ? notPlan : a));
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^microcore: /);
    expect(stderr).toContain(message);
  });
});
