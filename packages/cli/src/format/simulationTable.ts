import type { Simulation } from '@microcore/core';
import { formatTable } from './table.js';

/** The simulation as a readable report: area change by zone over time, downtime, outcome. */
export function formatSimulationTable(s: Simulation): string {
  const lines: string[] = [];
  const pct = (f: number) => (f * 100).toFixed(2);
  lines.push(`microcore simulate — ${s.label.toUpperCase()}`);
  lines.push(
    `plan: ${s.plan.cores} cores, ${s.plan.gauge}, ${pct(s.plan.coverageFraction)} % of ${s.plan.zones.join(', ')}; ` +
      `sessions on day ${s.sessions.map((x) => x.day).join(', ')}`,
  );
  lines.push(
    `wound: each ${s.wound.coreDiameterMm} mm core gapes to ${s.wound.gapedMajorAxisMm} × ${s.wound.gapedMinorAxisMm} mm under the resting tension (${s.wound.gapeSource === 'bridge-patch' ? `mean of the ${s.bridges.holes} holes of the 1 cm² patch` : 'one isolated hole: the patch cut none'}) and closes within ~${s.wound.closedWithinHours} h`,
  );
  lines.push(
    `downtime: ${s.downtimeDays} days to epithelial cover (range ${s.downtimeInterval.low}–${s.downtimeInterval.high})`,
  );
  lines.push('');
  lines.push('area change, % (negative = tighter), nominal parameters');
  const header = ['day', ...s.timeline.map((t) => String(t.day))];
  const rows = [
    ...s.timeline[0].zones.map((z, k) => [
      z.id,
      ...s.timeline.map((t) => pct(t.zones[k].areaChangeFraction)),
    ]),
    ['total', ...s.timeline.map((t) => pct(t.areaChangeFraction))],
    ['  90 % low', ...s.timeline.map((t) => pct(t.areaChangeInterval.low))],
    ['  90 % high', ...s.timeline.map((t) => pct(t.areaChangeInterval.high))],
  ];
  lines.push(...formatTable(header, rows));
  lines.push('');
  const o = s.outcome;
  lines.push(
    `outcome at day ${o.day} (baseline Lemperle ${o.baselineLemperle}): improvement ${o.lemperleChange.mean.toFixed(2)} grades ` +
      `(${o.intervalMeaning.split(' (')[0]}: ${o.lemperleChange.low.toFixed(2)}–${o.lemperleChange.high.toFixed(2)})`,
  );
  lines.push(
    `GAIS improved or better: ${(o.gaisImprovedFraction * 100).toFixed(0)} % of patients ` +
      `(90 % interval of that share over the calibration: ${(o.gaisImprovedInterval.low * 100).toFixed(0)}–${(o.gaisImprovedInterval.high * 100).toFixed(0)} %); ` +
      'the finer GAIS categories are not predicted (no published result identifies them)',
  );
  const b = s.bridges;
  lines.push(
    `bridges (1 cm² of ${b.zone}): ${b.holes} holes gape to ${b.meanGapeAreaRatio.toFixed(2)}× their cut area; ` +
      `largest bridge strain ${b.maxBridgeStrain.toFixed(2)} (tear setting ${b.tearStrain}): ${b.flaggedBridges === 0 ? 'none flagged' : `${b.flaggedBridges} flagged`}`,
  );
  lines.push(`model: ${s.model.unknowns} unknowns, ${s.model.iterations} multigrid-CG iterations`);
  const notes = s.warnings.filter((w) => w.code !== 'model.estimate');
  if (notes.length > 0) {
    lines.push('');
    lines.push('warnings:');
    for (const w of notes) lines.push(`  ! ${w.message} (${w.code})`);
  }
  lines.push('');
  lines.push(
    `All figures are a ${s.label}. It is no facelift: it does not reposition muscle, fat or the SMAS.`,
  );
  return `${lines.join('\n')}\n`;
}
