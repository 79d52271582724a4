import { Checkbox, Group, Slider, Stack, Text } from '@mantine/core';
import { DEFAULT_TEMPLATE, type PlanMode, type Zone } from '@microcore/core';
import { memo, useCallback } from 'react';
import { formatNumber } from './formatters';
import { coverageRangePercent, toggleZone, type UpdateSettings } from './planSettings';

interface ZoneControlsProps {
  /** Zones planned. */
  readonly zones: readonly string[];
  readonly coveragePercent: Readonly<Record<string, number>>;
  readonly mode: PlanMode;
  readonly onUpdate: UpdateSettings;
}

/**
 * Each zone of the template: switched on or off, with its own coverage slider (%). A row is drawn
 * again only when its own zone changes, so moving one slider re-renders one row (ZoneRow).
 */
export const ZoneControls = memo(function ZoneControls({
  zones,
  coveragePercent,
  mode,
  onUpdate,
}: ZoneControlsProps) {
  const { minPercent, maxPercent } = coverageRangePercent(mode);
  const onToggle = useCallback(
    (zoneId: string, on: boolean) => onUpdate((settings) => toggleZone(settings, zoneId, on)),
    [onUpdate],
  );
  const onCoverage = useCallback(
    (zoneId: string, percent: number) =>
      onUpdate((settings) => ({
        ...settings,
        coveragePercent: { ...settings.coveragePercent, [zoneId]: roundTenth(percent) },
      })),
    [onUpdate],
  );
  return (
    <Stack gap="sm">
      {DEFAULT_TEMPLATE.zones.map((zone) => (
        <ZoneRow
          key={zone.id}
          zone={zone}
          on={zones.includes(zone.id)}
          value={coveragePercent[zone.id] ?? minPercent}
          minPercent={minPercent}
          maxPercent={maxPercent}
          onToggle={onToggle}
          onCoverage={onCoverage}
        />
      ))}
    </Stack>
  );
});

interface ZoneRowProps {
  readonly zone: Zone;
  readonly on: boolean;
  readonly value: number;
  readonly minPercent: number;
  readonly maxPercent: number;
  readonly onToggle: (zoneId: string, on: boolean) => void;
  readonly onCoverage: (zoneId: string, percent: number) => void;
}

const ZoneRow = memo(function ZoneRow({
  zone,
  on,
  value,
  minPercent,
  maxPercent,
  onToggle,
  onCoverage,
}: ZoneRowProps) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Checkbox
          label={zone.indicated ? zone.label : `${zone.label} (not indicated)`}
          checked={on}
          onChange={(event) => onToggle(zone.id, event.currentTarget.checked)}
        />
        <Text size="sm" c={on ? undefined : 'dimmed'} aria-hidden>
          {formatNumber(value, 1)} %
        </Text>
      </Group>
      <Slider
        thumbLabel={`Coverage, ${zone.label} (%)`}
        disabled={!on}
        min={minPercent}
        max={maxPercent}
        step={0.1}
        value={value}
        label={formatPercentLabel}
        onChange={(percent) => onCoverage(zone.id, percent)}
        data-zone={zone.id}
      />
    </Stack>
  );
});

function formatPercentLabel(percent: number): string {
  return `${formatNumber(percent, 1)} %`;
}

/** The slider's value to a tenth of a percent, without binary noise (6.1, not 6.1000000001). */
function roundTenth(value: number): number {
  return Number(value.toFixed(1));
}
