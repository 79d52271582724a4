import type { FieldOutcome } from './decide.js';
import { CORE_REFUSAL_REASONS, type DeliveryAlarm, type DeliveryState } from './types.js';

/** The alarms a placement raises, from the state before it and the guard's decision. */
export function fieldAlarms(
  state: DeliveryState,
  seq: number,
  outcome: FieldOutcome,
): DeliveryAlarm[] {
  const alarms: DeliveryAlarm[] = [];
  const bridge = outcome.refused.filter((c) => c.reason === 'bridge').length;
  if (bridge > 0)
    alarms.push({
      code: 'core.overlap-refused',
      seq,
      message: `${bridge} core${bridge === 1 ? '' : 's'} not fired: closer than the bridge rule allows to a core already cut (this field overlaps an earlier one)`,
    });
  const other = outcome.refused.length - bridge;
  if (other > 0) {
    const reasons = CORE_REFUSAL_REASONS.filter((r) => r !== 'bridge')
      .map((r) => [r, outcome.refused.filter((c) => c.reason === r).length] as const)
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    alarms.push({ code: 'core.refused', seq, message: `cores not fired: ${reasons}` });
  }
  if (outcome.zonesUnder.length === 0) {
    alarms.push({
      code: 'field.outside-zones',
      seq,
      message: 'the field lies over no zone of the plan: nothing fired',
    });
  } else if (outcome.farFromPlan) {
    alarms.push({
      code: 'field.far-from-plan',
      seq,
      message:
        'the field is off the planned fields (moved or turned): a fresh pattern at the planned density was laid where the zone allows',
    });
  }
  for (const z of outcome.zonesUnder) {
    const zone = state.zones[z];
    if (zone.extracted >= zone.targetCores)
      alarms.push({
        code: 'zone.over-target',
        seq,
        zone: zone.id,
        message: `the field lies over zone "${zone.id}", which has its ${zone.targetCores} cores: nothing more is fired there`,
      });
  }
  return alarms;
}
