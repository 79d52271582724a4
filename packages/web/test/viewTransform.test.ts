import { describe, expect, it } from 'vitest';
import {
  boundsOfRings,
  clampView,
  fitView,
  interpolateView,
  mmToPx,
  panBy,
  pxToMm,
  visibleBounds,
  zoomAbout,
  zoomLimits,
} from '../src/planner/viewTransform.js';

const bounds = { minXMm: -130, minYMm: -60, maxXMm: 130, maxYMm: 185 };
const size = { widthPx: 800, heightPx: 600 };

describe('the view transform (mm ↔ canvas px)', () => {
  it('fits the bounds, centred, with the padding on the tighter axis', () => {
    const view = fitView(bounds, size, 20);
    // Height is the tighter axis: (600 − 40) / 245 px a mm.
    expect(view.pxPerMm).toBeCloseTo(560 / 245, 12);
    const [left, top] = mmToPx(view, bounds.minXMm, bounds.maxYMm);
    const [right, bottom] = mmToPx(view, bounds.maxXMm, bounds.minYMm);
    expect(top).toBeCloseTo(20, 9);
    expect(bottom).toBeCloseTo(580, 9);
    expect((left + right) / 2).toBeCloseTo(400, 9);
    expect(left).toBeGreaterThan(20);
  });

  it('flips y (the chart points up, the canvas down), and pxToMm undoes mmToPx', () => {
    const view = { pxPerMm: 3, originXPx: 400, originYPx: 300 };
    expect(mmToPx(view, 10, 10)).toEqual([430, 270]);
    expect(mmToPx(view, 10, -10)).toEqual([430, 330]);
    const [x, y] = pxToMm(view, ...mmToPx(view, 12.5, -7.25));
    expect(x).toBeCloseTo(12.5, 12);
    expect(y).toBeCloseTo(-7.25, 12);
  });

  it('zooms about a point, which stays under the pointer, within the limits', () => {
    const view = fitView(bounds, size);
    const limits = zoomLimits(view);
    const before = pxToMm(view, 123, 456);
    const zoomed = zoomAbout(view, 1.7, 123, 456, limits);
    expect(zoomed.pxPerMm).toBeCloseTo(view.pxPerMm * 1.7, 12);
    const after = pxToMm(zoomed, 123, 456);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
    expect(zoomAbout(view, 1e6, 0, 0, limits).pxPerMm).toBe(limits.maxPxPerMm);
    expect(zoomAbout(view, 1e-6, 0, 0, limits).pxPerMm).toBe(limits.minPxPerMm);
    expect(limits.minPxPerMm).toBeCloseTo(view.pxPerMm / 2, 12);
    expect(limits.maxPxPerMm).toBeGreaterThanOrEqual(60);
  });

  it('pans by pixels', () => {
    const view = { pxPerMm: 2, originXPx: 10, originYPx: 20 };
    expect(panBy(view, 5, -7)).toEqual({ pxPerMm: 2, originXPx: 15, originYPx: 13 });
  });

  it('clamps a pan that would lose the face: some of it stays in sight', () => {
    const view = fitView(bounds, size);
    expect(clampView(view, bounds, size)).toBe(view);
    const away = panBy(view, 5000, -5000);
    const back = clampView(away, bounds, size, 48);
    const [left, top] = mmToPx(back, bounds.minXMm, bounds.maxYMm);
    const [right, bottom] = mmToPx(back, bounds.maxXMm, bounds.minYMm);
    expect(left).toBeCloseTo(size.widthPx - 48, 9);
    expect(bottom).toBeCloseTo(48, 9);
    expect(right).toBeGreaterThan(left);
    expect(top).toBeLessThan(bottom);
    // Zoomed in, a pan inside the content is left alone.
    const zoomed = zoomAbout(view, 8, 400, 300, zoomLimits(view));
    expect(clampView(panBy(zoomed, 100, 100), bounds, size)).toEqual(panBy(zoomed, 100, 100));
  });

  it('interpolates a zoom: geometric in scale, keeping the centre still', () => {
    const a = fitView(bounds, size);
    const b = zoomAbout(a, 4, 400, 300, zoomLimits(a));
    expect(interpolateView(a, b, 0, size)).toBe(a);
    expect(interpolateView(a, b, 1, size)).toBe(b);
    const mid = interpolateView(a, b, 0.5, size);
    expect(mid.pxPerMm).toBeCloseTo(a.pxPerMm * 2, 12);
    const [cx, cy] = pxToMm(mid, 400, 300);
    const [ax, ay] = pxToMm(a, 400, 300);
    expect(cx).toBeCloseTo(ax, 9);
    expect(cy).toBeCloseTo(ay, 9);
  });

  it('bounds every point of several rings', () => {
    expect(
      boundsOfRings([
        [
          [1, 2],
          [-3, 5],
        ],
        [[4, -1]],
      ]),
    ).toEqual({ minXMm: -3, minYMm: -1, maxXMm: 4, maxYMm: 5 });
  });

  it('names the chart rectangle on screen', () => {
    const view = { pxPerMm: 2, originXPx: 400, originYPx: 300 };
    expect(visibleBounds(view, size)).toEqual({
      minXMm: -200,
      minYMm: -150,
      maxXMm: 200,
      maxYMm: 150,
    });
  });
});
