import { describe, expect, it } from 'vitest';
import { colourField, nodalAverage, rasterizeField } from '../src/prediction/fieldRaster.js';
import { boundsOfPoints, fitView, toCanvas, toChart } from '../src/prediction/fieldView.js';

// The square 0..10 mm split into two triangles along its diagonal.
const square = {
  nodesXY: Float64Array.of(0, 0, 10, 0, 10, 10, 0, 10),
  triangles: Uint32Array.of(0, 1, 2, 0, 2, 3),
};

describe('field view', () => {
  it('fits the chart into the canvas at one scale, centred, y up on the chart and down on screen', () => {
    const view = fitView({ minXMm: 0, minYMm: 0, maxXMm: 100, maxYMm: 50 }, 420, 220, 10);
    expect(view.pxPerMm).toBe(4); // width limits: 400 px for 100 mm
    expect(toCanvas(view, 0, 50)).toEqual([10, 10]);
    expect(toCanvas(view, 100, 0)).toEqual([410, 210]);
    expect(toChart(view, ...toCanvas(view, 37, 12))).toEqual([37, 12]);
    expect(boundsOfPoints([3, -1, -2, 4, 5, 0])).toEqual({
      minXMm: -2,
      minYMm: -1,
      maxXMm: 5,
      maxYMm: 4,
    });
  });
});

describe('field → image', () => {
  it('averages element values at the nodes by area', () => {
    const mesh = {
      // Triangles of area 50 and 100 sharing the edge 1–2.
      nodesXY: Float64Array.of(0, 0, 10, 0, 10, 10, 30, 5),
      triangles: Uint32Array.of(0, 1, 2, 1, 3, 2),
    };
    const nodal = nodalAverage(mesh, [3, 6]);
    expect(nodal[0]).toBe(3);
    expect(nodal[3]).toBe(6);
    expect(nodal[1]).toBeCloseTo((50 * 3 + 100 * 6) / 150, 12);
  });

  it('interpolates a linear field exactly at every pixel centre it covers', () => {
    const f = (x: number, y: number) => 2 + 0.3 * x - 0.1 * y;
    const nodal = [0, 1, 2, 3].map((n) => f(square.nodesXY[2 * n], square.nodesXY[2 * n + 1]));
    const view = fitView(boundsOfPoints(square.nodesXY), 40, 40);
    const samples = rasterizeField(square, nodal, view);
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 40; x++) {
        const [xMm, yMm] = toChart(view, x + 0.5, y + 0.5);
        expect(samples[y * 40 + x]).toBeCloseTo(f(xMm, yMm), 5);
      }
    }
  });

  it('leaves no gap along a shared edge, and nothing outside the mesh', () => {
    // The square drawn in a canvas twice its size: the outer ring of pixels is uncovered.
    const view = fitView(boundsOfPoints(square.nodesXY), 60, 60, 15);
    const samples = rasterizeField(square, [1, 1, 1, 1], view);
    let covered = 0;
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 60; x++) {
        const inside = x >= 15 && x < 45 && y >= 15 && y < 45;
        const v = samples[y * 60 + x];
        if (inside) expect(v, `pixel ${x},${y}`).toBe(1);
        else expect(Number.isNaN(v)).toBe(true);
        if (!Number.isNaN(v)) covered++;
      }
    }
    expect(covered).toBe(30 * 30);
  });

  it('colours samples through the table, scaled by the day’s factor, transparent where uncovered', () => {
    const table = Uint8ClampedArray.of(0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255);
    const out = new Uint8ClampedArray(4 * 4);
    colourField(Float32Array.of(0, 0.5, 1, Number.NaN), 2, 0, 2, table, out);
    expect(Array.from(out)).toEqual([
      0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255, 0, 0, 0, 0,
    ]);
    // Beyond the scale's ends the ends' colours.
    colourField(Float32Array.of(-5, 9, 0, Number.NaN), 1, 0, 2, table, out, [255, 255, 255, 255]);
    expect(Array.from(out.subarray(0, 8))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    // Uncovered pixels take the background given (white for an image to save).
    expect(Array.from(out.subarray(12, 16))).toEqual([255, 255, 255, 255]);
  });
});
