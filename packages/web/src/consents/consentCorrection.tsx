import type { Consent } from '../api/types';
import { fieldWords } from '../corrections/changeWords';
import type { CorrectionSpec } from '../corrections/correctionSpec';
import { CONSENT_NOUNS, ConsentFields, type ConsentValues } from './ConsentFields';
import { scopeLabel } from './consentChoices';

const LABELS = {
  scope: 'Scope',
  date: 'Given on',
  status: 'Status',
  withdrawnDate: 'Withdrawn on',
};

/**
 * What a consent brings to the corrections components: its scope and day may be corrected (its
 * withdrawal is its own action, beside).
 */
export const consentCorrection: CorrectionSpec<ConsentValues, Consent> = {
  valuesOf: (consent) => ({ scope: consent.scope, date: consent.date }),
  // A scope not chosen is left out, as when recording.
  toBody: ({ scope, date }) => ({ ...(scope === '' ? {} : { scope }), date }),
  nouns: () => CONSENT_NOUNS,
  fields: (props) => <ConsentFields {...props} />,
  fieldLabel: fieldWords(LABELS),
  valueLabel: (field, value) =>
    field === 'scope' && typeof value === 'string' ? scopeLabel(value) : undefined,
};
