import type { SimulationRun } from '../heal/simulate.js';
import type { StoredPlan } from '../plan/types.js';

/**
 * The tightening field at the last day simulated, drawn on the skin chart: each triangle coloured
 * by its area change (white = none, deep red = the largest loss), the zone outlines, and arrows
 * for the in-plane displacement ("lift"), exaggerated to be seen and the scale written down.
 */
export function simulationToSvg(run: SimulationRun, plan: StoredPlan, pixelsPerMm = 3): string {
  const { field, etaAtLastDay: eta, simulation } = run;
  const { mesh } = field;
  const p = mesh.nodesXY;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let n = 0; n < mesh.nodeCount; n++) {
    minX = Math.min(minX, p[2 * n]);
    maxX = Math.max(maxX, p[2 * n]);
    minY = Math.min(minY, p[2 * n + 1]);
    maxY = Math.max(maxY, p[2 * n + 1]);
  }
  const header = 16;
  const width = maxX - minX + 10;
  const height = maxY - minY + 10 + header;
  const tx = (x: number) => fmt(x - minX + 5);
  const ty = (y: number) => fmt(maxY - y + 5 + header);
  let worst = 0;
  for (const v of field.elementAreaChange) worst = Math.min(worst, v * eta);
  const colour = (change: number) => {
    const f = worst < 0 ? Math.min(1, Math.max(0, change / worst)) : 0;
    const g = Math.round(255 - 200 * f);
    return `rgb(${Math.round(255 - 90 * f)},${g},${g})`;
  };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width * pixelsPerMm)}" height="${fmt(height * pixelsPerMm)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  const day = simulation.timeline[simulation.timeline.length - 1];
  out.push(
    `<text x="5" y="6" font-family="sans-serif" font-size="4">Tightening at day ${day.day}: area change ${(day.areaChangeFraction * 100).toFixed(2)} % (90 % interval ${(day.areaChangeInterval.low * 100).toFixed(2)} to ${(day.areaChangeInterval.high * 100).toFixed(2)} %)</text>`,
    `<text x="5" y="12" font-family="sans-serif" font-size="3.2" fill="#a00">${simulation.label} · colour: area change, deepest ${(worst * 100).toFixed(2)} % · arrows: displacement ×${ARROW_SCALE}</text>`,
  );
  const triangles: string[] = [];
  for (let e = 0; e < mesh.triangleCount; e++) {
    const a = mesh.triangles[3 * e];
    const b = mesh.triangles[3 * e + 1];
    const c = mesh.triangles[3 * e + 2];
    triangles.push(
      `<path d="M${tx(p[2 * a])},${ty(p[2 * a + 1])}L${tx(p[2 * b])},${ty(p[2 * b + 1])}L${tx(p[2 * c])},${ty(p[2 * c + 1])}Z" fill="${colour(field.elementAreaChange[e] * eta)}"/>`,
    );
  }
  out.push(`<g stroke="none">${triangles.join('')}</g>`);
  for (const zone of plan.zones) {
    out.push(
      `<path d="M${zone.polygon.map(([x, y]) => `${tx(x)},${ty(y)}`).join('L')}Z" fill="none" stroke="#333" stroke-width="0.3"/>`,
    );
  }
  // Arrows on a coarse grid of nodes.
  const step = 12;
  const used = new Set<string>();
  const arrows: string[] = [];
  for (let n = 0; n < mesh.nodeCount; n++) {
    const x = p[2 * n];
    const y = p[2 * n + 1];
    const key = `${Math.round(x / step)},${Math.round(y / step)}`;
    if (used.has(key)) continue;
    used.add(key);
    const ux = field.displacementMm[2 * n] * eta * ARROW_SCALE;
    const uy = field.displacementMm[2 * n + 1] * eta * ARROW_SCALE;
    if (Math.hypot(ux, uy) < 0.3) continue;
    arrows.push(`<line x1="${tx(x)}" y1="${ty(y)}" x2="${tx(x + ux)}" y2="${ty(y + uy)}"/>`);
  }
  out.push(`<g stroke="#1a3c6e" stroke-width="0.35" marker-end="url(#tip)">${arrows.join('')}</g>`);
  out.splice(
    2,
    0,
    '<defs><marker id="tip" markerWidth="4" markerHeight="4" refX="3" refY="2" orient="auto"><path d="M0,0L4,2L0,4Z" fill="#1a3c6e"/></marker></defs>',
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const ARROW_SCALE = 20;

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
