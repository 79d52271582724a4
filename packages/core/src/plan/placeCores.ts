import type { Rng } from '../rng.js';
import { type SamplingDomain, samplePoissonDisk } from './poissonDisk.js';

/**
 * Points per r² that the sampler reaches when it packs a large region at minimum distance r
 * (measured: 0.88 on a 250 cm² square; bench/RESULTS.md). Used only to pick a first radius.
 */
const PACKING_POINTS_PER_R2 = 0.88;
const ATTEMPTS = 8;
const SURPLUS = 0.97; // aim a few % above the target so trimming, not shortfall, settles it

export interface PlacedCores {
  /** Interleaved x, y, mm. */
  readonly pointsMm: Float64Array;
  /** The distance the pattern was sampled at (≥ the minimum), mm. */
  readonly sampledDistanceMm: number;
}

/**
 * Exactly `target` blue-noise points in the domain, no two closer than `minDistanceMm`, or as
 * many as fit at that distance when fewer do. A target below the dense packing is met by sampling
 * at a larger distance (so the pattern stays even, not clumped) and removing the few extra points
 * at random, which keeps every spacing. `domainAt(d)` is the region for sampling at distance d
 * (the planner keeps centres d/2 from zone edges, so the spacing holds across them).
 */
export function placeCores(
  domainAt: (distanceMm: number) => SamplingDomain,
  target: number,
  minDistanceMm: number,
  admissibleAreaMm2: number,
  rng: Rng,
): PlacedCores {
  if (target <= 0) return { pointsMm: new Float64Array(0), sampledDistanceMm: minDistanceMm };
  let distanceMm = Math.max(
    minDistanceMm,
    Math.sqrt((PACKING_POINTS_PER_R2 * Math.max(admissibleAreaMm2, 1e-9)) / target) * SURPLUS,
  );
  let sample = samplePoissonDisk(domainAt(distanceMm), { minDistanceMm: distanceMm, rng });
  for (
    let attempt = 1;
    sample.count < target && distanceMm > minDistanceMm && attempt < ATTEMPTS;
    attempt++
  ) {
    distanceMm = Math.max(minDistanceMm, distanceMm * Math.sqrt(sample.count / target) * SURPLUS);
    sample = samplePoissonDisk(domainAt(distanceMm), { minDistanceMm: distanceMm, rng });
  }
  if (sample.count <= target) return { pointsMm: sample.pointsMm, sampledDistanceMm: distanceMm };
  return {
    pointsMm: keepRandom(sample.pointsMm, sample.count, target, rng),
    sampledDistanceMm: distanceMm,
  };
}

/** Keep `keep` of `count` points chosen uniformly at random, in their original order. */
function keepRandom(pointsMm: Float64Array, count: number, keep: number, rng: Rng): Float64Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  // Partial Fisher–Yates: the first `keep` entries become a uniform random subset.
  for (let i = 0; i < keep; i++) {
    const j = i + Math.floor(rng.next() * (count - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const chosen = order.subarray(0, keep).sort();
  const out = new Float64Array(2 * keep);
  for (let k = 0; k < keep; k++) {
    out[2 * k] = pointsMm[2 * chosen[k]];
    out[2 * k + 1] = pointsMm[2 * chosen[k] + 1];
  }
  return out;
}
