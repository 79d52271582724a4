import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import type { PlanMode } from '@microcore/core';
import { memo, useId } from 'react';
import { WARNING_COLOUR } from './colours';
import { formatMm } from './formatters';
import {
  MAX_BRIDGE_MM,
  minimumBridgeMm,
  type PatternKind,
  type UpdateSettings,
  withMode,
} from './planSettings';

interface TechniqueControlsProps {
  readonly needle: string;
  readonly bridgeMm: number | null;
  readonly pattern: PatternKind;
  readonly mode: PlanMode;
  readonly seed: number;
  readonly onUpdate: UpdateSettings;
}

/** The minimum skin bridge, the pattern, the mode and the seed. */
export const TechniqueControls = memo(function TechniqueControls({
  needle,
  bridgeMm,
  pattern,
  mode,
  seed,
  onUpdate,
}: TechniqueControlsProps) {
  const minBridge = minimumBridgeMm(mode, needle);
  const patternId = useId();
  const modeId = useId();
  return (
    <Stack gap="sm">
      <NumberInput
        label="Minimum skin bridge (mm)"
        description={`Edge to edge between cores; empty is one core diameter (${formatMm(minimumBridgeMm('clinical', needle), 3)}); ${formatMm(minBridge, 2)}–${formatMm(MAX_BRIDGE_MM, 0)}`}
        placeholder={`${minimumBridgeMm('clinical', needle)} (one core diameter)`}
        min={minBridge}
        max={MAX_BRIDGE_MM}
        step={0.05}
        decimalScale={3}
        clampBehavior="blur"
        value={bridgeMm ?? ''}
        onChange={(value) => {
          const mm = typeof value === 'number' ? value : value === '' ? null : Number(value);
          if (mm === null) onUpdate((settings) => ({ ...settings, bridgeMm: null }));
          else if (Number.isFinite(mm) && mm >= minBridge && mm <= MAX_BRIDGE_MM)
            onUpdate((settings) => ({ ...settings, bridgeMm: mm }));
        }}
      />
      <div>
        <Text component="label" id={patternId} size="sm" fw={500}>
          Pattern
        </Text>
        <SegmentedControl
          fullWidth
          aria-labelledby={patternId}
          value={pattern}
          onChange={(value) =>
            onUpdate((settings) => ({ ...settings, pattern: value as PatternKind }))
          }
          data={[
            { value: 'blue-noise', label: 'Even (blue noise)' },
            { value: 'fields', label: 'Field by field' },
          ]}
        />
      </div>
      <div>
        <Text component="label" id={modeId} size="sm" fw={500}>
          Mode
        </Text>
        <SegmentedControl
          fullWidth
          aria-labelledby={modeId}
          value={mode}
          color={mode === 'research' ? WARNING_COLOUR : undefined}
          onChange={(value) =>
            onUpdate((settings) =>
              withMode(settings, value === 'research' ? 'research' : 'clinical'),
            )
          }
          data={[
            { value: 'clinical', label: 'Clinical' },
            { value: 'research', label: 'Research' },
          ]}
        />
      </div>
      {mode === 'research' ? (
        <Alert color={WARNING_COLOUR} variant="light" title="Research mode">
          Limits outside the clinical envelope are allowed: not a plan for treating a patient.
        </Alert>
      ) : null}
      <Group align="end" wrap="nowrap">
        <NumberInput
          label="Seed"
          description="The same seed gives the same cores"
          min={0}
          max={2 ** 31 - 1}
          allowDecimal={false}
          allowNegative={false}
          value={seed}
          onChange={(value) => {
            if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
              onUpdate((settings) => ({ ...settings, seed: value }));
          }}
        />
        <Button
          variant="default"
          onClick={() => {
            // Drawn here, not in the updater: an updater may run twice.
            const next = newSeed();
            onUpdate((settings) => ({ ...settings, seed: next }));
          }}
        >
          New seed
        </Button>
      </Group>
    </Stack>
  );
});

/** A seed drawn from the browser's random source. */
function newSeed(): number {
  const value = new Uint32Array(1);
  crypto.getRandomValues(value);
  return (value[0] ?? 1) >>> 1;
}
