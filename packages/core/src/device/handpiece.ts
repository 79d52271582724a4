/**
 * The handpiece as data. Source: one clinic's description (LOW confidence, docs/domain.md §1) — every
 * figure is a setting. It fits the reported 20–25 min procedure: the default plan's ~300 fields
 * (240 cm², partial fields at the zone edges) × (3 s + ~2 s to reposition) ≈ 25 min.
 */
export interface Handpiece {
  readonly needleCount: number;
  /** Side of the square field the handpiece covers per placement, mm. */
  readonly fieldSideMm: number;
  /** Time to core one field, s. */
  readonly secondsPerField: number;
  /** Time to lift and place the handpiece on the next field, s (derived, see above). */
  readonly repositionSecondsPerField: number;
  readonly source: string;
}

export const DEFAULT_HANDPIECE: Handpiece = {
  needleCount: 3,
  fieldSideMm: 10,
  secondsPerField: 3,
  repositionSecondsPerField: 2,
  source:
    'LOW: one clinic page (3 needles, 10 × 10 mm field, < 3 s a field); reposition time derived ' +
    'from the reported 20–25 min procedure. Settings, not measurements.',
};
