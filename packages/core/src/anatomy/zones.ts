import type { RingMm } from '../geometry/polygon.js';

/**
 * A treatment zone on the skin-surface chart: a flattened map of the lower face in which areas
 * are true skin areas (mm²), not a frontal-photo projection. Axes: origin at soft-tissue menton
 * (the lowest point of the chin, midline), x towards the patient's left, y upwards (cranial).
 */
export interface Zone {
  readonly id: string;
  readonly label: string;
  /** Whether the zone is among the indicated ones (cheeks, jawline, submental). */
  readonly indicated: boolean;
  readonly polygon: RingMm;
  /** Areas not to treat inside the zone (a mole, a scar). */
  readonly exclusions: readonly RingMm[];
}

export interface FaceTemplate {
  readonly name: string;
  readonly zones: readonly Zone[];
}
