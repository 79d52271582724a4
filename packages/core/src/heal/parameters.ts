/**
 * Every parameter of the healing and tightening model as data: value, unit, plausible range,
 * source and the reason for the default. The virtual cohort samples the uncertain ones within
 * their ranges — only those that change a predicted figure: the skin's modulus and thickness
 * cancel out of the area change (the eigenstrain load and the stiffness scale alike; a test
 * shows it), so they are not sampled; they act through the coupling length and, in the wound
 * gape and bridge strains, through the resting tension relative to the modulus.
 * Sources are in docs/domain.md §4 and §7 (HIGH/MED/LOW confidence).
 */
export interface Parameter {
  readonly value: number;
  readonly unit: string;
  readonly range: readonly [number, number];
  readonly source: string;
  readonly reason: string;
  /** Sampled across the virtual cohort (log-uniform over the range when `logScale`). */
  readonly uncertain?: boolean;
  readonly logScale?: boolean;
}

export const HEALING_PARAMETERS = {
  skinThicknessMm: {
    value: 1.5,
    unit: 'mm',
    range: [1.0, 2.5],
    source:
      'HIGH: ~1.0 mm epidermis + dermis at zygoma/submandibular by ultrasound; MED: 1.9–2.5 mm full-thickness cheek at 50 MHz',
    reason:
      'between the dermal and the full-thickness figures; the membrane carries load through the dermis. Not sampled: it cancels out of the area change and the strains, and its spread is carried by the coupling length',
  },
  youngsModulusMPa: {
    value: 0.15,
    unit: 'MPa',
    range: [0.07, 0.26],
    source:
      'MED: in-vivo effective modulus of forearm skin 0.07–0.26 MPa (reported values span 5 kPa–140 MPa by method, HIGH review)',
    reason:
      'mid-range of the in-vivo effective values, the ones that describe skin at its resting stretch. Not sampled: it cancels out of the area change; its spread is carried by the coupling length (macro) and the resting tension (gape, bridges act on tension ÷ modulus)',
    logScale: true,
  },
  anisotropyRatio: {
    value: 2,
    unit: '1 (stiffness along ÷ across Langer lines)',
    range: [1, 2.5],
    source: 'HIGH: about 2× stiffer along Langer lines than across',
    reason: 'the reported factor',
  },
  poissonRatio: {
    value: 0.45,
    unit: '1',
    range: [0.3, 0.49],
    source:
      'assumption: soft tissue is nearly incompressible; a membrane in plane stress stays below 0.5',
    reason: 'near-incompressible without the locking of ν → 0.5',
  },
  restingTensionMPa: {
    value: 0.03,
    unit: 'MPa (membrane stress)',
    range: [0.007, 0.053],
    source: 'HIGH: resting tension in vivo 7 kPa (lip) to 53 kPa (central cheek)',
    reason:
      'a lower-face value between lip and central cheek. Not sampled: it sets the wound gape and the bridge strains, which the simulation computes with the defaults, and does not enter the area change',
  },
  restingTensionRatio: {
    value: 0.5,
    unit: '1 (minor ÷ major principal tension)',
    range: [0.2, 1],
    source:
      'MED/HIGH: principal directions on the cheek 20–60°, punch wounds turn elliptical (171 of 175)',
    reason:
      'clearly anisotropic, as the elliptical punch wounds show; the ratio itself was not found',
  },
  foundationLengthMm: {
    value: 30,
    unit: 'mm (√(E·t / k) of the springs to the tissue beneath)',
    range: [18, 60],
    source:
      'derived (no direct measurement found): the dermis is tied to the SMAS through the superficial fat, a layer of thickness h and shear modulus G, so k = G/h and ℓ = √(E·t·h/G). E·t 0.07–0.65 N/mm (modulus × thickness above); h 2–6 mm (superficial facial fat 1.6–5.1 mm in 53 cadavers, Clinical Anatomy 2019; 5–6 mm mental/submental, Iyengar et al. Dermatol Surg 2018); G 0.75–1.5 kPa (fat 0.75 kPa by MR elastography, Hatt et al. J Mech Behav Biomed Mater 2023; facial soft tissue E 2.7–4.4 kPa by indentation, Wei et al. Int J Appl Mech 2021, G ≈ E/3)',
    reason:
      'the median of ℓ over those ranges is 29 mm and its 5th–95th percentiles 18–46 mm; the upper end is stretched to 60 mm because the SMAS beneath can itself glide (a softer spring in series)',
    uncertain: true,
    logScale: true,
  },
  fixedEdgeMarginMm: {
    value: 25,
    unit: 'mm (untreated skin simulated beyond the zones, held at its outer edge)',
    range: [10, 40],
    source:
      'anatomy (MED): the preauricular skin is held by the tympanoparotid fascia ~10 mm in front of the ear (J Craniofac Surg 2008;19:648) and the platysma-auricular ligament (Furnas 1989); the upper cheek by the zygomatic ligaments (anchors of their own); the neck skin has no ligament and is held only loosely, further down',
    reason:
      'the treated zones stop 10–20 mm short of the preauricular fixation at the side and further from any fixation below the jaw: an effective distance of 10–40 mm, 25 mm in the middle',
    uncertain: true,
  },
  lastingAreaLossFraction: {
    value: 0.5,
    unit: '1 (lasting area loss ÷ area removed)',
    range: [0.2, 0.9],
    source:
      'docs/domain.md §4: not found measured; holes close (OCT) but skin also regrows and relaxes',
    reason: 'the middle of a wide range; the cohort carries the uncertainty into the outcome',
    uncertain: true,
  },
  closureShare: {
    value: 0.4,
    unit: '1 (share of the lasting loss in place once the holes close)',
    range: [0.2, 0.6],
    source:
      'seed: tightening comes from surface loss when cores close and from contraction and new collagen while healing',
    reason:
      'both mechanisms named; the remodelling share is the larger as the full result takes months',
  },
  closureHours: {
    value: 0.5,
    unit: 'h (time constant of hole closure)',
    range: [0.25, 2],
    source: 'MED: cores close (OCT) before the patient leaves the clinic',
    reason: 'closed within the visit',
  },
  downtimeDays: {
    value: 3.5,
    unit: 'days (to 95 % epithelial cover)',
    range: [2, 7],
    source: 'seed: about three to four days; LOW: 2–3 days or up to a week',
    reason: "the seed's figure",
  },
  remodellingDays: {
    value: 30,
    unit: 'days (time constant of remodelling contraction)',
    range: [20, 45],
    source:
      'seed: full result after about three months (LOW: 4–6 months); HIGH (McGrath & Simon): decaying exponential, rate independent of wound size',
    reason: '95 % of the remodelling in three time constants ≈ 90 days',
  },
  tearStrain: {
    value: 0.6,
    unit: '1 (largest principal strain in a bridge, stretch − 1, neo-Hookean skin)',
    range: [0.4, 1],
    source: 'LOW: skin fails at strains of roughly 0.5–1.0 depending on site, age and method',
    reason:
      'the lower half of the range, so a flag errs on the side of caution (aged skin fails earlier)',
  },
} as const satisfies Record<string, Parameter>;

export type HealingParameterName = keyof typeof HEALING_PARAMETERS;
export type HealingParameterValues = Record<HealingParameterName, number>;

export function defaultParameterValues(): HealingParameterValues {
  const out = {} as HealingParameterValues;
  for (const [name, p] of Object.entries(HEALING_PARAMETERS))
    out[name as HealingParameterName] = p.value;
  return out;
}

/** Tension direction (major principal, and Langer-line stiff axis) per zone, degrees from x. */
export const ZONE_TENSION_ANGLE_DEG: Readonly<Record<string, number>> = {
  'cheek-left': 40,
  'cheek-right': 140,
  'jawline-left': 20,
  'jawline-right': 160,
  submental: 0,
  'perioral-left': 70,
  'perioral-right': 110,
};
/** Outside the listed zones (and for custom zones): horizontal. */
export const DEFAULT_TENSION_ANGLE_DEG = 0;
