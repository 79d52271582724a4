import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext, Benchmark } from './benchmark.js';
import { deliveryBenchmark } from './delivery/index.js';
import { elasticityBenchmark } from './elasticity/index.js';
import { poissonDiskBenchmark } from './poissonDisk/index.js';
import { writeSection } from './results.js';
import { sensitivityBenchmark } from './sensitivity/index.js';
import { serverDeliveryBenchmark } from './server/delivery.js';
import { serverEvidenceBenchmark } from './server/evidence.js';
import { serverBenchmark } from './server/index.js';
import { serverMixedBenchmark } from './server/mixed/index.js';
import { UsageError } from './usageError.js';
import { webBenchmark } from './web/index.js';

/**
 * Benchmark runner: `node bench/dist/run.js [--only NAME]... [--quick]`.
 * Each benchmark writes its own section of bench/RESULTS.md. Add new ones to BENCHMARKS.
 */
const BENCHMARKS: readonly Benchmark[] = [
  poissonDiskBenchmark,
  elasticityBenchmark,
  sensitivityBenchmark,
  serverBenchmark,
  serverMixedBenchmark,
  serverEvidenceBenchmark,
  serverDeliveryBenchmark,
  webBenchmark,
  deliveryBenchmark,
];

const ENTRY_FILE = fileURLToPath(import.meta.url);
const RESULTS_FILE = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      // Internal: a benchmark's child process (see Benchmark.runChild).
      'memory-child': { type: 'string' },
    },
    allowPositionals: true,
  });

  const childOf = values['memory-child'];
  if (childOf !== undefined) {
    const benchmark = BENCHMARKS.find((b) => b.name === childOf);
    if (!benchmark?.runChild) throw new Error(`no child entry point for benchmark '${childOf}'`);
    await benchmark.runChild(positionals);
    return;
  }

  const selected = selectBenchmarks(values.only);
  const ctx: BenchContext = {
    quick: values.quick,
    entryFile: ENTRY_FILE,
    log: (line) => console.log(line),
  };
  for (const benchmark of selected) {
    ctx.log(`\n=== ${benchmark.name}${ctx.quick ? ' (quick)' : ''} ===`);
    const section = await benchmark.run(ctx);
    writeSection(RESULTS_FILE, benchmark.name, section);
    ctx.log(`\nWrote the '${benchmark.name}' section of ${RESULTS_FILE}`);
  }
}

function selectBenchmarks(only: readonly string[] | undefined): readonly Benchmark[] {
  if (!only || only.length === 0) return BENCHMARKS;
  const known = BENCHMARKS.map((b) => b.name);
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown benchmark(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  return BENCHMARKS.filter((b) => only.includes(b.name));
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `run.js: ${error.message}` : error);
  process.exitCode = 1;
});
