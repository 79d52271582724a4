// What storing the follow-up prediction with a plan adds to a plan's save: the planner thread's
// time for a plan with and without the prediction (plans/plannerPool.ts; the rest of the save,
// the INSERT, gains one small jsonb value). A/B alternating in the same pool, one thread, after
// a warm-up of each; prints the median and range of 9 of each, per plan request.
// Build first: npx tsc -b. Usage: node packages/server/scripts/plan-prediction-cost.mjs
import { planInputFromRequest } from '@microcore/core';
import { PlannerPool } from '../dist/plans/plannerPool.js';

const REQUESTS = {
  'submental, 23G, 5 %': { zones: ['submental'], needle: '23G', coverage: 5, seed: 7 },
  'default (all zones, 6 %)': {},
};
const prediction = {
  inputs: {
    sessions: 2,
    intervalWeeks: 6,
    fitzpatrickType: 2,
    latestAssessment: { date: '2026-01-01', lemperleByZone: { submental: 3 } },
  },
  madeAt: new Date().toISOString(),
};
const N = 9;
const pool = new PlannerPool({ threads: 1 });
const time = async (input, withPrediction) => {
  const started = performance.now();
  await pool.plan(input, withPrediction ? prediction : undefined);
  return performance.now() - started;
};
const summary = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(N / 2)].toFixed(0)} ms (${sorted[0].toFixed(0)}–${sorted[N - 1].toFixed(0)})`;
};
for (const [name, request] of Object.entries(REQUESTS)) {
  const input = planInputFromRequest(request);
  await time(input, false);
  await time(input, true);
  const without = [];
  const withIt = [];
  for (let i = 0; i < N; i++) {
    without.push(await time(input, false));
    withIt.push(await time(input, true));
  }
  const added = withIt.map((ms, i) => ms - without[i]);
  console.log(
    `${name}: plan only ${summary(without)}; with prediction ${summary(withIt)}; added ${summary(added)}`,
  );
}
await pool.close();
