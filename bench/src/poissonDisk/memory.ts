import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { forceGc } from '../gc.js';
import {
  BENCHMARK_NAME,
  MEMORY_SEED,
  MIN_DISTANCE_MM,
  SIZES,
  type SizeSpec,
  TRIES_PER_POINT,
} from './params.js';
import { type SamplerName, type Sampling, samplerNamed } from './samplers.js';

/**
 * Peak memory of one sampling, each in a fresh child process: peak RSS cannot be reset within a
 * process, and the speed runs would have raised it long before. A baseline child loads the same
 * modules and samples nothing; the difference is what the sampling itself cost.
 *
 * Caveat (Linux): a child's maxRSS starts at the RSS of the parent's memory that fork copied
 * (exec keeps that high-water mark), so children must be spawned while the parent is still small,
 * i.e. before the speed runs. VmHWM (the child's own high-water mark) is read as a cross-check.
 */

export type MemorySubject = SamplerName | 'baseline';

export interface MemoryReading {
  /** process.resourceUsage().maxRSS of the child, KiB. */
  readonly peakRssKiB: number;
  /** VmHWM from /proc/self/status, KiB (null where there is none). */
  readonly vmHwmKiB: number | null;
  /** After a full GC with the result still referenced. */
  readonly heapUsedBytes: number;
  /** ArrayBuffer data (typed arrays live outside the JS heap). */
  readonly arrayBuffersBytes: number;
  readonly count: number;
}

export type MemoryOutcome =
  | { readonly ok: true; readonly reading: MemoryReading }
  | { readonly ok: false; readonly error: string };

export function measureMemoryInChild(
  entryFile: string,
  subject: MemorySubject,
  size: SizeSpec,
  timeoutMs: number,
): MemoryOutcome {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', entryFile, '--memory-child', BENCHMARK_NAME, subject, size.name],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1024 ** 2 },
  );
  if (child.error) return { ok: false, error: child.error.message };
  if (child.status !== 0) {
    const lastLine = child.stderr.trim().split('\n').pop() ?? '';
    return { ok: false, error: `exit ${child.status ?? child.signal}: ${lastLine}` };
  }
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  return { ok: true, reading: JSON.parse(lastLine) as MemoryReading };
}

/** Child side: `run.js --memory-child poisson-disk SUBJECT SIZE`; prints one JSON line. */
export async function runMemoryChild(args: readonly string[]): Promise<void> {
  const [subject, sizeName] = args;
  const size = SIZES.find((s) => s.name === sizeName);
  if (!size) throw new Error(`unknown size '${sizeName}'`);
  const held: Sampling[] = []; // keeps the result alive through the measurement
  if (subject !== 'baseline') {
    const sampler = samplerNamed(subject);
    if (!sampler) throw new Error(`unknown sampler '${subject}'`);
    held.push(
      sampler.sample({
        widthMm: size.sideMm,
        heightMm: size.sideMm,
        minDistanceMm: MIN_DISTANCE_MM,
        triesPerPoint: TRIES_PER_POINT,
        seed: MEMORY_SEED,
      }),
    );
  }
  // Freed ArrayBuffers are released by a background sweeper: collect, let it run, collect again.
  forceGc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  forceGc();
  const usage = process.memoryUsage();
  const reading: MemoryReading = {
    peakRssKiB: process.resourceUsage().maxRSS,
    vmHwmKiB: readVmHwmKiB(),
    heapUsedBytes: usage.heapUsed,
    arrayBuffersBytes: usage.arrayBuffers,
    count: held.reduce((sum, s) => sum + s.count, 0),
  };
  process.stdout.write(`${JSON.stringify(reading)}\n`);
}

function readVmHwmKiB(): number | null {
  const statusFile = '/proc/self/status';
  if (!existsSync(statusFile)) return null;
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(statusFile, 'utf8'));
  return match ? Number(match[1]) : null;
}

/** Why a reading's maxRSS cannot be trusted (it disagrees with VmHWM), or undefined. */
export function inheritedRssWarning(reading: MemoryReading): string | undefined {
  if (reading.vmHwmKiB === null) return undefined;
  const excessKiB = reading.peakRssKiB - reading.vmHwmKiB;
  return excessKiB > 1024
    ? `maxRSS exceeds VmHWM (${reading.vmHwmKiB} KiB) by ${excessKiB} KiB: inherited from the parent`
    : undefined;
}
