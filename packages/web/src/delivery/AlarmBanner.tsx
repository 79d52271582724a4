import { Alert, List, Text } from '@mantine/core';
import type { DeliveryAlarm } from '@microcore/core';
import { useEffect, useRef, useState } from 'react';
import { formatNumber } from '../format/locale';
import { WARNING_COLOUR } from '../planner/colours';
import { AlarmAnnouncer } from './alarmAnnouncer';

/** Alarms worth the practitioner's eyes at once (the rest are shown too, plainly). */
const LOUD = new Set([
  'core.overlap-refused',
  'field.far-from-plan',
  'field.outside-zones',
  'zone.over-target',
]);

/** How many of the latest alarms the banner lists. */
const SHOWN = 3;

/**
 * The session's alarms, hard to miss: the latest in a prominent banner at the top of the screen,
 * and the newest also in an assertive live region, so a screen reader says it at once — at most
 * every few seconds (alarmAnnouncer.ts), so that each one is heard whole.
 */
export function AlarmBanner({ alarms }: { alarms: readonly DeliveryAlarm[] }) {
  const spoken = useSpokenAlarm(alarms);
  const latest = alarms.slice(-SHOWN).reverse();
  const newest = latest[0];
  const loud = newest !== undefined && LOUD.has(newest.code);
  return (
    <>
      <div
        role="alert"
        aria-live="assertive"
        aria-atomic="true"
        className="visually-hidden"
        style={HIDDEN}
      >
        {spoken}
      </div>
      {newest && (
        <Alert
          color={loud ? 'red.9' : WARNING_COLOUR}
          variant="filled"
          title={`Alarm${alarms.length > 1 ? ` (${formatNumber(alarms.length)} so far)` : ''}: ${newest.message} (event ${formatNumber(newest.seq)})`}
          aria-label="Latest alarms"
          // Not Mantine's default role="alert": the title changes with every alarm, several times
          // a second at full speed, and a screen reader interrupted so never finishes one. The
          // live region above says them, paced.
          role="region"
        >
          {latest.length > 1 && (
            <List size="sm" c="white">
              {latest.slice(1).map((alarm) => (
                <List.Item key={`${alarm.seq}-${alarm.code}-${alarm.zone ?? ''}`}>
                  <Text size="sm" c="white">
                    {alarm.message} (event {formatNumber(alarm.seq)})
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </>
  );
}

/** What the live region says now: the announcer's latest, with a timer while alarms wait. */
function useSpokenAlarm(alarms: readonly DeliveryAlarm[]): string {
  const announcer = useRef<AlarmAnnouncer | null>(null);
  announcer.current ??= new AlarmAnnouncer(alarms);
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      const { text, againInMs } = announcer.current?.update(alarms, performance.now()) ?? {};
      if (text !== undefined) setSpoken(text);
      if (againInMs !== undefined) timer = setTimeout(ask, againInMs);
    };
    ask();
    return () => clearTimeout(timer);
  }, [alarms]);
  return spoken;
}

/** Read by screen readers, not drawn. */
const HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
