import { Checkbox, Group, Slider, Stack, Text } from '@mantine/core';
import { DEFAULT_TEMPLATE } from '@microcore/core';
import { formatNumber } from './formatters';
import { coverageRangePercent, type PlannerSettings, toggleZone } from './planSettings';

interface ZoneControlsProps {
  readonly settings: PlannerSettings;
  readonly onChange: (settings: PlannerSettings) => void;
}

/** Each zone of the template: switched on or off, with its own coverage slider (%). */
export function ZoneControls({ settings, onChange }: ZoneControlsProps) {
  const { minPercent, maxPercent } = coverageRangePercent(settings.mode);
  return (
    <Stack gap="sm">
      {DEFAULT_TEMPLATE.zones.map((zone) => {
        const on = settings.zones.includes(zone.id);
        const value = settings.coveragePercent[zone.id] ?? minPercent;
        const sliderLabel = `Coverage, ${zone.label} (%)`;
        return (
          <Stack key={zone.id} gap={4}>
            <Group justify="space-between" wrap="nowrap">
              <Checkbox
                label={zone.indicated ? zone.label : `${zone.label} (not indicated)`}
                checked={on}
                onChange={(event) =>
                  onChange(toggleZone(settings, zone.id, event.currentTarget.checked))
                }
              />
              <Text size="sm" c={on ? undefined : 'dimmed'} aria-hidden>
                {formatNumber(value, 1)} %
              </Text>
            </Group>
            <Slider
              thumbLabel={sliderLabel}
              disabled={!on}
              min={minPercent}
              max={maxPercent}
              step={0.1}
              value={value}
              label={(v) => `${formatNumber(v, 1)} %`}
              onChange={(v) =>
                onChange({
                  ...settings,
                  coveragePercent: { ...settings.coveragePercent, [zone.id]: roundTenth(v) },
                })
              }
              data-zone={zone.id}
            />
          </Stack>
        );
      })}
    </Stack>
  );
}

/** The slider's value to a tenth of a percent, without binary noise (6.1, not 6.1000000001). */
function roundTenth(value: number): number {
  return Number(value.toFixed(1));
}
