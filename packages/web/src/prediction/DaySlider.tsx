import { Slider, Stack, Text } from '@mantine/core';
import { dayAfterPageKey } from './dayKeys.js';
import { formatDays, formatNumber } from './format.js';
import { type DayPhase, PHASE_DESCRIPTIONS, PHASE_NAMES } from './healingCourse.js';

interface Props {
  readonly day: number;
  readonly lastDay: number;
  readonly sessionDays: readonly number[];
  readonly phase: DayPhase;
  readonly onChange: (day: number) => void;
}

/**
 * The day after the first session, 0 to the last day, by pointer or keyboard (arrows step a day,
 * Page Up/Down ten, Home/End the ends); the healing phase of the day is read out as it changes.
 */
export function DaySlider({ day, lastDay, sessionDays, phase, onChange }: Props) {
  const marks = [
    ...sessionDays.map((d, k) => ({ value: d, label: `S${k + 1}` })),
    ...[90, lastDay]
      .filter((d) => !sessionDays.includes(d) && d <= lastDay)
      .map((d) => ({ value: d, label: formatNumber(d) })),
  ];
  return (
    <Stack gap={4}>
      <Text component="label" id="mc-day-label" fw={500} size="sm">
        Day after the first session (days): {formatNumber(day)}
      </Text>
      <Slider
        value={day}
        onChange={onChange}
        min={0}
        max={lastDay}
        step={1}
        marks={marks}
        label={(value) => formatDays(value)}
        thumbLabel="Day after the first session (days)"
        aria-labelledby="mc-day-label"
        mb="lg"
        className="mc-no-print"
        data-testid="day-slider"
        onKeyDown={(event) => {
          const next = dayAfterPageKey(day, event.key, lastDay);
          if (next === null) return;
          event.preventDefault();
          onChange(next);
        }}
      />
      <Text size="sm" aria-live="polite" data-testid="healing-phase">
        <strong>{PHASE_NAMES[phase.phase]}</strong> — {PHASE_DESCRIPTIONS[phase.phase]} (session{' '}
        {phase.session}, {formatDays(phase.daysSinceSession)} after it)
      </Text>
    </Stack>
  );
}
