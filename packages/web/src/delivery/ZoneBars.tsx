import { Group, Progress, Stack, Text } from '@mantine/core';
import type { ZoneProgress } from '@microcore/core';
import { formatNumber, formatPercent } from '../format/locale';
import { SAVED_COLOUR } from '../planner/colours';

/** Per zone: cores extracted of the target, and the coverage achieved against the plan's. */
export function ZoneBars({
  zones,
  labels,
}: {
  zones: readonly ZoneProgress[];
  labels: Record<string, string>;
}) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="live-zones">
      <Text fw={600} id="live-zones">
        Zones
      </Text>
      {zones.map((zone) => {
        const label = labels[zone.id] ?? zone.id;
        const share = zone.targetCores === 0 ? 1 : zone.extracted / zone.targetCores;
        return (
          <Stack gap={2} key={zone.id}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={500}>
                {label}
                {zone.complete ? ' — complete' : ''}
              </Text>
              <Text size="sm">
                {formatNumber(zone.extracted)} / {formatNumber(zone.targetCores)} cores
              </Text>
            </Group>
            <Progress
              value={Math.min(100, share * 100)}
              color={zone.complete ? SAVED_COLOUR : 'blue.8'}
              aria-label={`${label}: ${formatNumber(zone.extracted)} of ${formatNumber(zone.targetCores)} cores extracted`}
            />
            <Text size="xs" c="dimmed">
              Coverage {formatPercent(zone.coverageFraction, 2)} of{' '}
              {formatPercent(zone.coverageTarget, 2)} planned
              {zone.failed > 0 ? ` · ${formatNumber(zone.failed)} failed` : ''}
            </Text>
          </Stack>
        );
      })}
    </Stack>
  );
}
