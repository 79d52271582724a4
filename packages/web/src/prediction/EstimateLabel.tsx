import { Alert, Text } from '@mantine/core';
import { ESTIMATE_LABEL } from './estimateLabel.js';

/**
 * The label every prediction view carries, with the interval that goes with the view's figure:
 * a prediction is a range of outcomes for patients like this one, not a promise.
 */
export function EstimateLabel({ interval }: { interval: string }) {
  return (
    <Alert
      color="orange"
      variant="light"
      title={ESTIMATE_LABEL}
      className="mc-estimate-label"
      data-testid="estimate-label"
      // Mantine's light orange title is 3.6:1 on its background; this brown reads at AA anywhere.
      styles={{ title: { color: '#7a1c00' } }}
    >
      <Text size="sm">{interval}</Text>
    </Alert>
  );
}
