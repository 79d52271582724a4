import {
  READABLE_PLAN_SCHEMA_VERSIONS,
  type StoredPlan,
  simulateTreatment,
  simulationToSvg,
} from '@microcore/core';
import { Command } from 'commander';
import { formatSimulationTable } from '../format/simulationTable.js';
import { readJsonFile, writeFileAtomic } from '../io.js';
import { progressBar } from '../progress.js';
import { UsageError } from '../usageError.js';

interface SimulateOptions {
  days?: string;
  sessions: string;
  intervalWeeks: string;
  sessionDays?: string;
  baselineLemperle: string;
  fitzpatrick?: string;
  cohort: string;
  seed: string;
  json?: boolean;
  svg?: string;
}

export function simulateCommand(write: (text: string) => void): Command {
  return new Command('simulate')
    .description(
      'simulate healing, tightening and the outcome of a plan (model estimates — not a promise of outcome)',
    )
    .argument('<plan>', 'plan JSON file from `microcore plan --json`, or - for standard input')
    .option('--days <list>', 'days after the first session to report', '0,1,4,14,30,90,180')
    .option('--sessions <n>', 'sessions in the series', '1')
    .option('--interval-weeks <w>', 'weeks between sessions (the seed advises at least 6)', '6')
    .option('--session-days <list>', 'explicit session days instead, e.g. 0,42,90 (the first is 0)')
    .option('--baseline-lemperle <g>', 'Lemperle wrinkle grade before treatment, 0–5', '3')
    .option(
      '--fitzpatrick <type>',
      "the patient's Fitzpatrick skin type, 1–6 (types V–VI were not studied: a warning says so)",
    )
    .option('--cohort <n>', 'virtual patients for the outcome interval', '1000')
    .option('--seed <n>', 'random seed for the virtual cohort', '1')
    .option('--json', 'print the simulation as JSON')
    .option('--svg <file>', 'draw the tightening field (heat map and displacement arrows)')
    .action((planPath: string, options: SimulateOptions) => {
      const plan = readPlan(planPath);
      const bar = progressBar();
      let run: ReturnType<typeof simulateTreatment>;
      try {
        run = simulateTreatment(plan, {
          days: list(options.days ?? '', '--days'),
          sessions: integer(options.sessions, '--sessions'),
          intervalWeeks: number(options.intervalWeeks, '--interval-weeks'),
          sessionDays:
            options.sessionDays === undefined
              ? undefined
              : list(options.sessionDays, '--session-days'),
          baselineLemperle: number(options.baselineLemperle, '--baseline-lemperle'),
          fitzpatrick:
            options.fitzpatrick === undefined
              ? undefined
              : integer(options.fitzpatrick, '--fitzpatrick'),
          cohort: integer(options.cohort, '--cohort'),
          seed: integer(options.seed, '--seed'),
          onProgress: bar.update,
        });
      } finally {
        bar.done();
      }
      if (options.svg) writeFileAtomic(options.svg, simulationToSvg(run, plan));
      write(
        options.json
          ? `${JSON.stringify(run.simulation)}\n`
          : formatSimulationTable(run.simulation),
      );
    });
}

function readPlan(path: string): StoredPlan {
  const json = readJsonFile(path, 'plan') as Partial<StoredPlan> | null;
  if (typeof json !== 'object' || json === null || json.kind !== 'microcore.plan') {
    throw new UsageError(
      `${path === '-' ? 'standard input' : path} is not a microcore plan (no "kind": "microcore.plan"); make one with \`microcore plan --json\``,
    );
  }
  if (!(READABLE_PLAN_SCHEMA_VERSIONS as readonly unknown[]).includes(json.schemaVersion)) {
    throw new UsageError(
      `plan schemaVersion ${json.schemaVersion} is not supported (this microcore reads ${READABLE_PLAN_SCHEMA_VERSIONS.join(' and ')}); re-plan with this version`,
    );
  }
  const zones = json.zones;
  if (
    !Array.isArray(zones) ||
    zones.some(
      (z) =>
        !Array.isArray(z?.polygon) || !Array.isArray(z?.cores) || typeof z?.areaMm2 !== 'number',
    )
  ) {
    throw new UsageError(
      'the plan\'s "zones" are incomplete (each needs polygon, cores and areaMm2); re-plan with `microcore plan --json`',
    );
  }
  if (
    typeof json.needle?.coreAreaMm2 !== 'number' ||
    typeof json.needle?.coreDiameterMm !== 'number' ||
    typeof json.totals?.cores !== 'number'
  ) {
    throw new UsageError(
      'the plan\'s "needle" or "totals" are incomplete; re-plan with `microcore plan --json`',
    );
  }
  return json as StoredPlan;
}

function list(text: string, flag: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new UsageError(`${flag} needs days like 0,1,4,14,30,90,180`);
  return parts.map((p) => number(p, flag));
}

function number(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} must be a number, got "${text}"`);
  return value;
}

function integer(text: string, flag: string): number {
  const value = number(text, flag);
  if (!Number.isInteger(value))
    throw new UsageError(`${flag} must be a whole number, got "${text}"`);
  return value;
}
