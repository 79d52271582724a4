import { NumberInput, Stack, Text } from '@mantine/core';
import { memo, useState } from 'react';
import { rescaleRing } from './exclusionShapes';
import {
  LANDMARK_RANGES,
  type PlannerSettings,
  settingsScale,
  type UpdateSettings,
} from './planSettings';

interface MeasurementControlsProps {
  readonly landmarks: PlannerSettings['landmarks'];
  readonly onUpdate: UpdateSettings;
}

type LandmarkKey = keyof typeof LANDMARK_RANGES;

const FIELDS: readonly { key: LandmarkKey; label: string; what: string }[] = [
  {
    key: 'bizygomaticWidthMm',
    label: 'Bizygomatic width (mm)',
    what: 'zygion to zygion; scales the widths',
  },
  {
    key: 'lowerFaceHeightMm',
    label: 'Lower face height (mm)',
    what: 'subnasale to soft-tissue menton; scales the heights',
  },
];

/**
 * The patient's measurements that scale the face and its zones (the core's own scaling). A value
 * outside the range is shown as an error and not used; exclusions move with the face.
 */
export const MeasurementControls = memo(function MeasurementControls({
  landmarks,
  onUpdate,
}: MeasurementControlsProps) {
  const [drafts, setDrafts] = useState<Record<LandmarkKey, string | number>>(() => ({
    bizygomaticWidthMm: landmarks.bizygomaticWidthMm ?? '',
    lowerFaceHeightMm: landmarks.lowerFaceHeightMm ?? '',
  }));

  const apply = (key: LandmarkKey, value: number | null) =>
    onUpdate((settings) => {
      const next = { ...settings, landmarks: { ...settings.landmarks, [key]: value } };
      const from = settingsScale(settings);
      const to = settingsScale(next);
      return {
        ...next,
        exclusions: settings.exclusions.map((e) => ({
          ...e,
          polygon: rescaleRing(e.polygon, from, to),
        })),
      };
    });

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Without measurements the face is the reference adult (133 mm wide, 70 mm lower face).
      </Text>
      {FIELDS.map(({ key, label, what }) => {
        const range = LANDMARK_RANGES[key];
        const draft = drafts[key];
        const number = typeof draft === 'number' ? draft : draft === '' ? null : Number(draft);
        const invalid =
          number !== null &&
          !(Number.isFinite(number) && number >= range.minMm && number <= range.maxMm);
        return (
          <NumberInput
            key={key}
            label={label}
            description={`${what}; ${range.minMm}–${range.maxMm} mm, reference ${range.referenceMm} mm`}
            placeholder={`${range.referenceMm} (reference)`}
            decimalScale={1}
            value={draft}
            error={invalid ? `Give ${range.minMm}–${range.maxMm} mm, or leave it empty` : undefined}
            onChange={(value) => {
              setDrafts((before) => ({ ...before, [key]: value }));
              const mm = typeof value === 'number' ? value : value === '' ? null : Number(value);
              if (mm === null) apply(key, null);
              else if (Number.isFinite(mm) && mm >= range.minMm && mm <= range.maxMm)
                apply(key, mm);
            }}
          />
        );
      })}
    </Stack>
  );
});
