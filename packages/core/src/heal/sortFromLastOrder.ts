/**
 * Sorting a cohort's values day after day, starting each time from the order the last day's
 * values sorted into: a patient's area loss or outcome moves little from one day to the next, so
 * the values taken in that order are nearly sorted already and insertion sort finishes them in
 * about one pass, where a fresh sort of 1000 values costs some ten times more. When the order
 * has changed a lot (the first day, or zero loss before the first session), a full sort instead.
 * The result is exactly what `Float64Array.prototype.sort` gives: the same values in the same
 * order, −0 before +0 and NaN last.
 */
export class SortFromLastOrder {
  /** Indices into the values, in the order they sorted into last time. */
  private readonly order: Uint32Array;
  private readonly sortedValues: Float64Array;

  constructor(readonly length: number) {
    this.order = Uint32Array.from({ length }, (_, i) => i);
    this.sortedValues = new Float64Array(length);
  }

  /** `values` sorted ascending, into an array this object reuses on the next call. */
  sort(values: ArrayLike<number>): Float64Array {
    if (values.length !== this.length)
      throw new RangeError(`expected ${this.length} values, got ${values.length}`);
    const { order, sortedValues: sorted } = this;
    const n = this.length;
    for (let k = 0; k < n; k++) sorted[k] = values[order[k]];
    // Insertion sort, given up past a few shifts per value for a full sort.
    const budget = 4 * n;
    let shifts = 0;
    for (let k = 1; k < n && shifts <= budget; k++) {
      const value = sorted[k];
      const index = order[k];
      let j = k;
      // `<` and `>` settle all but equal values and NaN without a call (the common case in a
      // new worker, before the engine has optimised this loop); sortsBefore settles the rest.
      for (; j > 0; j--) {
        const previous = sorted[j - 1];
        if (!(value < previous) && (value > previous || !sortsBefore(value, previous))) break;
        sorted[j] = previous;
        order[j] = order[j - 1];
      }
      sorted[j] = value;
      order[j] = index;
      shifts += k - j;
    }
    if (shifts > budget) {
      for (let k = 0; k < n; k++) sorted[k] = values[k];
      sorted.sort();
      // Only a starting point for next time: a NaN's place in it does not matter.
      order.sort((a, b) => values[a] - values[b]);
    }
    return sorted;
  }
}

/** a strictly before b in the order of `Float64Array.prototype.sort`: −0 before +0, NaN last. */
export function sortsBefore(a: number, b: number): boolean {
  if (a < b) return true;
  // Equal: only −0 sorts before +0 (1/−0 = −∞). Neither less nor equal: NaN is involved.
  return a === b ? 1 / a < 1 / b : !Number.isNaN(a) && Number.isNaN(b);
}
