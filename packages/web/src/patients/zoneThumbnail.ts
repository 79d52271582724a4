import type { FaceTemplate } from '@microcore/core';

/**
 * A plan's zones drawn small: every zone of the face template as an SVG path, the plan's own
 * zones marked. Plan summaries carry zone ids but no cores, so the thumbnail is built from the
 * template's outlines. The template's axes (zones.ts) put y upwards and x towards the patient's
 * left, which a front view shows on the viewer's right: x stays, y is flipped.
 */

export interface ThumbnailZone {
  readonly id: string;
  readonly label: string;
  /** SVG path data in the viewBox's units (mm). */
  readonly d: string;
  readonly planned: boolean;
}

export interface Thumbnail {
  readonly viewBox: string;
  readonly zones: readonly ThumbnailZone[];
  /** The labels of the plan's zones the template knows, in the template's order. */
  readonly plannedLabels: readonly string[];
}

/** Room around the outlines, mm. */
const MARGIN_MM = 4;

const round = (value: number) => Math.round(value * 10) / 10;

export function zoneThumbnail(template: FaceTemplate, zoneIds: readonly string[]): Thumbnail {
  const wanted = new Set(zoneIds);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const zones = template.zones.map((zone) => {
    const points = zone.polygon.map(([x, y]) => {
      const svgY = -y;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, svgY);
      maxY = Math.max(maxY, svgY);
      return `${round(x)} ${round(svgY)}`;
    });
    return {
      id: zone.id,
      label: zone.label,
      d: `M${points.join('L')}Z`,
      planned: wanted.has(zone.id),
    };
  });
  const viewBox = [
    minX - MARGIN_MM,
    minY - MARGIN_MM,
    maxX - minX + 2 * MARGIN_MM,
    maxY - minY + 2 * MARGIN_MM,
  ]
    .map(round)
    .join(' ');
  return {
    viewBox,
    zones,
    plannedLabels: zones.filter((z) => z.planned).map((z) => z.label),
  };
}
