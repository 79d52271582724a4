/** What every benchmark in the registry (run.ts) provides. */

export interface BenchContext {
  /** Fewer repetitions, for a smoke run; the figures are then only indicative. */
  readonly quick: boolean;
  /** Absolute path of the compiled entry (dist/run.js), for benchmarks that spawn child processes. */
  readonly entryFile: string;
  /** Progress and tables for the terminal. */
  log(line: string): void;
}

export interface Benchmark {
  /** Used by `--only NAME` and as the marker id of the benchmark's section in RESULTS.md. */
  readonly name: string;
  /** Runs the benchmark; returns the markdown of its RESULTS.md section (heading included). */
  run(ctx: BenchContext): Promise<string>;
  /** Entry point of the child processes the benchmark spawns (`run.js --memory-child NAME ...`). */
  runChild?(args: readonly string[]): Promise<void>;
}
