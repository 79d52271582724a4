import type { PointMm } from '../geometry/polygon.js';

/**
 * Where the face skin is held, on the default template's chart (mm): the retaining ligaments
 * that tether the skin to bone. Positions from the anatomy of the facial retaining ligaments
 * (Furnas 1989; Stuzin et al. 1992; Mendelson 2002, MED): the zygomatic ligaments at the lower
 * border of the zygomatic arch, the mandibular ligaments along the anterior third of the
 * mandible. The outer edge of the simulated skin (hairline, ear, neck) is held as well.
 */
export const DEFAULT_LIGAMENT_ANCHORS: readonly {
  readonly name: string;
  readonly pointMm: PointMm;
}[] = [
  { name: 'zygomatic ligament, left', pointMm: [92, 110] },
  { name: 'zygomatic ligament, right', pointMm: [-92, 110] },
  { name: 'mandibular ligament, left', pointMm: [40, 4] },
  { name: 'mandibular ligament, right', pointMm: [-40, 4] },
];
