import {
  formatFixed,
  formatInt,
  formatKiBAsMiB,
  formatMiB,
  formatMs,
  formatRatio,
} from '../format.js';
import { max, mean, median, min } from '../stats.js';
import { renderTable } from '../table.js';
import type { CorrectnessResult } from './check.js';
import type { MemoryOutcome, MemorySubject } from './memory.js';
import type { SizeSpec } from './params.js';
import type { SamplerName } from './samplers.js';
import type { SpeedResult } from './speed.js';

/** The tables of the Poisson-disk section, shared by the terminal and RESULTS.md. */

export interface SizeFigures {
  readonly size: SizeSpec;
  readonly speed: readonly SpeedResult[];
  readonly correctness: readonly CorrectnessRow[];
}

export interface CorrectnessRow {
  readonly sampler: SamplerName;
  readonly result?: CorrectnessResult;
  readonly note?: string;
}

export interface MemoryRow {
  readonly subject: MemorySubject;
  readonly outcome?: MemoryOutcome;
  readonly note?: string;
}

/** The peer with the smallest median time at this size (the one the targets compare against). */
export function fasterPeer(speed: readonly SpeedResult[]): SpeedResult | undefined {
  return speed
    .filter((r) => r.sampler !== 'ours' && r.timesMs.length > 0)
    .sort((a, b) => median(a.timesMs) - median(b.timesMs))[0];
}

export function oursOf<T extends { readonly sampler: SamplerName }>(
  rows: readonly T[],
): T | undefined {
  return rows.find((r) => r.sampler === 'ours');
}

export function speedTable(figures: readonly Pick<SizeFigures, 'size' | 'speed'>[]): string {
  const rows = figures.flatMap(({ size, speed }) => {
    const oursMedianMs = median(oursOf(speed)?.timesMs ?? []);
    return speed.map((r) => {
      const medianMs = median(r.timesMs);
      return [
        size.name,
        r.sampler,
        formatMs(medianMs),
        r.timesMs.length > 0 ? `${formatMs(min(r.timesMs))}–${formatMs(max(r.timesMs))}` : '–',
        String(r.timesMs.length),
        formatInt(mean(r.counts)),
        formatFixed(mean(r.counts) / size.areaMm2, 4),
        formatRatio(medianMs / oursMedianMs),
        r.note ?? '',
      ];
    });
  });
  return renderTable(
    [
      { header: 'Size' },
      { header: 'Sampler' },
      { header: 'Median ms', align: 'right' },
      { header: 'Min–max ms', align: 'right' },
      { header: 'Runs', align: 'right' },
      { header: 'Points (mean)', align: 'right' },
      { header: 'Points/mm²', align: 'right' },
      { header: 'Median / ours', align: 'right' },
      { header: 'Note' },
    ],
    rows,
  );
}

export function correctnessTable(figures: readonly SizeFigures[], minDistanceMm: number): string {
  const rows = figures.flatMap(({ size, correctness }) =>
    correctness.map(({ sampler, result, note }) =>
      result
        ? [
            size.name,
            sampler,
            formatInt(result.count),
            formatInt(result.violatingPairs),
            result.smallestDistanceMm.toFixed(9),
            (result.smallestDistanceMm / minDistanceMm).toFixed(9),
            formatInt(result.outside),
            note ?? '',
          ]
        : [size.name, sampler, '–', '–', '–', '–', '–', note ?? ''],
    ),
  );
  return renderTable(
    [
      { header: 'Size' },
      { header: 'Sampler' },
      { header: 'Points', align: 'right' },
      { header: 'Pairs closer than r', align: 'right' },
      { header: 'Smallest distance mm', align: 'right' },
      { header: 'Smallest / r', align: 'right' },
      { header: 'Outside rectangle', align: 'right' },
      { header: 'Note' },
    ],
    rows,
  );
}

export interface MemoryDelta {
  readonly peakRssDeltaKiB: number;
  readonly heldDeltaBytes: number;
}

/** Peak RSS and held memory of a child, minus the baseline child's. */
export function memoryDelta(row: MemoryRow, baseline: MemoryRow): MemoryDelta | undefined {
  if (!row.outcome?.ok || !baseline.outcome?.ok) return undefined;
  const a = row.outcome.reading;
  const b = baseline.outcome.reading;
  return {
    peakRssDeltaKiB: a.peakRssKiB - b.peakRssKiB,
    heldDeltaBytes: a.heapUsedBytes + a.arrayBuffersBytes - (b.heapUsedBytes + b.arrayBuffersBytes),
  };
}

export function memoryTable(rows: readonly MemoryRow[]): string {
  const baseline = rows.find((r) => r.subject === 'baseline');
  const ours = rows.find((r) => r.subject === 'ours');
  const oursDelta = ours && baseline ? memoryDelta(ours, baseline) : undefined;
  const tableRows = rows.map((row) => {
    const reading = row.outcome?.ok ? row.outcome.reading : undefined;
    const delta = baseline && row !== baseline ? memoryDelta(row, baseline) : undefined;
    const error = row.outcome && !row.outcome.ok ? row.outcome.error : '';
    return [
      row.subject,
      reading ? formatInt(reading.count) : '–',
      reading ? formatInt(reading.peakRssKiB) : '–',
      delta ? formatInt(delta.peakRssDeltaKiB) : '–',
      delta ? formatKiBAsMiB(delta.peakRssDeltaKiB) : '–',
      reading ? formatMiB(reading.heapUsedBytes) : '–',
      reading ? formatMiB(reading.arrayBuffersBytes) : '–',
      delta ? formatMiB(delta.heldDeltaBytes) : '–',
      delta && oursDelta ? formatFixed(oursDelta.peakRssDeltaKiB / delta.peakRssDeltaKiB, 2) : '–',
      row.note ?? error,
    ];
  });
  return renderTable(
    [
      { header: 'Child' },
      { header: 'Points', align: 'right' },
      { header: 'Peak RSS KiB', align: 'right' },
      { header: 'Δ peak RSS KiB', align: 'right' },
      { header: 'Δ peak RSS MiB', align: 'right' },
      { header: 'Heap used MiB', align: 'right' },
      { header: 'ArrayBuffers MiB', align: 'right' },
      { header: 'Δ held MiB', align: 'right' },
      { header: 'Ours Δ / this Δ', align: 'right' },
      { header: 'Note' },
    ],
    tableRows,
  );
}
