import { List } from '@mantine/core';
import { formatCalendarDate } from '../format/locale';
import { RulesPanel } from '../journey/RulesPanel';

/**
 * The server's rules for consents (records/consent.ts), beside the form. The server still
 * decides; these words say what it checks.
 */
export function ConsentRules({ today }: { today: string }) {
  return (
    <RulesPanel id="consent-rules">
      <List.Item>A consent covers one scope: treatment, photography or research.</List.Item>
      <List.Item>
        The day it was given is required: a calendar day from 1900 on, not after today in the clinic
        ({formatCalendarDate(today)}).
      </List.Item>
      <List.Item>
        One active consent per scope: withdraw the active one before recording a new one.
      </List.Item>
      <List.Item>
        A consent stays active until withdrawn. Withdrawing keeps it in the record, marked
        withdrawn; it cannot be made active again (record a new one).
      </List.Item>
      <List.Item>
        The withdrawal day is today unless you give one; it cannot be before the consent was given,
        nor after today.
      </List.Item>
      <List.Item>A withdrawn photography consent admits no new photos.</List.Item>
      <List.Item>An archived patient takes no new records.</List.Item>
    </RulesPanel>
  );
}
