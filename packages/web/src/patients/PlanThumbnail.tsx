import { DEFAULT_TEMPLATE } from '@microcore/core';
import { useMemo } from 'react';
import { formatNumber } from '../format/locale';
import classes from './PlanThumbnail.module.css';
import { zoneThumbnail } from './zoneThumbnail';

/**
 * A plan at a glance: the face template's zones, the plan's filled, and its number of cores.
 * Plain SVG elements drawn by React and styled by class (no script, no inline style).
 */
export function PlanThumbnail({
  zoneIds,
  cores,
  width = 132,
}: {
  zoneIds: readonly string[];
  cores: number | undefined;
  width?: number;
}) {
  const thumbnail = useMemo(() => zoneThumbnail(DEFAULT_TEMPLATE, zoneIds), [zoneIds]);
  const coreText = cores === undefined ? '' : `${formatNumber(cores)} cores`;
  const zonesText = thumbnail.plannedLabels.join('; ') || 'none';
  const label = `Zones planned: ${zonesText}${coreText ? `; ${coreText}` : ''}`;
  return (
    <figure className={classes.figure}>
      <svg viewBox={thumbnail.viewBox} width={width} role="img" aria-label={label}>
        <title>{label}</title>
        {thumbnail.zones.map((zone) => (
          <path
            key={zone.id}
            d={zone.d}
            className={zone.planned ? classes.planned : classes.zone}
          />
        ))}
      </svg>
      {coreText && <figcaption className={classes.caption}>{coreText}</figcaption>}
    </figure>
  );
}
