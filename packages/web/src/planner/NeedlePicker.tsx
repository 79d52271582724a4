import { Radio, Stack, Text } from '@mantine/core';
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
export function NeedlePicker({ gauge, onChange }: NeedlePickerProps) {
  return (
    <Radio.Group label="Needle (gauge, core diameter)" value={gauge} onChange={onChange}>
      <Stack gap={6} mt={6}>
        {CHOICES.map((choice) => (
          <Radio
            key={choice.gauge}
            value={choice.gauge}
            disabled={choice.refusal !== undefined}
            label={`${choice.gauge} — ${formatMm(choice.coreDiameterMm, 3)} core`}
            description={
              choice.refusal ? (
                <Text span size="xs" c="red.9">
                  Refused ({choice.refusal.code}): {choice.refusal.message}
                </Text>
              ) : choice.warning ? (
                <Text span size="xs" c="orange.9">
                  Warning ({choice.warning.code}): {choice.warning.message}
                </Text>
              ) : undefined
            }
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
