import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// core and fem run in the browser too. tsc (types: [] in their tsconfig) and the repository's
// Biome rules both refuse Node there; this checks the rules' half, on the real biome.json, with
// probes in a scratch copy of the folder layout so the sources are never touched.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIOME = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

const PROBE = `import { readFileSync } from 'node:fs';
import path from 'path';
export const a = readFileSync;
export const b = path.join(__dirname, 'x');
export const c = Buffer.from('x');
export const d = process.env.HOME;
export const e = setImmediate;
export const f = require('os');
`;
const NODE_RULES = /noNodejsModules|noRestrictedGlobals/;
const PROBED = [
  'packages/core/src/evidence/probe.ts',
  'packages/fem/src/probe.ts',
  'packages/server/src/probe.ts',
  'packages/core/test/probe.test.ts',
];

/** Biome's findings as `path:line level rule`, one per diagnostic (from its GitHub reporter). */
function lint(dir: string): string[] {
  const run = spawnSync(
    process.execPath,
    [BIOME, 'lint', '--vcs-enabled=false', '--reporter=github', '--max-diagnostics=none', '.'],
    { cwd: dir, encoding: 'utf8' },
  );
  return [
    ...run.stdout.matchAll(/^::(error|warning|notice) title=([^,]+),file=([^,]+),line=(\d+)/gm),
  ].map(([, level, rule, file, line]) => `${file.slice(dir.length + 1)}:${line} ${level} ${rule}`);
}

describe('core and fem stay browser-safe', () => {
  let dir = '';
  let findings: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'microcore-browser-safe-'));
    copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    for (const file of PROBED) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), PROBE);
    }
    findings = lint(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['packages/core/src/evidence/probe.ts', 'packages/fem/src/probe.ts'])(
    '%s: every Node import and global is an error',
    (file) => {
      expect(findings.filter((f) => f.startsWith(`${file}:`) && NODE_RULES.test(f)).sort()).toEqual(
        [
          `${file}:1 error lint/correctness/noNodejsModules`,
          `${file}:2 error lint/correctness/noNodejsModules`,
          `${file}:4 error lint/style/noRestrictedGlobals`,
          `${file}:5 error lint/style/noRestrictedGlobals`,
          `${file}:6 error lint/style/noRestrictedGlobals`,
          `${file}:7 error lint/style/noRestrictedGlobals`,
          `${file}:8 error lint/correctness/noNodejsModules`,
          `${file}:8 error lint/style/noRestrictedGlobals`,
        ].sort(),
      );
    },
  );

  it('the server and the tests may use Node', () => {
    // Linted all the same (the bare 'path' import still wants its node: prefix).
    expect(findings.some((f) => f.startsWith('packages/server/src/probe.ts:'))).toBe(true);
    expect(findings.filter((f) => f.startsWith('packages/server/') && NODE_RULES.test(f))).toEqual(
      [],
    );
    expect(findings.filter((f) => f.includes('/test/') && NODE_RULES.test(f))).toEqual([]);
  });
});
