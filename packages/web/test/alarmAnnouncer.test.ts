import type { DeliveryAlarm } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { AlarmAnnouncer, ANNOUNCE_EVERY_MS } from '../src/delivery/alarmAnnouncer.js';

const alarm = (seq: number, message = `alarm ${seq}`): DeliveryAlarm => ({
  code: 'core.overlap-refused',
  seq,
  message,
});
const alarms = (n: number) => Array.from({ length: n }, (_, k) => alarm(k + 1));

describe('the alarms the live region says', () => {
  it('says a new alarm at once, then holds the next ones until the interval is up', () => {
    const announcer = new AlarmAnnouncer([]);
    expect(announcer.update([], 0)).toEqual({});
    expect(announcer.update(alarms(1), 10)).toEqual({ text: 'Alarm: alarm 1' });
    // Three more inside the interval: nothing said yet, asked to come back when it is up.
    expect(announcer.update(alarms(2), 1010)).toEqual({ againInMs: ANNOUNCE_EVERY_MS - 1000 });
    expect(announcer.update(alarms(4), 2010)).toEqual({ againInMs: ANNOUNCE_EVERY_MS - 2000 });
    // Then the newest, with how many came with it; nothing again until another comes.
    expect(announcer.update(alarms(4), 10 + ANNOUNCE_EVERY_MS)).toEqual({
      text: 'Alarm: alarm 4, and 2 more alarms',
    });
    expect(announcer.update(alarms(4), 20_000)).toEqual({});
    expect(announcer.update(alarms(6), 20_001)).toEqual({
      text: 'Alarm: alarm 6, and 1 more alarm',
    });
  });

  it('does not say again the alarms a session already had when the screen opened', () => {
    const announcer = new AlarmAnnouncer(alarms(40));
    expect(announcer.update(alarms(40), 0)).toEqual({});
    expect(announcer.update(alarms(41), 5)).toEqual({ text: 'Alarm: alarm 41' });
  });

  it('starts over when the list it is given is shorter (a state read again)', () => {
    const announcer = new AlarmAnnouncer(alarms(10));
    expect(announcer.update(alarms(3), 0)).toEqual({});
    expect(announcer.update(alarms(4), 1)).toEqual({ text: 'Alarm: alarm 4' });
  });
});
