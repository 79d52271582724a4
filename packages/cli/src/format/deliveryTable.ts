import { CORE_REFUSAL_REASONS, type DeliverySummary } from '@microcore/core';
import { formatTable } from './table.js';

/** A delivery session's result as a table for a terminal (positions only in --json). */
/** Column heads of the refusals (explained under the table). */
const SHORT = {
  bridge: 'bridge',
  'outside-zone': 'outside',
  'in-exclusion': 'excl.',
  'zone-ceiling': 'zone max',
  'window-ceiling': 'cm² max',
} as const;

export function formatDeliveryTable(summary: DeliverySummary, seed: number): string {
  const pct = (f: number) => (f * 100).toFixed(2);
  const t = summary.totals;
  const refusals = (r: DeliverySummary['totals']['refused']) =>
    CORE_REFUSAL_REASONS.map((reason) => String(r[reason]));
  const header = ['zone', 'planned', 'extracted', 'failed', 'planned %', 'achieved %'].concat(
    CORE_REFUSAL_REASONS.map((r) => SHORT[r]),
  );
  const rows = summary.zones.map((z) => [
    z.zoneId,
    String(z.targetCores),
    String(z.extracted),
    String(z.failed),
    pct(z.plannedCoverageFraction),
    pct(z.achievedCoverageFraction),
    ...refusals(z.refused),
  ]);
  rows.push([
    'total',
    String(t.targetCores),
    String(t.extracted),
    String(t.failed),
    '',
    '',
    ...refusals(t.refused),
  ]);
  return [
    `microcore deliver — simulated session, seed ${seed} (${summary.status})`,
    '',
    ...formatTable(header, rows, [rows.length - 1]),
    '',
    `${t.extracted} of ${t.targetCores} planned cores extracted, ${t.failed} failed, ` +
      `${t.unreported} without an outcome; ${t.fields} fields placed, ${t.alarms} alarms`,
    `duration ${minutes(t.durationS)} (${minutes(t.durationS - t.activeS)} paused)`,
    'cores refused, by reason: bridge rule against a core already cut, outside the zone, in an ' +
      "exclusion, the zone's coverage ceiling, a 1 cm² square's ceiling",
    '',
  ].join('\n');
}

function minutes(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
