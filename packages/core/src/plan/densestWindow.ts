/**
 * The densest window: an upper bound, exact over every position, of the fraction of any
 * axis-aligned `windowMm` × `windowMm` square (1 cm² by default) that the cores remove.
 *
 * Proof of the bound (docs/planner.md, "The densest square centimetre"). Take a core (a disk of
 * radius r and area A, centre c) and a window W. Let e be the signed L∞ distance from c to W's
 * edge: e = max(|cx − wx|, |cy − wy|) − side/2 for W's centre (wx, wy), so e ≤ δ exactly when c
 * lies in the closed square W grown by δ on every side (shrunk when δ < 0).
 *  - If e ≥ 0, c lies beyond one edge's line by e, and W lies on the other side of that line:
 *    the disk's part in W is at most the cap beyond a chord at distance e from c.
 *  - If e < 0, c is inside W at distance −e from its nearest edge, and W lies on c's side of
 *    that edge's line: the part in W is at most the disk less the cap beyond that line.
 * Both say area(disk ∩ W) ≤ A·g(e), with g(e) = capFraction(e / r) (capFraction(−s) = 1 −
 * capFraction(s)), and g falls from 1 at e = −r to 0 at e = r. Cut [−r, r] at levels
 * δ_0 = −r < δ_1 < … < δ_K = r and let w_k = g(δ_{k−1}) − g(δ_k) ≥ 0. For e in (δ_{j−1}, δ_j] the
 * sum Σ_{k ≥ j} w_k = g(δ_{j−1}) ≥ g(e), for e ≤ −r it is 1, for e > r it is 0: so
 *     cored area of W  ≤  A · Σ_k w_k · N_k(W),
 * N_k(W) the number of centres in the closed square W grown by δ_k. (Cores never overlap, but
 * the sum bounds the union even if they did.) With K levels a core astride an edge is
 * over-counted by at most one step of g, about 1/K of a core.
 *
 * The maximum of that sum over all positions of W is found exactly: W's lower-left corner (X, Y)
 * puts a centre p in the square grown by δ exactly when X ∈ [px − side − δ, px + δ] and likewise
 * Y, a closed rectangle of corners. So the densest window is the point of the corner plane
 * covered by the heaviest set of weighted rectangles: a sweep up Y, adding each rectangle where
 * it starts and removing it where it ends, over a segment tree of X that holds the heaviest
 * covered X (range add, maximum) — O(n K log(n K)). Weights are rounded up to multiples of
 * 1/WEIGHT_SCALE (their partial sums, from the top, rounded up), so the tree's sums are exact
 * integers and the bound stays a bound.
 */

export interface DensestWindow {
  /** Upper bound of the fraction of the densest window's area that the cores remove. */
  readonly coverageFraction: number;
  /** Lower-left corner of a window where the bound is largest, mm; null with no cores. */
  readonly originMm: readonly [number, number] | null;
}

/**
 * Levels of the staircase under g (K above). With 2 the bound is: a core whose centre is in the
 * window counts whole, one whose centre is outside but within a radius of it counts half. Four
 * levels tighten the default plan's figure by 0.2 percentage point at twice the time (measured:
 * docs/planner.md), so two it is.
 */
export const WINDOW_BOUND_LEVELS = 2;
/** Weights in units of 1/WEIGHT_SCALE of a core: integer sums, exact in an Int32 below 500,000 cores. */
const WEIGHT_SCALE = 4096;
/** Rectangles are grown by this, mm, so rounding in their ends can only add, never drop, a core. */
const GROW_MM = 1e-9;
/** Width of the strips of corners swept one at a time, in windows (see densestWindow). */
const STRIP_WINDOWS = 5;

/** Fraction of a disk beyond a chord at distance s·r from its centre, s in [−1, 1]. */
export function capFraction(s: number): number {
  const t = Math.max(-1, Math.min(1, s));
  return (Math.acos(t) - t * Math.sqrt(1 - t * t)) / Math.PI;
}

/**
 * The bound above, and where it is reached, for cores of `coreDiameterMm` centred at the
 * interleaved x, y (mm) of `pointsMm`.
 */
export function densestWindow(
  pointsMm: Float64Array,
  coreDiameterMm: number,
  windowMm = 10,
  levels = WINDOW_BOUND_LEVELS,
): DensestWindow {
  const n = pointsMm.length / 2;
  if (n === 0) return { coverageFraction: 0, originMm: null };
  const r = coreDiameterMm / 2;
  const K = levels;
  // Level k (0-based here) grows the window by delta[k] = δ_{k+1}; weight[k] is w_{k+1}, from
  // the partial sums g(δ_k) rounded up (so every partial sum still bounds g, and all sum to 1).
  const delta = new Float64Array(K);
  const weight = new Float64Array(K);
  const partial = (k: number) =>
    k === 0 ? WEIGHT_SCALE : Math.ceil(capFraction(-1 + (2 * k) / K) * WEIGHT_SCALE);
  for (let k = 0; k < K; k++) {
    delta[k] = -r + (2 * r * (k + 1)) / K;
    weight[k] = partial(k) - (k === K - 1 ? 0 : partial(k + 1));
  }

  const byX = sortedIndex(pointsMm, 0, n);
  const byY = sortedIndex(pointsMm, 1, n);
  // The corner plane is cut into strips of X (STRIP_WINDOWS windows wide), each swept on its
  // own: a window whose corner lies in a strip sees only the points near it, so each strip's
  // tree is small enough to stay in the cache (one tree over all the face's ends was slower).
  // A strip's sweep may also report windows outside the strip, counting only the strip's points
  // there: never more than the true bound, so the maximum over strips is still exact.
  const reachMm = r + GROW_MM; // how far a rectangle's X-interval reaches beyond px − side … px
  const stripMm = STRIP_WINDOWS * windowMm;
  const x0 = pointsMm[2 * byX[0]] - windowMm - reachMm;
  const x1 = pointsMm[2 * byX[n - 1]] + reachMm;
  const inStripY = new Int32Array(n);
  const keyX = new Float64Array(n); // the strip's x in X order, y in Y order: read in sequence
  const keyY = new Float64Array(n);
  const lo = new Int32Array(K * n);
  const hi = new Int32Array(K * n);
  let leafXMm = new Float64Array(0);
  let tree: MaxAddTree | undefined;
  let best = 0;
  let bestX = 0;
  let bestY = 0;
  let first = 0; // byX[first..last) are the current strip's points
  let last = 0;
  for (let a = x0; a <= x1; a += stripMm) {
    // Points whose X-interval [px − side − reach, px + reach] meets [a, a + strip].
    while (first < n && pointsMm[2 * byX[first]] + reachMm < a) first++;
    while (last < n && pointsMm[2 * byX[last]] - windowMm - reachMm <= a + stripMm) last++;
    const m = last - first;
    if (m === 0) continue;
    const fromX = pointsMm[2 * byX[first]];
    const toX = pointsMm[2 * byX[last - 1]];
    let count = 0;
    for (let q = 0; q < n; q++) {
      const x = pointsMm[2 * byY[q]];
      if (x >= fromX && x <= toX) {
        inStripY[count] = byY[q];
        keyY[count++] = pointsMm[2 * byY[q] + 1];
      }
    }
    for (let q = 0; q < m; q++) keyX[q] = pointsMm[2 * byX[first + q]];
    const leaves = K * m;
    if (leafXMm.length < leaves) {
      leafXMm = new Float64Array(leaves);
      tree = new MaxAddTree(leaves);
    }
    const leafX = leafXMm;
    const strip = tree as MaxAddTree;
    // Leaves: the rectangles' start X in order (a sum of closed intervals is largest at one of
    // their starts). A rectangle covers the leaves from its own start to the last start at or
    // before its end: the starts seen when its end comes, starts before ends at equal X.
    let starts = 0;
    mergeEnds(keyX, byX.subarray(first, last), delta, windowMm, (p, k, isEnd, xMm) => {
      if (isEnd) {
        hi[p * K + k] = starts - 1;
      } else {
        lo[p * K + k] = starts;
        leafX[starts++] = xMm;
      }
    });
    mergeEnds(keyY, inStripY.subarray(0, count), delta, windowMm, (p, k, isEnd, yMm) => {
      const i = p * K + k;
      if (isEnd) {
        strip.add(lo[i], hi[i], -weight[k]);
        return;
      }
      strip.add(lo[i], hi[i], weight[k]);
      if (strip.max() > best) {
        best = strip.max();
        bestX = leafX[strip.argMax()];
        bestY = yMm;
      }
    });
  }
  const coreAreaMm2 = Math.PI * r * r;
  return {
    coverageFraction: ((best / WEIGHT_SCALE) * coreAreaMm2) / (windowMm * windowMm),
    originMm: [bestX + GROW_MM, bestY + GROW_MM],
  };
}

/**
 * Point indices sorted by coordinate `axis` (0 = x, 1 = y): a bucket sort (n buckets over the
 * range; the planner's cores are spread evenly, so a bucket holds about one) with insertion sort
 * inside each bucket, and the library sort for a crowded one. A comparator sort of all the
 * indices took a tenth of the planner's time.
 */
function sortedIndex(pointsMm: Float64Array, axis: 0 | 1, n: number): Int32Array {
  const keys = new Float64Array(n);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) {
    const key = pointsMm[2 * p + axis];
    keys[p] = key;
    if (key < low) low = key;
    if (key > high) high = key;
  }
  // (A range so small that n over it overflows puts everything in one bucket.)
  const spread = n / (high - low);
  const perBucket = Number.isFinite(spread) ? spread : 0;
  const bucketOf = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let p = 0; p < n; p++) {
    const bucket = Math.min(n - 1, Math.floor((keys[p] - low) * perBucket)) || 0;
    bucketOf[p] = bucket;
    start[bucket + 1]++;
  }
  for (let b = 0; b < n; b++) start[b + 1] += start[b];
  const next = start.slice(0, n);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[next[bucketOf[p]]++] = p;
  for (let b = 0; b < n; b++) {
    const from = start[b];
    const to = start[b + 1];
    if (to - from > 32) {
      order.subarray(from, to).sort((i, j) => keys[i] - keys[j]);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const p = order[i];
      let j = i - 1;
      while (j >= from && keys[order[j]] > keys[p]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = p;
    }
  }
  return order;
}

/**
 * Visit the ends of every rectangle along one axis in ascending order, starts before ends at
 * equal coordinates: a merge of 2K streams (the start and the end of each level), each the
 * points in order (`order`, their coordinates `keys`, ascending) shifted by a constant.
 */
function mergeEnds(
  keys: Float64Array,
  order: Int32Array,
  delta: Float64Array,
  windowMm: number,
  visit: (point: number, level: number, isEnd: boolean, atMm: number) => void,
): void {
  const K = delta.length;
  const n = order.length;
  const streams = 2 * K; // 0..K−1 starts of level k, K..2K−1 ends
  const shift = new Float64Array(streams);
  for (let k = 0; k < K; k++) {
    shift[k] = -windowMm - delta[k] - GROW_MM;
    shift[K + k] = delta[k] + GROW_MM;
  }
  const head = new Int32Array(streams);
  const total = streams * n;
  for (let rank = 0; rank < total; rank++) {
    let s = -1;
    let at = Number.POSITIVE_INFINITY;
    for (let t = 0; t < streams; t++) {
      if (head[t] === n) continue;
      const v = keys[head[t]] + shift[t];
      if (v < at) {
        at = v; // strict: on a tie the lower stream, a start, goes first
        s = t;
      }
    }
    const p = order[head[s]++];
    visit(p, s % K, s >= K, at);
  }
}

/**
 * Range add, global maximum and where it is, over `leaves` leaves: node i holds its own pending
 * add plus the larger of its children, so nothing is ever pushed down. Integer sums (Int32).
 */
class MaxAddTree {
  private readonly base: number;
  private readonly value: Int32Array;
  private readonly pending: Int32Array;

  constructor(leaves: number) {
    let base = 1;
    while (base < leaves) base *= 2;
    this.base = base;
    this.value = new Int32Array(2 * base);
    this.pending = new Int32Array(base);
  }

  add(from: number, to: number, amount: number): void {
    const { base, value, pending } = this;
    let l = from + base;
    let r = to + base;
    const l0 = l;
    const r0 = r;
    while (l <= r) {
      if (l & 1) {
        value[l] += amount;
        if (l < base) pending[l] += amount;
        l++;
      }
      if (!(r & 1)) {
        value[r] += amount;
        if (r < base) pending[r] += amount;
        r--;
      }
      l >>= 1;
      r >>= 1;
    }
    // Recompute the ancestors of both ends, once each above where the two paths meet.
    for (let i = l0 >> 1, j = r0 >> 1; i > 0; i >>= 1, j >>= 1) {
      value[i] = Math.max(value[2 * i], value[2 * i + 1]) + pending[i];
      if (j !== i) value[j] = Math.max(value[2 * j], value[2 * j + 1]) + pending[j];
    }
  }

  max(): number {
    return this.value[1];
  }

  /** A leaf where the maximum is reached. */
  argMax(): number {
    const { base, value, pending } = this;
    let i = 1;
    while (i < base) {
      const wanted = value[i] - pending[i];
      i = value[2 * i] === wanted ? 2 * i : 2 * i + 1;
    }
    return i - base;
  }
}

/**
 * The densest window over the cores of several zones together, given each zone's own densest
 * window: exact, without sweeping every core again. A window whose counted cores (centres within
 * the window grown by a core radius: a square of side L = side + d) all belong to one zone has
 * that zone's bound, at most the zone's own maximum. A window that counts cores of two zones
 * counts only cores that each have a core of another zone within L (on either axis): "border"
 * cores. So the maximum over all windows is the larger of the zones' maxima and the densest
 * window of the border cores alone (each window's bound over a subset of cores is no more than
 * over all of them, so neither term exceeds the true maximum).
 */
export function densestWindowAcrossZones(
  zonesMm: readonly Float64Array[],
  perZone: readonly DensestWindow[],
  coreDiameterMm: number,
  windowMm = 10,
  levels = WINDOW_BOUND_LEVELS,
): DensestWindow {
  let best: DensestWindow = { coverageFraction: 0, originMm: null };
  for (const zone of perZone) if (zone.coverageFraction > best.coverageFraction) best = zone;
  const withCores = zonesMm.filter((z) => z.length > 0).length;
  if (withCores < 2) return best;
  const border = borderCores(zonesMm, windowMm + coreDiameterMm + 4 * GROW_MM);
  if (border.length === 0) return best;
  const across = densestWindow(border, coreDiameterMm, windowMm, levels);
  return across.coverageFraction > best.coverageFraction ? across : best;
}

/** The cores (interleaved x, y) that may have a core of another zone within `reachMm` on both axes. */
function borderCores(zonesMm: readonly Float64Array[], reachMm: number): Float64Array {
  // Cells of the reach: a core's neighbours within it are in the 3 × 3 cells around its own.
  // Each cell keeps, per zone, the bounding box of that zone's cores in it (NaN: none).
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const points of zonesMm) {
    for (let p = 0; p < points.length; p += 2) {
      minX = Math.min(minX, points[p]);
      maxX = Math.max(maxX, points[p]);
      minY = Math.min(minY, points[p + 1]);
      maxY = Math.max(maxY, points[p + 1]);
    }
  }
  // One cell of padding on every side, so the 3 × 3 cells around a core are always in the grid.
  const gw = Math.floor((maxX - minX) / reachMm) + 3;
  const gh = Math.floor((maxY - minY) / reachMm) + 3;
  const zones = zonesMm.length;
  const box = new Float64Array(gw * gh * zones * 4).fill(Number.NaN);
  // Which zones have a core in each cell (a bit a zone; zones past 31 share the last bit, which
  // only makes more cores look close to another zone: still exact, see above).
  const present = new Int32Array(gw * gh);
  const cellOf = (x: number, y: number) =>
    (Math.floor((y - minY) / reachMm) + 1) * gw + Math.floor((x - minX) / reachMm) + 1;
  zonesMm.forEach((points, zone) => {
    for (let p = 0; p < points.length; p += 2) {
      const x = points[p];
      const y = points[p + 1];
      const cell = cellOf(x, y);
      present[cell] |= zoneBit(zone);
      const b = 4 * (cell * zones + zone);
      if (Number.isNaN(box[b])) {
        box[b] = box[b + 2] = x;
        box[b + 1] = box[b + 3] = y;
      } else {
        box[b] = Math.min(box[b], x);
        box[b + 1] = Math.min(box[b + 1], y);
        box[b + 2] = Math.max(box[b + 2], x);
        box[b + 3] = Math.max(box[b + 3], y);
      }
    }
  });
  let total = 0;
  for (const points of zonesMm) total += points.length;
  const out = new Float64Array(total);
  let kept = 0;
  zonesMm.forEach((points, zone) => {
    for (let p = 0; p < points.length; p += 2) {
      const x = points[p];
      const y = points[p + 1];
      const own = cellOf(x, y);
      let around = 0;
      for (let dj = -1; dj <= 1; dj++)
        around |= present[own + dj * gw - 1] | present[own + dj * gw] | present[own + dj * gw + 1];
      // Most cores have no other zone in the 3 × 3 cells around them: no box to look at.
      if ((around & ~zoneBit(zone)) === 0 && zone < 31) continue;
      let near = false;
      for (let dj = -1; dj <= 1 && !near; dj++) {
        for (let di = -1; di <= 1 && !near; di++) {
          const cell = own + dj * gw + di;
          for (let other = 0; other < zones; other++) {
            const b = 4 * (cell * zones + other);
            // Another zone's box within the reach on both axes (NaN compares false): perhaps a
            // core there is. A superset of the border cores is still exact (see above).
            if (
              other !== zone &&
              x >= box[b] - reachMm &&
              x <= box[b + 2] + reachMm &&
              y >= box[b + 1] - reachMm &&
              y <= box[b + 3] + reachMm
            ) {
              near = true;
              break;
            }
          }
        }
      }
      if (near) {
        out[kept++] = x;
        out[kept++] = y;
      }
    }
  });
  return out.slice(0, kept);
}

function zoneBit(zone: number): number {
  return 1 << Math.min(zone, 31);
}
