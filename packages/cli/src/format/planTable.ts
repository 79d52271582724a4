import type { Plan } from '@microcore/core';
import { formatTable } from './table.js';

/** The plan as a readable table for a terminal. */
export function formatPlanTable(plan: Plan): string {
  const lines: string[] = [];
  const pct = (f: number) => (f * 100).toFixed(2);
  const um = (mm: number | null) => (mm === null ? '—' : String(Math.round(mm * 1000)));
  lines.push(
    `microcore plan — ${plan.needle.gauge} (core ${plan.needle.coreDiameterMm} mm), target ${pct(plan.coverageTarget)} %, ` +
      `bridge ≥ ${Math.round(plan.bridgeMinMm * 1000)} µm, ${plan.pattern}, seed ${plan.seed}${plan.mode === 'research' ? ', RESEARCH MODE' : ''}`,
  );
  lines.push(`template: ${plan.template}`);
  lines.push('');
  const header = ['zone', 'area cm²', 'cores', 'coverage %', 'min bridge µm', 'worst 1 cm² %'];
  const rows = plan.zones.map((z) => [
    z.id,
    (z.areaMm2 / 100).toFixed(2),
    String(z.coreCount),
    pct(z.coverageFraction),
    um(z.minBridgeMm),
    pct(z.worstWindowCoverageFraction),
  ]);
  rows.push([
    'total',
    (plan.totals.areaMm2 / 100).toFixed(2),
    String(plan.totals.cores),
    pct(plan.totals.coverageFraction),
    um(plan.totals.minBridgeMm),
    pct(plan.totals.worstWindowCoverageFraction),
  ]);
  lines.push(...formatTable(header, rows, [rows.length - 1]));
  lines.push('');
  lines.push(
    `handpiece fields: ${plan.totals.fields} · strokes (${plan.handpiece.needleCount} needles): ${plan.totals.strokes} · ` +
      `estimated time: ${plan.totals.estimatedMinutes} min (handpiece timings are settings from a LOW-confidence source)`,
  );
  if (plan.warnings.length > 0) {
    lines.push('');
    lines.push('warnings:');
    for (const w of plan.warnings) lines.push(`  ! ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}
