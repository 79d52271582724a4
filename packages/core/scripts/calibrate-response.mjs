// Calibrate the outcome response to the published results and write what the code and the docs
// use: packages/core/src/heal/responsePosterior.ts (the posterior draws) and the tables between
// the calibration markers of docs/model.md §4. A test re-runs the calibration and compares both.
// Build first (npx tsc -b). Usage: node packages/core/scripts/calibrate-response.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { calibrateResponse, formatCalibrationTables } = await import(
  new URL('../dist/heal/calibrate.js', import.meta.url).href
);
const started = performance.now();
const c = calibrateResponse();
console.log(
  `calibrated in ${((performance.now() - started) / 1000).toFixed(1)} s, ESS ${c.effectiveSampleSize}`,
);

const posteriorPath = fileURLToPath(new URL('../src/heal/responsePosterior.ts', import.meta.url));
const columns = ['k', 'm', 'sigmaR', 'tau', 'persistent', 'fadeYears', 'driftPerRootYear'];
writeFileSync(
  posteriorPath,
  `// Written by packages/core/scripts/calibrate-response.mjs from heal/calibrate.ts: do not edit.
// Re-run the script after a change to the model; a test checks that it reproduces this file.
import type { ResponseParameters } from './response.js';

/** The posterior draws, one row each, in the order of COLUMNS. */
const COLUMNS = ${JSON.stringify(columns)} as const;
const ROWS: readonly (readonly number[])[] = ${JSON.stringify(c.draws.map((d) => columns.map((name) => d[name])))};

export const RESPONSE_POSTERIOR: {
  readonly referenceAreaLossFraction: number;
  readonly effectiveSampleSize: number;
  readonly draws: readonly ResponseParameters[];
} = {
  referenceAreaLossFraction: ${c.referenceAreaLossFraction},
  effectiveSampleSize: ${c.effectiveSampleSize},
  draws: ROWS.map(
    (row) => Object.fromEntries(COLUMNS.map((name, i) => [name, row[i]])) as unknown as ResponseParameters,
  ),
};
`,
);
const root = fileURLToPath(new URL('../../..', import.meta.url));
execFileSync('npx', ['biome', 'format', '--write', posteriorPath], { cwd: root, stdio: 'inherit' });

const docsPath = fileURLToPath(new URL('../../../docs/model.md', import.meta.url));
const docs = readFileSync(docsPath, 'utf8');
const start = '<!-- calibration:start -->';
const end = '<!-- calibration:end -->';
const from = docs.indexOf(start);
const to = docs.indexOf(end);
if (from < 0 || to < from) throw new Error(`docs/model.md lacks the ${start} … ${end} markers`);
writeFileSync(
  docsPath,
  `${docs.slice(0, from + start.length)}\n${formatCalibrationTables(c)}\n${docs.slice(to)}`,
);
console.log('wrote', posteriorPath, 'and the tables of', docsPath);
