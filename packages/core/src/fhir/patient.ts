import type { ContactPoint, Organization, Patient } from '@medplum/fhirtypes';
import type { PatientRecord } from '../records/types.js';
import { identifierSystem } from './codes.js';
import { narrative } from './narrative.js';
import { type BuildContext, ids, recordIdentifier } from './shared.js';

/**
 * The record's `sex` takes the same four values as R4 Patient.gender (administrative gender), so
 * the mapping is the identity; R4 has no separate element for sex assigned at birth.
 */
const GENDER: Readonly<Record<PatientRecord['sex'], Patient['gender']>> = {
  female: 'female',
  male: 'male',
  other: 'other',
  unknown: 'unknown',
};

export function patientResource(ctx: BuildContext): Patient {
  const p = ctx.journey.patient;
  const telecom: ContactPoint[] = [];
  if (p.email) telecom.push({ system: 'email', value: p.email });
  if (p.phone) telecom.push({ system: 'phone', value: p.phone });
  const contact = [p.email, p.phone].filter((v) => v).join(', ');
  return {
    resourceType: 'Patient',
    id: ids.patient(p.id),
    text: narrative(
      `${p.givenName} ${p.familyName}, ${p.sex}, born ${p.birthDate}.`,
      `Patient of ${ctx.export.clinic.name}.${contact ? ` Contact: ${contact}.` : ''}`,
      ...(p.synthetic ? ['Synthetic (generated) data, not a real person.'] : []),
    ),
    identifier: [recordIdentifier('patient', p.id)],
    name: [{ family: p.familyName, given: [p.givenName] }],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: GENDER[p.sex],
    birthDate: p.birthDate,
    managingOrganization: ctx.organizationRef,
  };
}

export function organizationResource(clinic: { id: string; name: string }): Organization {
  return {
    resourceType: 'Organization',
    id: ids.organization(clinic.id),
    text: narrative(`Clinic: ${clinic.name}.`),
    identifier: [{ system: identifierSystem('clinic'), value: clinic.id }],
    active: true,
    name: clinic.name,
  };
}
