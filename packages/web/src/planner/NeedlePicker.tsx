import { Radio, Stack, Text } from '@mantine/core';
import { memo } from 'react';
import { REFUSAL_COLOUR, WARNING_COLOUR } from './colours';
import { formatMm } from './formatters';
import { needleChoices } from './needleChoices';

const CHOICES = needleChoices();

interface NeedlePickerProps {
  readonly gauge: string;
  readonly onChange: (gauge: string) => void;
}

/**
 * The needles, each with the core it cuts. A gauge the safety envelope refuses is shown, disabled,
 * with the envelope's code and reason; one in its warning band says so.
 */
export const NeedlePicker = memo(function NeedlePicker({ gauge, onChange }: NeedlePickerProps) {
  return (
    <Radio.Group label="Needle (gauge, core diameter)" value={gauge} onChange={onChange}>
      <Stack gap={6} mt={6}>
        {CHOICES.map((choice) => (
          <div key={choice.gauge}>
            <Radio
              value={choice.gauge}
              disabled={choice.refusal !== undefined}
              label={`${choice.gauge} — ${formatMm(choice.coreDiameterMm, 3)} core`}
              aria-describedby={
                choice.refusal || choice.warning ? `needle-${choice.gauge}-why` : undefined
              }
            />
            {/* Outside the radio, so a disabled radio's fading does not fade the reason. */}
            {choice.refusal ? (
              <Text id={`needle-${choice.gauge}-why`} size="xs" c={REFUSAL_COLOUR} ml={32}>
                Refused ({choice.refusal.code}): {choice.refusal.message}
              </Text>
            ) : choice.warning ? (
              <Text id={`needle-${choice.gauge}-why`} size="xs" c={WARNING_COLOUR} ml={32}>
                Warning ({choice.warning.code}): {choice.warning.message}
              </Text>
            ) : null}
          </div>
        ))}
      </Stack>
    </Radio.Group>
  );
});
