import { Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { toHex, viridis, viridisTable } from './colourMap.js';

const TABLE = viridisTable(256);

/**
 * The heat map's colour scale in %, beside the image (the image carries its own copy): a bar of
 * the map with its ticks, named for screen readers by its two ends.
 */
export function ColourScale({ tickLabels, caption }: { tickLabels: string[]; caption: string }) {
  const bar = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = bar.current?.getContext('2d');
    if (!ctx) return;
    for (let i = 0; i < 256; i++) {
      ctx.fillStyle = toHex([TABLE[4 * i], TABLE[4 * i + 1], TABLE[4 * i + 2]]);
      ctx.fillRect(i, 0, 1, 12);
    }
  }, []);
  const first = tickLabels[0];
  const last = tickLabels[tickLabels.length - 1];
  return (
    <figure
      className="mc-colour-scale"
      role="img"
      aria-label={`Colour scale: ${caption}, from ${first} (dark purple, ${toHex(viridis(0))}) to ${last} (yellow, ${toHex(viridis(1))})`}
      data-testid="colour-scale"
    >
      <canvas ref={bar} width={256} height={12} className="mc-colour-bar" />
      <div className="mc-colour-ticks" aria-hidden="true">
        {tickLabels.map((label, k) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the ticks are a fixed, ordered list
          <span key={k}>{label}</span>
        ))}
      </div>
      <Text size="xs" c="gray.7" aria-hidden="true">
        {caption}
      </Text>
    </figure>
  );
}
