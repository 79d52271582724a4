import type { Consent } from '@medplum/fhirtypes';
import type { ConsentRecord } from '../records/types.js';
import {
  CONSENT_SCOPE,
  CONSENT_SCOPE_BY_RECORD,
  LOINC,
  LOINC_PATIENT_CONSENT,
  V3_ACT_CODE,
} from './codes.js';
import { type BuildContext, ids, recordIdentifier } from './shared.js';

const SCOPE_TEXT: Readonly<Record<ConsentRecord['scope'], string>> = {
  treatment: 'Consent to Micro-Coring treatment',
  photography: 'Consent to clinical photography',
  research: 'Consent to use of de-identified outcomes for research',
};

/**
 * R4 Consent needs scope, category and (invariant ppc-1) a policy or policyRule. The record has
 * no policy document, so policyRule says what the patient did: opted in (v3-ActCode OPTIN).
 * A withdrawn consent is `inactive`: R4 has no `withdrawn` state.
 */
export function consentResource(ctx: BuildContext, c: ConsentRecord): Consent {
  const scope = CONSENT_SCOPE_BY_RECORD[c.scope];
  return {
    resourceType: 'Consent',
    id: ids.consent(c.id),
    identifier: [recordIdentifier('consent', c.id)],
    status: c.status === 'active' ? 'active' : 'inactive',
    scope: { coding: [{ system: CONSENT_SCOPE, ...scope }], text: SCOPE_TEXT[c.scope] },
    category: [
      { coding: [{ system: LOINC, ...LOINC_PATIENT_CONSENT }], text: SCOPE_TEXT[c.scope] },
    ],
    patient: ctx.patientRef,
    dateTime: c.date,
    organization: [ctx.organizationRef],
    policyRule: { coding: [{ system: V3_ACT_CODE, code: 'OPTIN', display: 'opt-in' }] },
    provision: { type: 'permit' },
  };
}
