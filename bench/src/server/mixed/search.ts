import type { StepResult } from './openLoop.js';

/**
 * The highest arrival rate the server sustains: climb a ladder of rates until a step fails, then
 * bisect between the last that passed and the first that failed. A step passes with no errors,
 * no early stop, and the reads' and writes' p99 within the budget (plans, 1 % of the requests
 * and ~0.1 s of planning each, are judged on their own: see the section's note).
 */
export const P99_BUDGET_MS = 50;
/** Steps of the climb; 1,000 req/s (the figure the issue asks for) and 1,500 (the target) among them. */
export const LADDER_RPS = [250, 500, 1000, 1500, 2000, 3000, 4500, 6000, 8000] as const;
/** Rates measured even when the climb stopped below them. */
export const ALWAYS_MEASURED_RPS = [1000] as const;
/** Bisection stops when the bounds are this close (relative). */
const RESOLUTION = 0.05;

export function passes(step: StepResult): boolean {
  return step.errors === 0 && !step.overloaded && step.records.p99Ms <= P99_BUDGET_MS;
}

export interface SearchResult {
  /** Every step, by rate. */
  readonly steps: readonly StepResult[];
  /** The highest rate that passed (undefined: none did). */
  readonly highestPassingRps?: number;
  /** True when the top of the ladder passed: the server may sustain more. */
  readonly ladderExhausted: boolean;
}

export async function findHighestRate(
  measure: (rateRps: number) => Promise<StepResult>,
  bisections: number,
): Promise<SearchResult> {
  const steps: StepResult[] = [];
  const step = async (rateRps: number) => {
    const result = await measure(rateRps);
    steps.push(result);
    return passes(result);
  };
  let low = 0;
  let high: number | undefined;
  for (const rate of LADDER_RPS) {
    if (await step(rate)) low = rate;
    else {
      high = rate;
      break;
    }
  }
  for (let i = 0; i < bisections && high !== undefined; i++) {
    if (high - low <= RESOLUTION * high) break;
    const mid = Math.round((low + high) / 2 / 10) * 10;
    if (mid <= low || mid >= high) break;
    if (await step(mid)) low = mid;
    else high = mid;
  }
  for (const rate of ALWAYS_MEASURED_RPS)
    if (!steps.some((s) => s.rateRps === rate)) await step(rate);
  const passed = steps.filter(passes).map((s) => s.rateRps);
  // A pass above a failure (the machine's speed drifts) does not count: the highest rate is
  // the highest below every failure.
  const lowestFailure = Math.min(...steps.filter((s) => !passes(s)).map((s) => s.rateRps));
  const below = passed.filter((rate) => rate < lowestFailure);
  return {
    steps: [...steps].sort((a, b) => a.rateRps - b.rateRps),
    highestPassingRps: below.length > 0 ? Math.max(...below) : undefined,
    ladderExhausted: high === undefined,
  };
}
