import { List } from '@mantine/core';
import { formatCalendarDate } from '../format/locale';
import { RulesPanel } from '../journey/RulesPanel';

/**
 * The server's rules for an adverse event (records/adverseEvent.ts, records/fields.ts), shown
 * beside the form so they are known before saving. The server still decides: these words only
 * say what it checks.
 */
export function AdverseEventRules({ today }: { today: string }) {
  return (
    <RulesPanel id="adverse-event-rules">
      <List.Item>Type, onset date, severity and relatedness are required.</List.Item>
      <List.Item>
        A description is required when the type is Other (up to 4,000 characters).
      </List.Item>
      <List.Item>
        Dates are calendar days from 1900 on and not after today in the clinic (
        {formatCalendarDate(today)}).
      </List.Item>
      <List.Item>
        When the event followed a session, its onset cannot be before that session’s day.
      </List.Item>
      <List.Item>
        The resolution date is empty while the event lasts; once given, it cannot be before the
        onset. Resolve and reopen change only the resolution date.
      </List.Item>
      <List.Item>An archived patient takes no new records.</List.Item>
    </RulesPanel>
  );
}
