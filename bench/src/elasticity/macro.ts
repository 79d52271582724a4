import { performance } from 'node:perf_hooks';
import {
  DEFAULT_DAYS,
  defaultParameterValues,
  planTreatment,
  simulateTreatment,
  solveTighteningField,
} from '@microcore/core';
import type { Budget } from './params.js';

/**
 * The full-face macro simulation of the default plan. The model is linear in the area-loss
 * fraction η, so one solveTighteningField serves every day of the timeline; simulateTreatment adds
 * the coupling-length × edge-margin surrogate (for the cohort), the bridge patch and a 1000-patient cohort.
 */

export interface MacroResult {
  readonly days: readonly number[];
  readonly planMs: number;
  readonly zones: number;
  readonly cores: number;
  readonly fieldMs: number[];
  readonly fieldUnknowns: number;
  readonly fieldIterations: number;
  readonly simulateMs: number[];
  /** Set when a call threw: the figures then cover only what ran before. */
  readonly error?: string;
}

export function measureMacro(budget: Budget, log: (line: string) => void): MacroResult {
  const result = {
    days: DEFAULT_DAYS,
    planMs: Number.NaN,
    zones: 0,
    cores: 0,
    fieldMs: [] as number[],
    fieldUnknowns: 0,
    fieldIterations: 0,
    simulateMs: [] as number[],
    error: undefined as string | undefined,
  };
  try {
    runMacro(budget, log, result);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  failed: ${result.error}`);
  }
  return result;
}

function runMacro(
  budget: Budget,
  log: (line: string) => void,
  out: { -readonly [K in keyof MacroResult]: MacroResult[K] },
): void {
  let start = performance.now();
  const plan = planTreatment();
  const planMs = performance.now() - start;
  out.planMs = planMs;
  out.zones = plan.zones.length;
  out.cores = plan.totals.cores;
  log(
    `  planTreatment(): ${planMs.toFixed(0)} ms, ${plan.zones.length} zones, ${plan.totals.cores} cores`,
  );

  for (let k = 0; k < budget.macroWarmup + budget.macroTimed; k++) {
    start = performance.now();
    const field = solveTighteningField(
      plan.zones,
      plan.needle.coreAreaMm2,
      defaultParameterValues(),
    );
    const ms = performance.now() - start;
    out.fieldUnknowns = field.unknowns;
    out.fieldIterations = field.iterations;
    const warmup = k < budget.macroWarmup;
    if (!warmup) out.fieldMs.push(ms);
    log(`  solveTighteningField ${warmup ? 'warm-up' : 'run'}: ${ms.toFixed(0)} ms`);
  }

  for (let k = 0; k < budget.simulateWarmup + budget.simulateTimed; k++) {
    start = performance.now();
    simulateTreatment(plan);
    const ms = performance.now() - start;
    const warmup = k < budget.simulateWarmup;
    if (!warmup) out.simulateMs.push(ms);
    log(`  simulateTreatment ${warmup ? 'warm-up' : 'run'}: ${ms.toFixed(0)} ms`);
  }
}
