import type { DeliveryAlarm } from '@microcore/core';

/**
 * The live region speaks at most this often. At full demo speed alarms come several times a
 * second; a screen reader interrupted by the next assertive message never finishes one, so the
 * practitioner would hear nothing whole.
 */
export const ANNOUNCE_EVERY_MS = 3000;

export interface Announcement {
  /** What the live region should now say, when it should change. */
  readonly text?: string;
  /** Alarms are waiting: ask again after this long. */
  readonly againInMs?: number;
}

/**
 * Which alarms the assertive live region says, and when: each new alarm at once if the last
 * announcement is ANNOUNCE_EVERY_MS old, else the newest of those that came meanwhile, with how
 * many more, once that time is up. The alarms a session already had when the screen opened (a
 * reload) are not said again: the banner shows them.
 */
export class AlarmAnnouncer {
  private heard: number;
  private lastAtMs = Number.NEGATIVE_INFINITY;

  constructor(alreadyShown: readonly DeliveryAlarm[]) {
    this.heard = alreadyShown.length;
  }

  update(alarms: readonly DeliveryAlarm[], nowMs: number): Announcement {
    // A list shorter than what was heard is another session's (or a state read again): start over.
    if (alarms.length < this.heard) this.heard = alarms.length;
    const fresh = alarms.length - this.heard;
    if (fresh === 0) return {};
    const waitMs = this.lastAtMs + ANNOUNCE_EVERY_MS - nowMs;
    if (waitMs > 0) return { againInMs: waitMs };
    const newest = alarms[alarms.length - 1];
    this.heard = alarms.length;
    this.lastAtMs = nowMs;
    const more = fresh > 1 ? `, and ${fresh - 1} more alarm${fresh > 2 ? 's' : ''}` : '';
    return { text: `Alarm: ${newest.message}${more}` };
  }
}
