// What the demo seed's stored predictions cost (demoCohort.ts predictCohort): how many distinct
// prediction inputs the cohort has, how many runs of the model they need (one per sessions ×
// interval: core followUpPredictor), and the time and CPU of making them in the planner threads,
// beside one prediction made alone as a plan's save makes it. Prints medians of N repetitions.
// Build first: npx tsc -b. Usage: node packages/server/scripts/demo-seed-predictions.mjs [patients] [N]
import { planTreatment, predictFollowUps } from '@microcore/core';
import { cohortPlans, predictCohort, prepareCohort } from '../dist/demoCohort.js';
import { PREDICTION_PARAMETERS_ID } from '../dist/plans/predictionModelId.js';
import { toPlanInput } from '../dist/records/plan.js';

const patients = Number(process.argv[2] ?? 72);
const N = Number(process.argv[3] ?? 3);
const cohort = prepareCohort(patients, new Date());
const plans = cohortPlans(cohort);
const zones = cohort.planInput.zones;
const baselineOf = (inputs) => {
  const grades = zones
    .map((z) => inputs.latestAssessment?.lemperleByZone[z])
    .filter((g) => typeof g === 'number');
  return grades.length ? grades.reduce((a, g) => a + g, 0) / grades.length : 'assumed';
};
const distinct = new Set(
  plans.map(({ prediction: { inputs } }) =>
    JSON.stringify([
      inputs.sessions,
      inputs.intervalWeeks,
      inputs.fitzpatrickType,
      baselineOf(inputs),
    ]),
  ),
);
const runs = new Set(
  plans.map((p) => `${p.prediction.inputs.sessions}×${p.prediction.inputs.intervalWeeks}`),
);
console.log(
  `${plans.length} plans: ${distinct.size} distinct prediction inputs (sessions, interval, skin type, baseline); ${runs.size} model runs (sessions × interval)`,
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const measure = async (fn) => {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < N; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return `wall ${median(wall).toFixed(0)} ms, CPU ${median(cpu).toFixed(0)} ms (all threads)`;
};
const plan = planTreatment(toPlanInput(cohort.planInput));
const one = plans[0].prediction;
console.log(
  `one prediction made alone (main thread): ${await measure(() => predictFollowUps(plan, one.inputs, new Date(one.madeAt), PREDICTION_PARAMETERS_ID))}`,
);
console.log(
  `predictCohort, all ${plans.length} plans: ${await measure(() => predictCohort(cohort))}`,
);
