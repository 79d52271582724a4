import { List, Text } from '@mantine/core';
import { formatDays, formatNumber } from './format.js';
import type { DowntimeWindow } from './healingCourse.js';

/**
 * The downtime after each session: from the session to the day its wounds are covered again, as
 * the model expects it and the range it may fall in; drawn on the 0–last-day line too.
 */
export function DowntimeView({
  windows,
  lastDay,
  day,
}: {
  windows: readonly DowntimeWindow[];
  lastDay: number;
  day: number;
}) {
  const x = (d: number) => (Math.min(lastDay, Math.max(0, d)) / lastDay) * 100;
  const summary = windows
    .map(
      (w) =>
        `session ${w.session}: days ${formatNumber(w.startDay)} to ${formatNumber(w.endDay, 1)} (range ${formatNumber(w.endLowDay, 1)} to ${formatNumber(w.endHighDay, 1)})`,
    )
    .join('; ');
  return (
    <div data-testid="downtime">
      <svg
        viewBox="0 0 100 10"
        preserveAspectRatio="none"
        className="mc-downtime-line"
        role="img"
        aria-label={`Downtime windows on days 0 to ${lastDay}: ${summary}`}
      >
        <rect x="0" y="4" width="100" height="2" fill="#dee2e6" />
        {windows.map((w) => (
          <g key={w.session}>
            <rect
              x={x(w.startDay)}
              y="2"
              width={x(w.endHighDay) - x(w.startDay)}
              height="6"
              fill="#ffd8a8"
            />
            <rect
              x={x(w.startDay)}
              y="2"
              width={x(w.endDay) - x(w.startDay)}
              height="6"
              fill="#e8590c"
            />
          </g>
        ))}
        <rect x={x(day) - 0.25} y="0" width="0.5" height="10" fill="#1a1b1e" />
      </svg>
      <List size="sm" mt="xs">
        {windows.map((w) => (
          <List.Item key={w.session}>
            Session {w.session} on day {formatNumber(w.startDay)}: downtime until about day{' '}
            {formatNumber(w.endDay, 1)} ({formatDays(w.endDay - w.startDay, 1)}; range{' '}
            {formatDays(w.endLowDay - w.startDay, 0)} to {formatDays(w.endHighDay - w.startDay, 0)})
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="gray.7">
        Dark: the model’s downtime; light: the range it may end in.
      </Text>
    </div>
  );
}
