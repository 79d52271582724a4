import type { RingMm } from '../geometry/polygon.js';
import type { Plan } from '../plan/types.js';

/**
 * The plan drawn to scale as SVG: zone outlines, exclusions hatched in red, every core a circle
 * of its true diameter. Units are mm (the viewBox), so the drawing measures true on screen
 * at any zoom; the chart's y axis points up, so y is flipped.
 */
export function planToSvg(plan: Plan, pixelsPerMm = 4): string {
  const margin = 8;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const zone of plan.zones) {
    for (const [x, y] of zone.polygon) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  const width = maxX - minX + 2 * margin;
  const height = maxY - minY + 2 * margin + 10;
  const tx = (x: number) => fmt(x - minX + margin);
  const ty = (y: number) => fmt(maxY - y + margin + 10);
  const path = (ring: RingMm) => `M${ring.map(([x, y]) => `${tx(x)},${ty(y)}`).join('L')}Z`;
  const r = fmt(plan.needle.coreDiameterMm / 2);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width * pixelsPerMm)}" height="${fmt(height * pixelsPerMm)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}">`,
    `<title>microcore plan: ${plan.totals.cores} cores, ${plan.needle.gauge}, ${(plan.totals.coverageFraction * 100).toFixed(2)} % coverage</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${margin}" y="7" font-family="sans-serif" font-size="4">${escapeXml(
      `${plan.totals.cores} cores · ${plan.needle.gauge} (${plan.needle.coreDiameterMm} mm) · ${(plan.totals.coverageFraction * 100).toFixed(2)} % · ${plan.pattern} · seed ${plan.seed}${plan.mode === 'research' ? ' · RESEARCH MODE' : ''} · 1 unit = 1 mm`,
    )}</text>`,
  ];
  for (const zone of plan.zones) {
    out.push(`<g id="${escapeXml(zone.id)}">`);
    out.push(
      `<path d="${path(zone.polygon)}" fill="#fdf3ec" stroke="#6b4c3b" stroke-width="0.3"/>`,
    );
    for (const exclusion of zone.exclusions) {
      out.push(`<path d="${path(exclusion)}" fill="#f5c6c6" stroke="#c0392b" stroke-width="0.3"/>`);
    }
    const dots = zone.cores
      .map(([x, y]) => `<circle cx="${tx(x)}" cy="${ty(y)}" r="${r}"/>`)
      .join('');
    out.push(`<g fill="#7a1f1f">${dots}</g>`);
    const cx = zone.polygon.reduce((s, p) => s + p[0], 0) / zone.polygon.length;
    const cy = zone.polygon.reduce((s, p) => s + p[1], 0) / zone.polygon.length;
    out.push(
      `<text x="${tx(cx)}" y="${ty(cy)}" font-family="sans-serif" font-size="3.5" text-anchor="middle" fill="#1a3c6e" stroke="#fff" stroke-width="0.6" paint-order="stroke">${escapeXml(zone.id)}</text>`,
    );
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function fmt(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
