import type { AdverseEvent, TreatmentSession } from '../api/types';
import { fieldWords } from '../corrections/changeWords';
import type { CorrectionSpec } from '../corrections/correctionSpec';
import { formatCalendarDate } from '../format/locale';
import { AdverseEventFields } from './AdverseEventFields';
import { relatednessLabel, severityLabel, typeLabel } from './adverseEventChoices';
import {
  ADVERSE_EVENT_FIELD_LABELS,
  ADVERSE_EVENT_FIELD_NOUNS,
  type AdverseEventFormValues,
  adverseEventBody,
  adverseEventValuesOf,
} from './adverseEventFormValues';

const LABELS: Record<string, (value: string) => string> = {
  type: typeLabel,
  severity: severityLabel,
  relatedness: relatednessLabel,
};

/** What an adverse event brings to the corrections components (corrections/correctionSpec.ts). */
export function adverseEventCorrection(
  sessions: readonly TreatmentSession[],
): CorrectionSpec<AdverseEventFormValues, AdverseEvent> {
  return {
    valuesOf: adverseEventValuesOf,
    toBody: adverseEventBody,
    nouns: () => ADVERSE_EVENT_FIELD_NOUNS,
    fields: (props) => <AdverseEventFields {...props} sessions={sessions} />,
    fieldLabel: fieldWords(ADVERSE_EVENT_FIELD_LABELS),
    valueLabel: (field, value) => {
      if (typeof value === 'string' && LABELS[field]) return LABELS[field](value);
      if (field === 'sessionId' && typeof value === 'string') {
        const session = sessions.find((s) => s.id === value);
        return session ? `Session of ${formatCalendarDate(session.date)}` : undefined;
      }
      return undefined;
    },
  };
}
