import type { PointMm, ScaleFactors } from '@microcore/core';

/**
 * The face drawn under the zones, on the same skin-surface chart as the core's face template
 * (origin at soft-tissue menton, x towards the patient's left — the viewer's right in this front
 * view — y upwards, mm), so that the zones sit where they belong on it.
 *
 * The reference face is the template's: bizygomatic width 133 mm and lower face height
 * (subnasale–menton) 70 mm. Positions of the midface features, from Farkas' anthropometric
 * norms for adults (Anthropometry of the Head and Face, 1994; means of men and women, rounded):
 *
 * | distance                                   | norm, mm | on the chart                      |
 * | ------------------------------------------ | -------- | --------------------------------- |
 * | subnasale–menton (lower face height)       | 70       | subnasale at y = 70               |
 * | subnasale–stomion (upper lip height)       | 21       | stomion at y = 49                 |
 * | mouth width (cheilion–cheilion)            | 51       | corners at x = ±25.5              |
 * | upper / lower red lip height               | 8 / 9    | lips at y = 57 and 40             |
 * | nasal height (nasion–subnasale)            | 53       | nasion at y = 123                 |
 * | nose width (alare–alare)                   | 33       | alae at x = ±16.5                 |
 * | intercanthal width (endocanthion)          | 32       | inner corners at x = ±16          |
 * | biocular width (exocanthion)               | 89       | outer corners at x = ±44.5        |
 * | eye fissure height                         | 10       | lids 5 mm above and below         |
 * | forehead height (trichion–nasion)          | 60       | hairline at y = 183               |
 *
 * The canthi sit 10 mm below nasion and the brows 15 mm above the canthi (artists' canon, in
 * keeping with the norms). Features near the midline are barely curved, so their chart positions
 * are their frontal ones. The outline is not: the chart unrolls the lateral face (docs/anatomy.md),
 * so its sides are the template's lateral edges — the preauricular line at x ≈ ±125 and the
 * mandibular angle at (±130, 24) — and the jaw runs along the lower edge of the jawline zones to
 * the chin. The drawing is a guide to where the zones lie, not a measurement of the patient.
 *
 * Scaling to the patient is the template's own (scaleFromLandmarks in the core): x by the measured
 * bizygomatic width over 133 mm, y by the measured lower face height over 70 mm.
 */

export type FeatureName =
  | 'outline'
  | 'jaw'
  | 'chin'
  | 'eye-left'
  | 'eye-right'
  | 'iris-left'
  | 'iris-right'
  | 'brow-left'
  | 'brow-right'
  | 'nose'
  | 'nostril-left'
  | 'nostril-right'
  | 'mouth'
  | 'lip-line';

export interface FaceFeature {
  readonly name: FeatureName;
  /** A closed ring (drawn back to its first point) or an open line. */
  readonly closed: boolean;
  readonly pointsMm: readonly PointMm[];
}

/** Reference positions on the chart (mm): the table above. */
export const REFERENCE_FACE = {
  subnasaleYMm: 70,
  stomionYMm: 49,
  cheilionXMm: 25.5,
  upperLipYMm: 57,
  lowerLipYMm: 40,
  nasionYMm: 123,
  alareXMm: 16.5,
  endocanthionXMm: 16,
  exocanthionXMm: 44.5,
  canthusYMm: 113,
  eyeHalfHeightMm: 5,
  browYMm: 128,
  trichionYMm: 183,
  preauricularXMm: 125,
  gonion: [130, 24] as PointMm,
} as const;

const F = REFERENCE_FACE;

/** The patient's left half of a symmetric line; the right half is its mirror. */
const HALF_OUTLINE: PointMm[] = [
  [0, F.trichionYMm],
  [40, 180],
  [76, 168],
  [102, 150],
  [118, 128],
  [F.preauricularXMm, 100],
  [126, 70],
  [128, 45],
  F.gonion,
];

/** Along the lower edge of the jawline zone from the angle to beside the chin, then the chin. */
const HALF_JAW: PointMm[] = [
  F.gonion,
  [110, 8.8],
  [79.2, 2.2],
  [46.2, 0],
  [17.6, 4.4],
  [8, 1.2],
  [0, 0],
];

function mirrorX(points: readonly PointMm[]): PointMm[] {
  return points.map(([x, y]) => [0 - x, y] as PointMm);
}

/** Both halves as one line, from the patient's right end through the midline to the left end. */
function symmetricLine(leftHalfFromMidline: readonly PointMm[]): PointMm[] {
  const right = mirrorX(leftHalfFromMidline).reverse();
  return [...right, ...leftHalfFromMidline.slice(1)];
}

/** An almond from the inner to the outer corner: upper lid then lower lid, n points each. */
function eye(innerXMm: number, outerXMm: number, side: 1 | -1, n = 12): PointMm[] {
  const points: PointMm[] = [];
  const y0 = F.canthusYMm;
  // The outer corner sits 2 mm above the inner (the canthal tilt).
  const lift = (t: number) => 2 * t;
  for (let k = 0; k <= n; k++) {
    const t = k / n;
    points.push([
      side * (innerXMm + (outerXMm - innerXMm) * t),
      y0 + lift(t) + F.eyeHalfHeightMm * Math.sin(Math.PI * t) ** 0.8,
    ]);
  }
  for (let k = n - 1; k > 0; k--) {
    const t = k / n;
    points.push([
      side * (innerXMm + (outerXMm - innerXMm) * t),
      y0 + lift(t) - 0.8 * F.eyeHalfHeightMm * Math.sin(Math.PI * t),
    ]);
  }
  return points;
}

function circle(cx: number, cy: number, r: number, n = 16): PointMm[] {
  return Array.from({ length: n }, (_, k) => {
    const a = (2 * Math.PI * k) / n;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as PointMm;
  });
}

function referenceFeatures(): FaceFeature[] {
  const eyeCentreX = (F.endocanthionXMm + F.exocanthionXMm) / 2;
  const irisY = F.canthusYMm + 1;
  const upperLipLeft: PointMm[] = [
    [0, F.upperLipYMm - 1.2],
    [4, F.upperLipYMm],
    [12, F.upperLipYMm - 2],
    [20, F.stomionYMm + 3],
    [F.cheilionXMm, F.stomionYMm],
  ];
  const lowerLipLeft: PointMm[] = [
    [F.cheilionXMm, F.stomionYMm],
    [17, F.stomionYMm - 6],
    [8, F.lowerLipYMm + 0.6],
    [0, F.lowerLipYMm],
  ];
  return [
    { name: 'outline', closed: false, pointsMm: symmetricLine(HALF_OUTLINE) },
    { name: 'jaw', closed: false, pointsMm: symmetricLine([...HALF_JAW].reverse()) },
    {
      // The labiomental fold above the chin.
      name: 'chin',
      closed: false,
      pointsMm: [
        [-12, 28],
        [-6, 26.6],
        [0, 26.2],
        [6, 26.6],
        [12, 28],
      ],
    },
    { name: 'eye-left', closed: true, pointsMm: eye(F.endocanthionXMm, F.exocanthionXMm, 1) },
    { name: 'eye-right', closed: true, pointsMm: eye(F.endocanthionXMm, F.exocanthionXMm, -1) },
    { name: 'iris-left', closed: true, pointsMm: circle(eyeCentreX, irisY, 5) },
    { name: 'iris-right', closed: true, pointsMm: circle(-eyeCentreX, irisY, 5) },
    {
      name: 'brow-left',
      closed: false,
      pointsMm: [
        [13, F.browYMm - 2],
        [22, F.browYMm + 1.5],
        [34, F.browYMm + 2.5],
        [48, F.browYMm - 1],
      ],
    },
    {
      name: 'brow-right',
      closed: false,
      pointsMm: mirrorX([
        [13, F.browYMm - 2],
        [22, F.browYMm + 1.5],
        [34, F.browYMm + 2.5],
        [48, F.browYMm - 1],
      ]),
    },
    {
      // From the nasion down the dorsum, round the alae and under the tip.
      name: 'nose',
      closed: false,
      pointsMm: symmetricLine([
        [0, F.subnasaleYMm],
        [5, F.subnasaleYMm + 0.8],
        [11, F.subnasaleYMm + 0.4],
        [F.alareXMm, F.subnasaleYMm + 4],
        [13, F.subnasaleYMm + 9],
        [8, F.subnasaleYMm + 12],
        [6, F.nasionYMm - 25],
        [6.5, F.nasionYMm - 4],
        [9, F.nasionYMm + 1],
      ]).reverse(),
    },
    {
      name: 'nostril-left',
      closed: true,
      pointsMm: circle(7.5, F.subnasaleYMm + 2.6, 2.2, 10),
    },
    {
      name: 'nostril-right',
      closed: true,
      pointsMm: circle(-7.5, F.subnasaleYMm + 2.6, 2.2, 10),
    },
    {
      // The upper lip from the right corner to the left, then the lower lip back.
      name: 'mouth',
      closed: true,
      pointsMm: [
        ...symmetricLine(upperLipLeft),
        ...symmetricLine([...lowerLipLeft].reverse())
          .reverse()
          .slice(1, -1),
      ],
    },
    {
      name: 'lip-line',
      closed: false,
      pointsMm: [
        [-F.cheilionXMm, F.stomionYMm],
        [-10, F.stomionYMm - 0.8],
        [0, F.stomionYMm - 0.4],
        [10, F.stomionYMm - 0.8],
        [F.cheilionXMm, F.stomionYMm],
      ],
    },
  ];
}

const REFERENCE_FEATURES = referenceFeatures();

/** The face for a patient: the reference features scaled as the template is. */
export function faceFeatures(scale: ScaleFactors = { x: 1, y: 1 }): FaceFeature[] {
  return REFERENCE_FEATURES.map((feature) => ({
    ...feature,
    pointsMm: feature.pointsMm.map(([x, y]) => [x * scale.x, y * scale.y] as PointMm),
  }));
}
