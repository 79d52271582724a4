import type { Bundle, Consent, Media, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { type PatientJourney, patientBundle } from '../src/index.js';
import { CONTEXT, FULL_JOURNEY, MINIMAL_JOURNEY } from './fhirFixture.js';
import { fhirErrors, invariantErrors, medplumErrors, schemaErrors } from './fhirValidator.js';

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => e.resource as Resource);
}

function first<T extends Resource>(bundle: Bundle, type: T['resourceType']): T {
  const found = resources(bundle).find((r) => r.resourceType === type);
  if (!found) throw new Error(`no ${type} in the bundle`);
  return found as T;
}

/** Every `reference` string anywhere in a value. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}

describe('fhir: the validators catch what they must (so a pass means something)', () => {
  const bundle = patientBundle(FULL_JOURNEY, CONTEXT);

  it('an Observation without status fails, alone and inside the bundle', () => {
    const { status: _status, ...broken } = first<Observation>(bundle, 'Observation');
    expect(medplumErrors(broken as Resource).join()).toMatch(/Observation\.status/);
    // The JSON Schema cannot require a primitive (it may come as `_status`): medplum's job.
    expect(schemaErrors(broken as Resource)).toEqual([]);
    const entry = [{ fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000000', resource: broken }];
    const brokenBundle = { ...bundle, entry: [...(bundle.entry ?? []), ...entry] } as Bundle;
    expect(medplumErrors(brokenBundle).join()).toMatch(/status/);
  });

  it('an invalid gender code fails the JSON Schema (medplum does not check bindings)', () => {
    const patient = { ...first<Patient>(bundle, 'Patient'), gender: 'woman' } as unknown as Patient;
    expect(schemaErrors(patient).join()).toMatch(/allowed values/);
    // Recorded so that nobody relies on medplum alone for codes.
    expect(medplumErrors(patient)).toEqual([]);
    expect(fhirErrors(patient)).not.toEqual([]);
  });

  it('a Consent without policy or policyRule breaks invariant ppc-1 (both FHIRPath engines)', () => {
    const { policy: _policy, ...broken } = first<Consent>(bundle, 'Consent');
    expect(medplumErrors(broken as Resource).join()).toMatch(/ppc-1/);
    expect(invariantErrors(broken as Resource).join()).toMatch(/ppc-1 failed/);
  });

  it('a hex SHA-256 in Attachment.hash fails (the element is base64)', () => {
    const media = first<Media>(bundle, 'Media');
    const broken = { ...media, content: { ...media.content, hash: 'zz-not-base64' } };
    expect(medplumErrors(broken).join()).toMatch(/base64/i);
  });

  it('a bundle with the same fullUrl twice breaks invariant bdl-7', () => {
    const entries = bundle.entry ?? [];
    const broken: Bundle = { ...bundle, entry: [...entries, entries[entries.length - 1]] };
    expect(medplumErrors(broken).join()).toMatch(/bdl-7/);
  });

  it('an unknown element fails', () => {
    const broken = { ...first<Observation>(bundle, 'Observation'), lemperle: 3 } as Resource;
    expect(medplumErrors(broken).join()).toMatch(/lemperle/);
    expect(schemaErrors(broken)).not.toEqual([]);
  });
});

describe('fhir: the bundle is valid FHIR R4', () => {
  it('full journey: the bundle and every entry pass both validators', () => {
    const bundle = patientBundle(FULL_JOURNEY, CONTEXT);
    expect(bundle.type).toBe('collection');
    expect(fhirErrors(bundle)).toEqual([]);
  });

  it('holds the resources the journey calls for', () => {
    const counts: Record<string, number> = {};
    for (const r of resources(patientBundle(FULL_JOURNEY, CONTEXT))) {
      counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    }
    expect(counts).toEqual({
      Patient: 1,
      Organization: 1,
      // scales, adverse-event types, tags (a synthetic patient), screening decisions, photo views.
      CodeSystem: 5,
      Questionnaire: 1,
      QuestionnaireResponse: 1,
      Device: 2, // the handpiece and the 22G needle (both sessions used 22G)
      CarePlan: 1,
      Procedure: 2,
      // Fitzpatrick + laxity of the record; baseline 3 Lemperle + laxity; day 90: 3 Lemperle,
      // GAIS ×2, satisfaction, laxity.
      Observation: 2 + 4 + 7,
      AdverseEvent: 2,
      Consent: 3,
      Media: 1,
      Appointment: 2, // the follow-ups booked: one recorded, one due
    });
  });

  it('a patient without optional data (no contact, no records) is valid', () => {
    const bundle = patientBundle(MINIMAL_JOURNEY, { ...CONTEXT, plans: [], baseUrl: undefined });
    expect(fhirErrors(bundle)).toEqual([]);
    const patient = first<Patient>(bundle, 'Patient');
    expect(patient.telecom).toBeUndefined();
    expect(patient.meta).toBeUndefined();
  });

  it('a Fitzpatrick V patient (not studied, acknowledgement recorded) is valid', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      patient: { ...FULL_JOURNEY.patient, fitzpatrickType: 5, email: null, phone: null },
      screenings: FULL_JOURNEY.screenings.map((s) => ({
        ...s,
        acknowledgements: ['fitzpatrick-v-vi-not-studied'],
        decision: 'eligible-with-warnings' as const,
      })),
    };
    const bundle = patientBundle(journey, CONTEXT);
    expect(fhirErrors(bundle)).toEqual([]);
    const fitz = resources(bundle).find(
      (r) => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === '66555-4',
    ) as Observation;
    expect(fitz.valueCodeableConcept?.text).toBe('Fitzpatrick skin type V');
  });

  it('every fullUrl is a urn:uuid, unique, and every reference resolves inside the bundle', () => {
    const bundle = patientBundle(FULL_JOURNEY, CONTEXT);
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl ?? '');
    for (const url of urls) {
      expect(url).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    expect(new Set(urls).size).toBe(urls.length);
    for (const entry of bundle.entry ?? []) {
      expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource?.id}`);
    }
    const refs = referencesIn(bundle);
    expect(refs.length).toBeGreaterThan(30);
    for (const r of refs) expect(urls).toContain(r);
  });
});
