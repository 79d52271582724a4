import type { Consent } from '@medplum/fhirtypes';
import type { ConsentRecord } from '../records/types.js';
import {
  CONSENT_SCOPE,
  CONSENT_SCOPE_BY_RECORD,
  consentPolicyUri,
  LOINC,
  LOINC_PATIENT_CONSENT,
} from './codes.js';
import { narrative } from './narrative.js';
import { type BuildContext, ids, recordIdentifier } from './shared.js';

const SCOPE_TEXT: Readonly<Record<ConsentRecord['scope'], string>> = {
  treatment: 'Consent to Micro-Coring treatment',
  photography: 'Consent to clinical photography',
  research: 'Consent to use of de-identified outcomes for research',
};

/**
 * R4 Consent needs scope, category and (invariant ppc-1) a policy or policyRule. policyRule is
 * bound to R4's consent-policy value set, which holds only jurisdictional policies (HIPAA, CRIC,
 * …), none of them this clinic's consent; so the consent is named in policy.uri
 * (consentPolicyUri) and what the patient did, opting in, is provision.type `permit`.
 * A withdrawn consent is `inactive`: R4 has no `withdrawn` state.
 */
export function consentResource(ctx: BuildContext, c: ConsentRecord): Consent {
  const scope = CONSENT_SCOPE_BY_RECORD[c.scope];
  return {
    resourceType: 'Consent',
    id: ids.consent(c.id),
    text: narrative(
      `${SCOPE_TEXT[c.scope]}, given on ${c.date} to ${ctx.export.clinic.name}: ${c.status === 'active' ? 'in force' : 'withdrawn'}.`,
    ),
    identifier: [recordIdentifier('consent', c.id)],
    status: c.status === 'active' ? 'active' : 'inactive',
    scope: { coding: [{ system: CONSENT_SCOPE, ...scope }], text: SCOPE_TEXT[c.scope] },
    category: [
      { coding: [{ system: LOINC, ...LOINC_PATIENT_CONSENT }], text: SCOPE_TEXT[c.scope] },
    ],
    patient: ctx.patientRef,
    dateTime: c.date,
    organization: [ctx.organizationRef],
    policy: [{ uri: consentPolicyUri(c.scope) }],
    provision: { type: 'permit' },
  };
}
