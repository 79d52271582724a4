/**
 * The response law: a patient's predicted tightening → their change on the Lemperle scale.
 *
 *   ΔL = L0 · m · (1 − exp(−k · x · R / m)) · D(t)
 *
 * x = A / A_ref: the patient's area loss of the treated skin on the day, in units of the default
 * plan's at 90 days (nominal parameters); R = exp(σR · z): their responsiveness; L0: baseline grade.
 *
 * Why it saturates: a wrinkle is skin folded over what lies beneath. Tightening takes up the
 * slack skin, and each further bit of tightening takes up a share of the slack that is left (the
 * folds already pulled flat no longer contribute), so the grade approaches its floor
 * exponentially. Only a share m of the wrinkle is skin slack at all; the rest comes from muscle
 * action and lost volume, which tightening the dermis does not reach (it is no facelift). Hence
 * the response saturates at L0 · m, in coverage and in sessions alike (both add tightening),
 * where the former law grew linearly up to a hard cap at L0. At small tightening ΔL ≈ L0 · k · x · R.
 *
 * Beyond the longest published follow-up t_pub (180 days) nothing is measured, and two things
 * are assumed, each with a prior only (no result identifies them):
 * - D(t) = p + (1 − p) · exp(−((t − t_pub) / τ_fade)²): a share p of the effect lasts (the cored
 *   skin does not grow back), the rest fades as the new collagen turns over, slowly at first;
 * - a drift s · √(years beyond t_pub) · w (w standard normal, the patient's own): ageing, weight and
 *   sun change a wrinkle's grade either way, more the longer one waits.
 * So the interval widens beyond 180 days instead of shrinking with a fade nobody measured.
 * ΔL stays within what the scale allows: at most L0 (no wrinkle), at least L0 − 5.
 */
export interface ResponseParameters {
  /** k: share of the wrinkle removed per reference tightening, at small tightening. */
  readonly k: number;
  /** m: the share of the wrinkle that tightening can remove at all (skin slack), 0..1. */
  readonly m: number;
  /** σR: log-sd of the patients' responsiveness. */
  readonly sigmaR: number;
  /** τ: the Lemperle improvement (grades) an investigator rates GAIS "improved" or better. */
  readonly tau: number;
  /** p: the share of the effect that lasts beyond the published follow-up. */
  readonly persistent: number;
  /** τ_fade: time constant of the share that fades, years. */
  readonly fadeYears: number;
  /** s: drift of the grade beyond the follow-up, grades per √year. */
  readonly driftPerRootYear: number;
}

/** The longest published follow-up of a micro-coring-only cohort, days (ASDS 2019). */
export const PUBLISHED_FOLLOW_UP_DAYS = 180;

/** D(t): the share of the effect still there on day t. */
export function durability(day: number, theta: ResponseParameters): number {
  const years = yearsBeyondFollowUp(day);
  if (years === 0) return 1;
  return theta.persistent + (1 - theta.persistent) * Math.exp(-((years / theta.fadeYears) ** 2));
}

function yearsBeyondFollowUp(day: number): number {
  return Math.max(0, day - PUBLISHED_FOLLOW_UP_DAYS) / 365.25;
}

/** s·√(years beyond the follow-up): the sd of the drift on day t, grades. */
export function driftSpread(day: number, theta: ResponseParameters): number {
  return theta.driftPerRootYear * Math.sqrt(yearsBeyondFollowUp(day));
}

/**
 * ΔL (grades, positive = better) for a relative tightening x, baseline L0, responsiveness z and,
 * beyond the published follow-up, the patient's drift w.
 */
export function lemperleChange(
  x: number,
  baselineLemperle: number,
  theta: ResponseParameters,
  z: number,
  day: number,
  w = 0,
): number {
  return lemperleChangeGiven(
    x,
    baselineLemperle,
    theta,
    Math.exp(theta.sigmaR * z),
    durability(day, theta),
    driftSpread(day, theta) * w,
  );
}

/**
 * `lemperleChange` with what does not depend on x already worked out: the responsiveness
 * R = exp(σR·z), D(t) and the drift (grades). For a cohort over many days, where R is the
 * patient's own and D and the spread are the day's, the same numbers for less work.
 */
export function lemperleChangeGiven(
  x: number,
  baselineLemperle: number,
  theta: ResponseParameters,
  responsiveness: number,
  durabilityShare: number,
  drift: number,
): number {
  const drive = (theta.k * Math.max(0, x) * responsiveness) / theta.m;
  const change = baselineLemperle * theta.m * -Math.expm1(-drive) * durabilityShare;
  return Math.min(baselineLemperle, Math.max(baselineLemperle - 5, change + drift));
}

/** Gauss–Hermite nodes and weights for E[f(w)], w standard normal (five points, exact to degree 9). */
const HERMITE_NODES = [
  -2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806,
];
const HERMITE_WEIGHTS = [
  0.011257411327720691, 0.22207592200561266, 0.5333333333333333, 0.22207592200561266,
  0.011257411327720691,
];

/**
 * P(ΔL ≥ τ) for one patient's tightening x over their responsiveness (analytic in z):
 * ΔL ≥ τ ⇔ k·x·R/m ≥ −ln(1 − τ / (L0·m·D)) =: y ⇔ z ≥ (ln(y·m/k) − ln x) / σR.
 */
export function improvedProbability(
  x: number,
  baselineLemperle: number,
  theta: ResponseParameters,
  day: number,
): number {
  return meanImprovedProbability(
    [x > 0 ? Math.log(x) : Number.NEGATIVE_INFINITY],
    baselineLemperle,
    theta,
    day,
  );
}

/**
 * The mean of P(ΔL ≥ τ) over patients given by ln x: the share of them rated GAIS "improved".
 * Beyond the follow-up the drift shifts the bar (ΔL + drift ≥ τ ⇔ ΔL ≥ τ − drift), averaged over
 * the drift by Gauss–Hermite quadrature.
 */
export function meanImprovedProbability(
  logX: ArrayLike<number>,
  baselineLemperle: number,
  theta: ResponseParameters,
  day: number,
): number {
  const spread = driftSpread(day, theta);
  const ceiling = baselineLemperle * theta.m * durability(day, theta);
  const nodes = spread === 0 ? 1 : HERMITE_NODES.length;
  let sum = 0;
  for (let q = 0; q < nodes; q++) {
    const tau = spread === 0 ? theta.tau : theta.tau - spread * HERMITE_NODES[q];
    const weight = spread === 0 ? 1 : HERMITE_WEIGHTS[q];
    if (tau <= 0) {
      sum += weight * logX.length;
      continue;
    }
    if (tau >= ceiling) continue;
    // ln x at which the median patient (z = 0) just reaches τ: the same for every patient.
    const threshold = Math.log((-Math.log1p(-tau / ceiling) * theta.m) / theta.k);
    let share = 0;
    for (let i = 0; i < logX.length; i++)
      share += 1 - normalCdf((threshold - logX[i]) / theta.sigmaR);
    sum += weight * share;
  }
  return sum / logX.length;
}

/** Φ(x), the standard normal CDF (Abramowitz & Stegun 7.1.26 on erfc, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = Math.abs(x) / Math.SQRT2;
  const s = 1 / (1 + 0.3275911 * t);
  const poly =
    s *
    (0.254829592 + s * (-0.284496736 + s * (1.421413741 + s * (-1.453152027 + s * 1.061405429))));
  const erfc = poly * Math.exp(-t * t);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
