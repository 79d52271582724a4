import { Button, Group, Text } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { viridisTable } from './colourMap.js';
import {
  drawField,
  type FieldFrame,
  IMAGE_HEIGHT_PX,
  IMAGE_LAYOUT,
  prepareFieldRaster,
} from './drawField.js';
import { formatNumber } from './format.js';
import type { PredictedField } from './predictProtocol.js';

const TABLE = viridisTable(256);

interface Props {
  readonly field: PredictedField;
  readonly largestEta: number;
  readonly frame: Omit<FieldFrame, 'table' | 'arrows' | 'scaleCaption'>;
  /** What the image shows, for screen readers. */
  readonly description: string;
  readonly fileName: string;
}

/**
 * The tightening field as a heat map on a canvas, with the zone outlines, displacement arrows,
 * the label and the colour scale drawn into the image itself, so a saved or printed copy carries
 * them. The field is sampled once per result; a new day only recolours it.
 */
export function FieldImage({ field, largestEta, frame, description, fileName }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const raster = useMemo(
    () =>
      prepareFieldRaster(
        { nodesXY: field.nodesXY, triangles: field.triangles },
        field.nodalAreaLoss,
        field.arrows,
        largestEta,
      ),
    [field, largestEta],
  );
  const arrowsNote = `Arrows: the skin's displacement, lengthened ×${formatNumber(raster.exaggeration)} to be seen`;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    drawField(ctx, raster, {
      ...frame,
      table: TABLE,
      arrows: field.arrows,
      scaleCaption: [
        'Tightening (area loss), %',
        `Arrows: displacement ×${formatNumber(raster.exaggeration)}`,
      ],
    });
  }, [raster, frame, field.arrows]);

  const save = () => {
    canvas.current?.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    }, 'image/png');
  };

  return (
    <figure className="mc-field-figure">
      <canvas
        ref={canvas}
        width={IMAGE_LAYOUT.widthPx}
        height={IMAGE_HEIGHT_PX}
        className="mc-field-canvas"
        role="img"
        aria-label={description}
        data-testid="field-image"
      />
      <Text size="xs" c="gray.7">
        {arrowsNote}.
      </Text>
      <Group className="mc-no-print" mt="xs">
        <Button variant="default" size="xs" onClick={save}>
          Save image (PNG)
        </Button>
      </Group>
    </figure>
  );
}
