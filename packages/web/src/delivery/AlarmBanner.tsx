import { Alert, List, Text } from '@mantine/core';
import type { DeliveryAlarm } from '@microcore/core';
import { formatNumber } from '../format/locale';
import { WARNING_COLOUR } from '../planner/colours';

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
 * and the newest one also in an assertive live region, so a screen reader says it at once.
 */
export function AlarmBanner({ alarms }: { alarms: readonly DeliveryAlarm[] }) {
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
        {newest ? `Alarm: ${newest.message}` : ''}
      </div>
      {newest && (
        <Alert
          color={loud ? 'red.9' : WARNING_COLOUR}
          variant="filled"
          title={`Alarm${alarms.length > 1 ? ` (${formatNumber(alarms.length)} so far)` : ''}: ${newest.message} (event ${formatNumber(newest.seq)})`}
          aria-label="Latest alarms"
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

/** Read by screen readers, not drawn. */
const HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
