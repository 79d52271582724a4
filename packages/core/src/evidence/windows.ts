/**
 * Follow-up windows: days after a patient's LAST session, [fromDays, toDays), toDays null = open.
 * When a patient has several assessments in a window, the one nearest `targetDays` counts. The
 * gap 120–150 days is deliberate: a visit there is neither a 3-month nor a 6-month result.
 */
export interface FollowUpWindow {
  readonly id: string;
  readonly label: string;
  readonly fromDays: number;
  /** Exclusive; null for an open-ended window. */
  readonly toDays: number | null;
  readonly targetDays: number;
}

export const DEFAULT_WINDOWS: readonly FollowUpWindow[] = [
  { id: 'early', label: 'early (0–60 days)', fromDays: 0, toDays: 60, targetDays: 30 },
  { id: '90d', label: '90 days (60–120)', fromDays: 60, toDays: 120, targetDays: 90 },
  { id: '180d', label: '180 days (150–240)', fromDays: 150, toDays: 240, targetDays: 180 },
  { id: '1y+', label: '1 year and later (240+)', fromDays: 240, toDays: null, targetDays: 365 },
];

/**
 * Durability compares the same patients' improvement in `earlyWindowId` with that in the first of
 * `lateWindowIds` where they have one (by default 90 days vs 180 days, else 1 year+).
 */
export interface DurabilityWindows {
  readonly earlyWindowId: string;
  readonly lateWindowIds: readonly string[];
}

export const DEFAULT_DURABILITY: DurabilityWindows = {
  earlyWindowId: '90d',
  lateWindowIds: ['180d', '1y+'],
};

export function inWindow(days: number, window: FollowUpWindow): boolean {
  return days >= window.fromDays && (window.toDays === null || days < window.toDays);
}
