import { DEFAULT_TEMPLATE, planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { type Canvas2D, drawScene, type Scene, scaleBarMm } from '../src/planner/drawScene.js';
import { faceFeatures } from '../src/planner/faceLandmarks.js';
import { packPlan } from '../src/planner/packedPlan.js';
import { fitView, visibleBounds, zoomAbout, zoomLimits } from '../src/planner/viewTransform.js';
import { sheetDrawing } from '../src/print/sheetDrawing.js';

/** A canvas that counts the calls the drawing makes. */
function recorder() {
  const calls: Record<string, number> = {};
  const count = (name: string) => () => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const fillStyles: unknown[] = [];
  const ctx: Canvas2D = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: 'alphabetic',
    setLineDash: count('setLineDash'),
    clearRect: count('clearRect'),
    fillRect: count('fillRect'),
    beginPath: count('beginPath'),
    moveTo: count('moveTo'),
    lineTo: count('lineTo'),
    closePath: count('closePath'),
    arc: count('arc'),
    rect: count('rect'),
    fill() {
      calls.fill = (calls.fill ?? 0) + 1;
      fillStyles.push(this.fillStyle);
    },
    stroke: count('stroke'),
    fillText: count('fillText'),
  };
  return { ctx, calls, fillStyles };
}

const plan = planTreatment({ seed: 2 });
const packed = packPlan(plan);
const scene: Scene = {
  face: faceFeatures(),
  zones: DEFAULT_TEMPLATE.zones.map((z) => ({
    id: z.id,
    polygon: z.polygon,
    planned: plan.zones.some((p) => p.id === z.id),
  })),
  cores: { ...packed, coreDiameterMm: plan.needle.coreDiameterMm },
  exclusions: [],
  selectedExclusion: -1,
  draft: null,
};
const size = { widthPx: 900, heightPx: 700 };
const bounds = { minXMm: -135, minYMm: -62, maxXMm: 135, maxYMm: 185 };

describe('drawing the plan on the canvas', () => {
  it('draws every core of the fitted view, in one path and one fill a zone', () => {
    const { ctx, calls, fillStyles } = recorder();
    const drawn = drawScene(ctx, scene, fitView(bounds, size), size);
    expect(drawn).toBe(plan.totals.cores);
    // Below 1.5 px a core's radius, cores are squares, one rect call each and no arc.
    expect(calls.rect).toBe(plan.totals.cores);
    expect(calls.arc ?? 0).toBe(0);
    expect(fillStyles.filter((s) => s === '#7a1f1f')).toHaveLength(plan.zones.length);
  });

  it('zoomed in, draws round cores and only those on the canvas', () => {
    const fitted = fitView(bounds, size);
    const view = zoomAbout(fitted, 12, 600, 350, zoomLimits(fitted));
    const { ctx, calls } = recorder();
    const drawn = drawScene(ctx, scene, view, size);
    const seen = visibleBounds(view, size);
    const marginMm = plan.needle.coreDiameterMm / 2;
    let inside = 0;
    for (let k = 0; k < packed.positionsMm.length; k += 2) {
      const x = packed.positionsMm[k];
      const y = packed.positionsMm[k + 1];
      if (
        x >= seen.minXMm - marginMm &&
        x <= seen.maxXMm + marginMm &&
        y >= seen.minYMm - marginMm &&
        y <= seen.maxYMm + marginMm
      )
        inside++;
    }
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(plan.totals.cores);
    expect(Math.abs(drawn - inside)).toBeLessThanOrEqual(2); // float32 positions at the edge
    expect(calls.arc).toBe(drawn);
  });

  it('labels a scale bar that fits: the longest of 0.5 … 100 mm under 120 px', () => {
    expect(scaleBarMm(2.5)).toBe(20);
    expect(scaleBarMm(10)).toBe(10);
    expect(scaleBarMm(300)).toBe(0.5);
  });
});

describe('the printed drawing', () => {
  const input = {
    face: faceFeatures(),
    zones: plan.zones.map((z) => ({ id: z.id, polygon: z.polygon })),
    positionsMm: packed.positionsMm,
    zoneStarts: packed.zoneStarts,
    coreDiameterMm: plan.needle.coreDiameterMm,
    exclusions: [],
  };

  it('takes the least reduction of those stated that fits the box, and keeps every core', () => {
    const sheet = sheetDrawing(input, 180, 170);
    expect(sheet.ratio).toBe(1.5);
    expect(sheet.widthMm).toBeLessThanOrEqual(180);
    expect(sheet.heightMm).toBeLessThanOrEqual(170);
    expect(sheet.barMm).toBe(6.667);
    expect(sheet.cores.reduce((sum, z) => sum + z.count, 0)).toBe(plan.totals.cores);
    const circles = sheet.cores.reduce((sum, z) => sum + (z.d.match(/M/g)?.length ?? 0), 0);
    expect(circles).toBe(plan.totals.cores);
    expect(sheetDrawing(input, 400, 400).ratio).toBe(1);
  });

  it('draws each core as a circle of its true diameter at the ratio', () => {
    const sheet = sheetDrawing(input, 180, 170);
    const first = sheet.cores[0].d.match(/^M[^a]+a([0-9.]+) /);
    expect(Number(first?.[1])).toBeCloseTo(plan.needle.coreDiameterMm / 2 / sheet.ratio, 3);
  });
});
