import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLAN_SCHEMA_VERSION } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in-process and collect what it writes. */
async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = 'packages/cli/bin/microcore.js';

/** Run the built CLI as a child process (needs `npx tsc -b` first). */
function spawn(...argv: string[]): Run {
  const child = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/** Bad input: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUsageError(result: Run, ...parts: (string | RegExp)[]): string {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.split('\n').slice(0, -1);
  expect(lines).toHaveLength(1);
  const [line] = lines;
  expect(line.startsWith('microcore: ')).toBe(true);
  expect(line.length).toBeGreaterThan('microcore: '.length + 10);
  expect(result.stderr).not.toContain('    at ');
  expect(line).not.toContain('internal error');
  for (const part of parts) {
    if (typeof part === 'string') expect(line).toContain(part);
    else expect(line).toMatch(part);
  }
  return line;
}

interface JsonZone {
  id: string;
  areaMm2: number;
  polygon: [number, number][];
  exclusions: [number, number][][];
  cores: [number, number][];
  coreCount: number;
  coverageFraction: number;
  minBridgeMm: number | null;
  fields?: { originMm: [number, number]; firstCore: number; coreCount: number }[];
}

interface JsonPlan {
  schemaVersion: number;
  needle: { gauge: string; coreDiameterMm: number };
  coverageTarget: number;
  totals: { cores: number; areaMm2: number; coverageFraction: number };
  zones: JsonZone[];
  warnings: { code: string; message: string; zone?: string }[];
}

const INDICATED = ['cheek-left', 'cheek-right', 'jawline-left', 'jawline-right', 'submental'];

let dir: string;
/** `microcore plan --json` with no other options, run once. */
let defaultJson: Run;
let defaultPlan: JsonPlan;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcore-plan-test-'));
  defaultJson = await run('plan', '--json');
  defaultPlan = JSON.parse(defaultJson.stdout);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTemp(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('microcore plan (in-process)', () => {
  it('prints a table with every indicated zone, a total line and 10,000–12,000 cores', async () => {
    const result = await run('plan');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    for (const id of INDICATED) {
      expect(lines.some((line) => line.startsWith(`${id} `))).toBe(true);
    }
    expect(result.stdout).not.toContain('perioral');
    const total = lines.find((line) => /^total\s/.test(line));
    expect(total).toBeDefined();
    const [, area, cores, coverage] = (total as string).trim().split(/\s+/);
    expect(Number(area)).toBeGreaterThanOrEqual(200);
    expect(Number(area)).toBeLessThanOrEqual(280);
    expect(Number(cores)).toBeGreaterThanOrEqual(10_000);
    expect(Number(cores)).toBeLessThanOrEqual(12_000);
    expect(Number(coverage)).toBeGreaterThanOrEqual(4);
    expect(Number(coverage)).toBeLessThanOrEqual(8);
    // the table and the JSON describe the same plan
    expect(Number(cores)).toBe(defaultPlan.totals.cores);
    expect(result.stdout).toContain('22G');
  });

  it('--json prints the plan with the documented names', () => {
    expect(defaultJson.code).toBe(0);
    expect(defaultJson.stderr).toBe('');
    expect(defaultJson.stdout.endsWith('\n')).toBe(true);
    const plan = defaultPlan;
    expect(plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(plan.needle.gauge).toBe('22G');
    expect(plan.needle.coreDiameterMm).toBe(0.413);
    expect(plan.coverageTarget).toBe(0.06);
    expect(Object.keys(plan.totals)).toEqual(
      expect.arrayContaining(['cores', 'areaMm2', 'coverageFraction']),
    );
    expect(plan.zones.map((z) => z.id)).toEqual(INDICATED);
    expect(Array.isArray(plan.warnings)).toBe(true);
    for (const zone of plan.zones) {
      expect(Object.keys(zone)).toEqual(
        expect.arrayContaining([
          'id',
          'areaMm2',
          'polygon',
          'exclusions',
          'cores',
          'coverageFraction',
          'minBridgeMm',
        ]),
      );
      expect(zone.polygon.length).toBeGreaterThanOrEqual(3);
      for (const point of zone.polygon)
        expect(point).toEqual([expect.any(Number), expect.any(Number)]);
      expect(zone.exclusions).toEqual([]);
      expect(zone.cores.length).toBe(zone.coreCount);
      for (const core of zone.cores) expect(core).toHaveLength(2);
      expect(zone.coverageFraction).toBeGreaterThan(0.059);
      expect(zone.coverageFraction).toBeLessThan(0.061);
      expect(zone.minBridgeMm).toBeGreaterThanOrEqual(0.413 - 1e-4);
    }
  });

  it('--json totals agree with the zones', () => {
    const plan = defaultPlan;
    const sumCounts = plan.zones.reduce((sum, z) => sum + z.coreCount, 0);
    const sumCores = plan.zones.reduce((sum, z) => sum + z.cores.length, 0);
    expect(plan.totals.cores).toBe(sumCounts);
    expect(plan.totals.cores).toBe(sumCores);
    expect(plan.totals.cores).toBeGreaterThanOrEqual(10_000);
    expect(plan.totals.cores).toBeLessThanOrEqual(12_000);
    const area = plan.zones.reduce((sum, z) => sum + z.areaMm2, 0);
    expect(plan.totals.areaMm2).toBeCloseTo(area, 1);
    const coreArea = (Math.PI * 0.413 ** 2) / 4;
    expect(plan.totals.coverageFraction).toBeCloseTo((plan.totals.cores * coreArea) / area, 5);
  });

  it('the same arguments give byte-identical JSON; another seed gives other cores', async () => {
    const again = await run('plan', '--json');
    expect(again.stdout).toBe(defaultJson.stdout);
    const seeded = await run('plan', '--json', '--seed', '1');
    expect(seeded.stdout).toBe(defaultJson.stdout);
    const other = await run('plan', '--json', '--seed', '2');
    expect(other.code).toBe(0);
    expect(other.stdout).not.toBe(defaultJson.stdout);
    const otherPlan: JsonPlan = JSON.parse(other.stdout);
    otherPlan.zones.forEach((zone, i) => {
      expect(zone.polygon).toEqual(defaultPlan.zones[i].polygon);
      expect(zone.cores).not.toEqual(defaultPlan.zones[i].cores);
    });
  });

  it('--zones plans only the zones asked for, perioral included', async () => {
    const result = await run('plan', '--json', '--zones', 'submental,perioral-left');
    expect(result.code).toBe(0);
    const plan: JsonPlan = JSON.parse(result.stdout);
    expect(plan.zones.map((z) => z.id)).toEqual(['submental', 'perioral-left']);
    // a zone's pattern does not depend on the other zones planned
    const submental = defaultPlan.zones.find((z) => z.id === 'submental');
    expect(plan.zones[0].cores).toEqual(submental?.cores);
  });

  describe('bad input: exit 2, one line on stderr, nothing on stdout', () => {
    it('an unknown zone', async () => {
      expectUsageError(await run('plan', '--zones', 'cheek-left,nose'), '"nose"', 'cheek-left');
    });

    it('an unknown gauge (--needle 30G)', async () => {
      expectUsageError(await run('plan', '--needle', '30G'), '30G', '22G');
    });

    it('a needle whose core is 0.5 mm or more (--needle 21G)', async () => {
      expectUsageError(await run('plan', '--needle', '21G'), '21G', 'scar threshold', '0.514');
    });

    it.each(['12', '2', '8.5', '3.9'])('--coverage %s (outside 4–8 %%)', async (pct) => {
      expectUsageError(await run('plan', '--coverage', pct), 'coverage', '4–8 %', 'research');
    });

    it('--coverage abc', async () => {
      expectUsageError(await run('plan', '--coverage', 'abc'), '--coverage', 'abc');
    });

    it('--bridge-mm 0.1 in clinical mode', async () => {
      expectUsageError(await run('plan', '--bridge-mm', '0.1'), 'bridge', '0.1', 'clinical');
    });

    it('--pattern grid', async () => {
      expectUsageError(await run('plan', '--pattern', 'grid'), 'grid', 'blue-noise', 'fields');
    });

    it('--template pointing at a missing file', async () => {
      const missing = join(dir, 'no-such-template.json');
      expectUsageError(await run('plan', '--template', missing), missing, 'no such file');
    });

    it('--template pointing at a file with invalid JSON (one line)', async () => {
      const path = writeTemp('truncated.json', '{"zones": [');
      expectUsageError(await run('plan', '--template', path), path, 'not valid JSON');
    });

    // Regression: Node's JSON.parse message quotes the file, newlines included; still one line.
    it('--template pointing at a multi-line file with invalid JSON (still one line)', async () => {
      const path = writeTemp('multi-line.json', '{\n  "zones": x\n}\n');
      expectUsageError(await run('plan', '--template', path), path, 'not valid JSON');
    });

    it('--template pointing at a self-intersecting template', async () => {
      const path = writeTemp(
        'bow-tie.json',
        JSON.stringify({
          zones: [
            {
              id: 'bow-tie',
              polygon: [
                [0, 0],
                [20, 20],
                [20, 0],
                [0, 20],
              ],
            },
          ],
        }),
      );
      expectUsageError(await run('plan', '--template', path), '"bow-tie"', 'crosses itself');
    });

    it('--template with an exclusion in an unknown zone', async () => {
      const path = writeTemp(
        'nose.json',
        JSON.stringify({
          exclusions: {
            nose: [
              [
                [0, 0],
                [5, 0],
                [5, 5],
              ],
            ],
          },
        }),
      );
      expectUsageError(await run('plan', '--template', path), '"nose"');
    });

    it('--scale 5', async () => {
      expectUsageError(await run('plan', '--scale', '5'), '5', '0.6–1.6');
    });

    it('an unknown option', async () => {
      expectUsageError(await run('plan', '--frobnicate'), '--frobnicate');
    });

    // Regression: Commander puts its suggestion on a second line; still one line.
    it('a mistyped option with a suggestion (--jsn) is still one line', async () => {
      expectUsageError(await run('plan', '--jsn'), '--jsn', '--json');
    });

    it('an unknown command', async () => {
      expectUsageError(await run('frobnicate'), 'frobnicate');
    });

    it('a negative seed', async () => {
      expectUsageError(await run('plan', '--seed', '-1'), '--seed');
    });
  });

  it('--research --coverage 30 --bridge-mm 0.1 --zones submental is allowed and marked', async () => {
    const result = await run(
      'plan',
      '--research',
      '--coverage',
      '30',
      '--bridge-mm',
      '0.1',
      '--zones',
      'submental',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const plan: JsonPlan = JSON.parse(result.stdout);
    expect(plan.warnings.map((w) => w.code)).toContain('mode.research');
    expect(plan.coverageTarget).toBe(0.3);
    expect(plan.zones.map((z) => z.id)).toEqual(['submental']);
    expect(plan.totals.coverageFraction).toBeGreaterThan(0.29);
    expect(plan.zones[0].minBridgeMm).toBeGreaterThanOrEqual(0.1 - 1e-4);
  });

  it('research mode still refuses a needle at the scar threshold', async () => {
    expectUsageError(await run('plan', '--research', '--needle', '21G'), 'scar threshold');
  });

  it('--pattern fields gives each zone fields whose core counts add up to the zone', async () => {
    const result = await run('plan', '--pattern', 'fields', '--json');
    expect(result.code).toBe(0);
    const plan: JsonPlan = JSON.parse(result.stdout);
    expect(plan.zones.map((z) => z.id)).toEqual(INDICATED);
    for (const zone of plan.zones) {
      expect(Array.isArray(zone.fields)).toBe(true);
      const fields = zone.fields ?? [];
      expect(fields.length).toBeGreaterThan(1);
      expect(fields.reduce((sum, f) => sum + f.coreCount, 0)).toBe(zone.coreCount);
      expect(zone.cores.length).toBe(zone.coreCount);
      // each field's cores follow the previous field's in `cores`
      let next = 0;
      for (const field of fields) {
        expect(field.firstCore).toBe(next);
        next += field.coreCount;
      }
    }
    expect(plan.totals.cores).toBeGreaterThanOrEqual(10_000);
    expect(plan.totals.cores).toBeLessThanOrEqual(12_000);
    // blue-noise plans carry no fields
    expect(defaultPlan.zones.every((z) => z.fields === undefined)).toBe(true);
  });

  it('--out FILE writes the same JSON as --json prints', async () => {
    const out = join(dir, 'plan.json');
    const result = await run('plan', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^total\s/m); // the table still goes to stdout
    expect(readFileSync(out, 'utf8')).toBe(defaultJson.stdout);
  });

  it('--svg FILE writes an SVG document with one <circle per core', async () => {
    const svg = join(dir, 'plan.svg');
    const result = await run('plan', '--svg', svg);
    expect(result.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg ')).toBe(true);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    expect(text.match(/<circle /g)?.length).toBe(defaultPlan.totals.cores);
    // drawn to scale: every circle has the core's radius in mm
    const radii = new Set([...text.matchAll(/<circle [^>]*r="([^"]+)"/g)].map((m) => m[1]));
    expect([...radii]).toEqual(['0.207']);
    for (const id of INDICATED) expect(text).toContain(`id="${id}"`);
  });

  it('--svg into a folder that does not exist is a one-line error', async () => {
    expectUsageError(
      await run('plan', '--svg', join(dir, 'missing-folder', 'plan.svg')),
      'cannot write',
    );
  });
});

describe('microcore plan (child process, built CLI)', () => {
  it('--json writes valid JSON to stdout and exits 0', () => {
    const result = spawn('plan', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan: JsonPlan = JSON.parse(result.stdout);
    expect(plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(plan.zones.map((z) => z.id)).toEqual(INDICATED);
    expect(plan.totals.cores).toBe(plan.zones.reduce((sum, z) => sum + z.cores.length, 0));
    expect(plan.totals.cores).toBeGreaterThanOrEqual(10_000);
    expect(plan.totals.cores).toBeLessThanOrEqual(12_000);
  });

  it('bad input exits 2 with one line on stderr', () => {
    expectUsageError(spawn('plan', '--needle', '30G'), '30G');
  });

  it('a coverage outside the range exits 2 with one line on stderr', () => {
    expectUsageError(spawn('plan', '--coverage', '12'), '4–8 %');
  });
});
