import { formatInt, formatKiBAsMiB, formatMs } from '../format.js';
import { mean, median } from '../stats.js';
import { renderTable } from '../table.js';
import { fasterPeer, type MemoryRow, memoryDelta, oursOf, type SizeFigures } from './report.js';

/** The acceptance targets. Reported as PASS/FAIL; they never fail the run. */

const MIN_SPEEDUP = 5;
const MIN_COUNT_SHARE = 0.99;
const MAX_MEMORY_SHARE = 0.5;

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined when it could not be evaluated (a sampler was skipped or failed). */
  readonly pass: boolean | undefined;
}

export function evaluateTargets(
  figures: readonly SizeFigures[],
  memory: readonly MemoryRow[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const { size, speed } of figures) {
    const ours = oursOf(speed);
    const peer = fasterPeer(speed);
    if (!ours || !peer || ours.timesMs.length === 0) {
      checks.push({
        target: `${size.name}: speed and count vs the faster peer`,
        measured: 'not measured',
        pass: undefined,
      });
      continue;
    }
    const oursMs = median(ours.timesMs);
    const peerMs = median(peer.timesMs);
    const speedup = peerMs / oursMs;
    checks.push({
      target: `${size.name}: ours ≥ ${MIN_SPEEDUP}× faster than the faster peer (${peer.sampler})`,
      measured: `${formatMs(peerMs)} ms / ${formatMs(oursMs)} ms = ${speedup.toFixed(2)}×`,
      pass: speedup >= MIN_SPEEDUP,
    });
    const countShare = mean(ours.counts) / mean(peer.counts);
    checks.push({
      target: `${size.name}: our count ≥ ${MIN_COUNT_SHARE * 100} % of ${peer.sampler}'s`,
      measured: `${formatInt(mean(ours.counts))} / ${formatInt(mean(peer.counts))} = ${(countShare * 100).toFixed(1)} %`,
      pass: countShare >= MIN_COUNT_SHARE,
    });
  }

  const oursChecks = figures.map(({ size, correctness }) => ({
    size,
    result: oursOf(correctness)?.result,
  }));
  checks.push({
    target: 'ours: zero pairs closer than r and zero points outside, at both sizes',
    measured: oursChecks
      .map(({ size, result }) =>
        result
          ? `${size.name}: ${formatInt(result.violatingPairs)} pairs, ${formatInt(result.outside)} outside`
          : `${size.name}: not checked`,
      )
      .join('; '),
    pass: oursChecks.every(({ result }) => result !== undefined)
      ? oursChecks.every(({ result }) => result?.violatingPairs === 0 && result.outside === 0)
      : undefined,
  });

  const large = figures.find((f) => f.size.name === 'large');
  const peer = large ? fasterPeer(large.speed) : undefined;
  const baseline = memory.find((r) => r.subject === 'baseline');
  const oursRow = memory.find((r) => r.subject === 'ours');
  const peerRow = memory.find((r) => r.subject === peer?.sampler);
  const oursDelta = oursRow && baseline ? memoryDelta(oursRow, baseline) : undefined;
  const peerDelta = peerRow && baseline ? memoryDelta(peerRow, baseline) : undefined;
  const share =
    oursDelta && peerDelta ? oursDelta.peakRssDeltaKiB / peerDelta.peakRssDeltaKiB : Number.NaN;
  checks.push({
    target: `large: our Δ peak RSS ≤ ${MAX_MEMORY_SHARE} × the faster peer's (${peer?.sampler ?? '–'})`,
    measured:
      oursDelta && peerDelta
        ? `${formatKiBAsMiB(oursDelta.peakRssDeltaKiB)} MiB / ${formatKiBAsMiB(peerDelta.peakRssDeltaKiB)} MiB = ${share.toFixed(2)}`
        : 'not measured',
    pass: Number.isFinite(share) ? share <= MAX_MEMORY_SHARE : undefined,
  });
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return renderTable(
    [{ header: 'Target' }, { header: 'Measured' }, { header: 'Result' }],
    checks.map((c) => [
      c.target,
      c.measured,
      c.pass === undefined ? 'N/A' : c.pass ? 'PASS' : 'FAIL',
    ]),
  );
}
