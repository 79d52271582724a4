import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  defaultParameterValues,
  HEALING_PARAMETERS,
  type HealingParameterValues,
  type Plan,
  planPatch,
  planTreatment,
  Rng,
  simulateBridgePatch,
} from '@microcore/core';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { describeRevision } from '../revision.js';
import { renderTable } from '../table.js';
import { type SensitivityInput, sensitivityInputs } from './inputs.js';
import {
  BASELINE_LEMPERLE,
  DAY,
  fieldSurrogate,
  OUTPUT_NAMES,
  outputsOf,
  surrogateError,
} from './model.js';
import { saltelliMatrices, sobolIndices } from './sobol.js';
import { tornadoSvg } from './tornado.js';

/**
 * Global sensitivity of the predicted area change and Lemperle change to every model input:
 * Sobol indices (first and total order) by Saltelli sampling, a one-at-a-time tornado chart
 * written to docs/sensitivity-tornado.svg, and the error of the field surrogate the runs use.
 * Re-run it after a change to the model (the outcome layer included): it reads the model through
 * the core's public functions.
 */
export const sensitivityBenchmark: Benchmark = { name: 'sensitivity', run: runSensitivity };

const CHART_FILE = fileURLToPath(new URL('../../../docs/sensitivity-tornado.svg', import.meta.url));

async function runSensitivity(ctx: BenchContext): Promise<string> {
  const started = performance.now();
  const plan = planTreatment();
  const inputs = sensitivityInputs(plan.totals.coverageFraction);
  const range = (name: keyof typeof HEALING_PARAMETERS) => {
    const p = HEALING_PARAMETERS[name];
    return [p.range[0], p.value, p.range[1]];
  };
  ctx.log('solving the 3⁴ grid of the field surrogate…');
  const surrogate = fieldSurrogate(plan, {
    foundationLengthMm: range('foundationLengthMm'),
    fixedEdgeMarginMm: range('fixedEdgeMarginMm'),
    anisotropyRatio: range('anisotropyRatio'),
    poissonRatio: range('poissonRatio'),
  });
  const rng = new Rng(2026);
  const next = () => rng.next();

  // The surrogate against direct solves at random parameter sets drawn as the analysis draws them.
  const checks = ctx.quick ? 4 : 12;
  const samples = Array.from({ length: checks }, () => {
    const p: Record<string, number> = {};
    for (const input of inputs) p[input.name] = input.fromUniform(next());
    return { ...parametersOf(p) };
  });
  const worstError = surrogateError(plan, surrogate, samples);
  ctx.log(
    `surrogate: ${surrogate.solves} solves, largest error ${(100 * worstError).toFixed(2)} %`,
  );

  const rows = ctx.quick ? 512 : 8192;
  const k = inputs.length;
  const matrices = saltelliMatrices(rows, k, next);
  const model = outputsOf(plan, inputs, surrogate);
  const mapped = new Float64Array(k);
  const runModel = (u: Float64Array, out: Float64Array) => {
    for (let i = 0; i < k; i++) mapped[i] = inputs[i].fromUniform(u[i]);
    model(mapped, out);
  };
  const indices = sobolIndices(runModel, OUTPUT_NAMES.length, matrices, k, next);

  // One at a time: each input at its 5th and 95th percentile, the others at their defaults.
  const nominalInputs = Float64Array.from(inputs, (i) => i.nominal);
  const nominalOut = new Float64Array(OUTPUT_NAMES.length);
  model(nominalInputs, nominalOut);
  const swings = inputs.map((_, i) =>
    [0.05, 0.95].map((u) => {
      const x = Float64Array.from(nominalInputs);
      x[i] = inputs[i].fromUniform(u);
      const out = new Float64Array(OUTPUT_NAMES.length);
      model(x, out);
      return out;
    }),
  );
  const units = ['%', ''];
  writeFileSync(
    CHART_FILE,
    tornadoSvg(
      OUTPUT_NAMES.map((title, o) => ({
        title: `${title}, default plan, one session, Lemperle ${BASELINE_LEMPERLE}`,
        nominal: nominalOut[o],
        unit: units[o],
        bars: inputs.map((input, i) => ({
          label: input.label,
          low: swings[i][0][o],
          high: swings[i][1][o],
          totalIndex: indices[o].total[i],
        })),
      })),
      'Sensitivity of the prediction (model estimate): one input at a time; S_T = total Sobol index',
    ),
  );
  ctx.log(`wrote ${CHART_FILE}`);
  ctx.log('bridge strains, one input at a time…');
  const bridges = bridgeSwings(plan, inputs);
  const seconds = (performance.now() - started) / 1000;
  return section(inputs, indices, swings, nominalOut, bridges, {
    rows,
    runs: rows * (k + 2),
    solves: surrogate.solves,
    checks,
    worstError,
    seconds,
    quick: ctx.quick,
  });
}

/** Healing-parameter values from a sample keyed by input name (the defaults for the rest). */
function parametersOf(sample: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(HEALING_PARAMETERS))
    out[name] = sample[name] ?? spec.value;
  return out as HealingParameterValues;
}

/** Inputs that reach the bridge patch (the others do not enter it). */
const BRIDGE_INPUTS = [
  'restingTensionMPa',
  'restingTensionRatio',
  'youngsModulusMPa',
  'poissonRatio',
  'skinThicknessMm',
];

interface BridgeSwing {
  readonly label: string;
  readonly low: number;
  readonly high: number;
  readonly flaggedLow: number;
  readonly flaggedHigh: number;
}

/**
 * The largest bridge strain of the default plan's patch (placed as simulateTreatment places it,
 * neo-Hookean skin) with one input at its 5th and 95th percentile. Each point is a nonlinear
 * patch solve, so no Sobol indices here: a one-at-a-time screen.
 */
function bridgeSwings(
  plan: Plan,
  inputs: readonly SensitivityInput[],
): { nominal: number; flagged: number; swings: BridgeSwing[] } {
  const patch = planPatch(plan).input;
  const nominal = defaultParameterValues();
  const base = simulateBridgePatch(patch, nominal);
  const swings = inputs
    .filter((input) => BRIDGE_INPUTS.includes(input.name))
    .map((input) => {
      const [low, high] = [0.05, 0.95].map((u) =>
        simulateBridgePatch(patch, { ...nominal, [input.name]: input.fromUniform(u) }),
      );
      return {
        label: input.label,
        low: low.maxBridgeStrain,
        high: high.maxBridgeStrain,
        flaggedLow: low.flaggedBridges,
        flaggedHigh: high.flaggedBridges,
      };
    });
  return { nominal: base.maxBridgeStrain, flagged: base.flaggedBridges, swings };
}

function section(
  inputs: readonly SensitivityInput[],
  indices: ReturnType<typeof sobolIndices>,
  swings: Float64Array[][],
  nominal: Float64Array,
  bridges: ReturnType<typeof bridgeSwings>,
  run: {
    rows: number;
    runs: number;
    solves: number;
    checks: number;
    worstError: number;
    seconds: number;
    quick: boolean;
  },
): string {
  const machine = describeMachine();
  const f = (v: number, h: number) => `${v.toFixed(3)} ± ${h.toFixed(3)}`;
  const order = inputs
    .map((_, i) => i)
    .sort(
      (a, b) =>
        indices[1].total[b] - indices[1].total[a] || indices[0].total[b] - indices[0].total[a],
    );
  const table = renderTable(
    [
      { header: 'Input' },
      { header: 'Area loss S1', align: 'right' },
      { header: 'Area loss ST', align: 'right' },
      { header: 'Lemperle S1', align: 'right' },
      { header: 'Lemperle ST', align: 'right' },
      { header: 'Area loss at P5 / P95, %', align: 'right' },
      { header: 'Lemperle at P5 / P95', align: 'right' },
    ],
    order.map((i) => [
      inputs[i].label,
      f(indices[0].first[i], indices[0].firstHalfWidth[i]),
      f(indices[0].total[i], indices[0].totalHalfWidth[i]),
      f(indices[1].first[i], indices[1].firstHalfWidth[i]),
      f(indices[1].total[i], indices[1].totalHalfWidth[i]),
      `${swings[i][0][0].toFixed(3)} / ${swings[i][1][0].toFixed(3)}`,
      `${swings[i][0][1].toFixed(3)} / ${swings[i][1][1].toFixed(3)}`,
    ]),
  );
  const sumFirst = indices.map((x) => x.first.reduce((a, v) => a + v, 0));
  return `## Sensitivity of the prediction (Sobol indices, tornado chart)${run.quick ? ' — quick run, indicative only' : ''}

Revision ${describeRevision('packages') ?? 'unknown'}; ${machine.cpuModel}, ${machine.logicalCores} cores, Node ${machine.nodeVersion}; ${run.seconds.toFixed(1)} s in all.

The default plan, one session, day ${DAY}, Lemperle ${BASELINE_LEMPERLE} at baseline. Every input drawn as the virtual cohort draws the uncertain parameters (triangular over its range, peak at the default; coverage uniform over the clinical 4–8 %; responsiveness standard normal). Saltelli sampling, N = ${run.rows} rows × (k + 2) = ${run.runs.toLocaleString('en-US')} model runs; first-order S1 (Saltelli 2010) and total ST (Jansen) with 95 % bootstrap half-widths (200 resamples). The field comes from a surrogate: ${run.solves} finite-element solves on a 3⁴ grid over coupling length, edge margin, anisotropy and Poisson's ratio, multilinear in (ln ℓ, −e^(−M/ℓ), anisotropy, ν); its largest error against direct solves at ${run.checks} random parameter sets: ${(100 * run.worstError).toFixed(2)} % of the area change. Nominal outputs: area loss ${nominal[0].toFixed(3)} %, Lemperle change ${nominal[1].toFixed(3)}. Sum of S1: area loss ${sumFirst[0].toFixed(3)}, Lemperle ${sumFirst[1].toFixed(3)} (1 − sum = the share of the variance from interactions).

${table}

The bridge patch (default plan, neo-Hookean skin), one input at a time — nominal largest bridge strain ${bridges.nominal.toFixed(3)}, ${bridges.flagged} bridges flagged:

${renderTable(
  [
    { header: 'Input' },
    { header: 'Largest bridge strain at P5 / P95', align: 'right' },
    { header: 'Flagged at P5 / P95', align: 'right' },
  ],
  bridges.swings.map((b) => [
    b.label,
    `${b.low.toFixed(3)} / ${b.high.toFixed(3)}`,
    `${b.flaggedLow} / ${b.flaggedHigh}`,
  ]),
)}

Chart: docs/sensitivity-tornado.svg (written by this run). Inputs with an index of 0 do not enter these outputs at all: the modulus and thickness cancel out of the area change (a core test), the resting tension and its ratio act on the wound gape and the bridge strains only.`;
}
