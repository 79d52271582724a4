import { MicrocoreError } from '../errors.js';
import type { FaceTemplate } from './zones.js';

/**
 * Patient scaling. The template stands for an adult with the reference landmark distances below;
 * a patient's measured distances scale it, x by the width ratio and y by the height ratio.
 */
export const REFERENCE_LANDMARKS = {
  /** Zygion to zygion, mm (Farkas norms, adult mean of men and women). */
  bizygomaticWidthMm: 133,
  /** Subnasale to soft-tissue menton, mm (Farkas norms). */
  lowerFaceHeightMm: 70,
} as const;

export interface Landmarks {
  readonly bizygomaticWidthMm?: number;
  readonly lowerFaceHeightMm?: number;
}

export interface ScaleFactors {
  readonly x: number;
  readonly y: number;
}

/** The scale factors accepted: beyond them a measurement is more likely in the wrong unit. */
export const SCALE_RANGE = { min: 0.6, max: 1.6 } as const;
const MIN_SCALE = SCALE_RANGE.min;
const MAX_SCALE = SCALE_RANGE.max;

/** Scale factors from measured landmarks; one landmark alone scales both axes. */
export function scaleFromLandmarks(landmarks: Landmarks): ScaleFactors {
  const { bizygomaticWidthMm: w, lowerFaceHeightMm: h } = landmarks;
  const x = w === undefined ? undefined : w / REFERENCE_LANDMARKS.bizygomaticWidthMm;
  const y = h === undefined ? undefined : h / REFERENCE_LANDMARKS.lowerFaceHeightMm;
  if (x === undefined && y === undefined) {
    throw new MicrocoreError(
      'scale.invalid',
      'give at least one landmark distance (bizygomaticWidthMm or lowerFaceHeightMm)',
      'landmarks',
    );
  }
  return checkScale({ x: x ?? (y as number), y: y ?? (x as number) });
}

/** A uniform scale factor, checked. */
export function uniformScale(factor: number): ScaleFactors {
  return checkScale({ x: factor, y: factor });
}

export function scaleTemplate(template: FaceTemplate, scale: ScaleFactors): FaceTemplate {
  if (scale.x === 1 && scale.y === 1) return template;
  const ring = (points: FaceTemplate['zones'][number]['polygon']) =>
    points.map(([px, py]) => [px * scale.x, py * scale.y] as const);
  return {
    name: `${template.name}, scaled ×${round(scale.x)} (width) ×${round(scale.y)} (height)`,
    zones: template.zones.map((zone) => ({
      ...zone,
      polygon: ring(zone.polygon),
      exclusions: zone.exclusions.map(ring),
    })),
  };
}

function checkScale(scale: ScaleFactors): ScaleFactors {
  for (const [axis, value] of Object.entries(scale)) {
    if (!Number.isFinite(value) || value < MIN_SCALE || value > MAX_SCALE) {
      throw new MicrocoreError(
        'scale.invalid',
        `${scale.x === scale.y ? 'scale factor' : axis === 'x' ? 'width scale factor' : 'height scale factor'} ${value} is outside ${MIN_SCALE}–${MAX_SCALE}; check the measurement units (mm) or use a measured template`,
        'scale',
      );
    }
  }
  return scale;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
