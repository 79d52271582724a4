import { DEFAULT_TEMPLATE } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { zoneThumbnail } from '../src/patients/zoneThumbnail';

/** The SVG path's points back as numbers. */
const points = (d: string) =>
  d
    .replace(/^M/, '')
    .replace(/Z$/, '')
    .split('L')
    .map((pair) => pair.split(' ').map(Number) as [number, number]);

describe("a plan's thumbnail", () => {
  const thumbnail = zoneThumbnail(DEFAULT_TEMPLATE, ['submental', 'cheek-left', 'no-such-zone']);

  it("draws every template zone and marks the plan's, ignoring ids the template lacks", () => {
    expect(thumbnail.zones.map((z) => z.id)).toEqual(DEFAULT_TEMPLATE.zones.map((z) => z.id));
    expect(thumbnail.zones.filter((z) => z.planned).map((z) => z.id)).toEqual([
      'cheek-left',
      'submental',
    ]);
    expect(thumbnail.plannedLabels).toEqual(['Cheek, left', 'Submental (under the chin)']);
  });

  it('keeps x and flips y, so the chin is at the bottom and the left cheek on the right', () => {
    const submental = DEFAULT_TEMPLATE.zones.find((z) => z.id === 'submental');
    const drawn = thumbnail.zones.find((z) => z.id === 'submental');
    expect(submental && drawn).toBeTruthy();
    expect(points(drawn?.d ?? '')).toEqual(
      submental?.polygon.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(-y * 10) / 10 + 0]),
    );
    const cheek = points(thumbnail.zones.find((z) => z.id === 'cheek-left')?.d ?? '');
    const chin = points(drawn?.d ?? '');
    // SVG y grows downwards: the cheek (cranial) has smaller y than the submental zone.
    expect(Math.max(...cheek.map(([, y]) => y))).toBeLessThan(Math.max(...chin.map(([, y]) => y)));
    expect(Math.min(...cheek.map(([x]) => x))).toBeGreaterThan(0);
  });

  it('frames every zone with a margin', () => {
    const [minX, minY, width, height] = thumbnail.viewBox.split(' ').map(Number);
    for (const zone of thumbnail.zones)
      for (const [x, y] of points(zone.d)) {
        expect(x).toBeGreaterThan(minX);
        expect(x).toBeLessThan(minX + width);
        expect(y).toBeGreaterThan(minY);
        expect(y).toBeLessThan(minY + height);
      }
  });

  it('marks nothing for a plan without zones the template knows', () => {
    expect(zoneThumbnail(DEFAULT_TEMPLATE, []).plannedLabels).toEqual([]);
  });
});
