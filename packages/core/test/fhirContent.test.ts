import type {
  AdverseEvent,
  Bundle,
  CarePlan,
  CodeSystem,
  Consent,
  Device,
  Media,
  Observation,
  Patient,
  Procedure,
  Resource,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  FHIR_EXTENSION,
  isMicrocoreError,
  LOINC_FITZPATRICK,
  type PatientJourney,
  patientBundle,
  SCALES_SYSTEM,
} from '../src/index.js';
import { CONTEXT, FULL_JOURNEY, PATIENT_ID } from './fhirFixture.js';

const bundle = patientBundle(FULL_JOURNEY, CONTEXT);
const all = (bundle.entry ?? []).map((e) => e.resource as Resource);
const byUrl = new Map((bundle.entry ?? []).map((e) => [e.fullUrl, e.resource as Resource]));
function every<T extends Resource>(type: T['resourceType'], b: Bundle = bundle): T[] {
  return (b.entry ?? [])
    .map((e) => e.resource as Resource)
    .filter((r) => r.resourceType === type) as T[];
}
function resolve<T extends Resource>(reference: string | undefined): T {
  const r = byUrl.get(reference);
  if (!r) throw new Error(`unresolved ${reference}`);
  return r as T;
}
function identified<T extends Resource & { identifier?: unknown }>(
  type: T['resourceType'],
  id: string,
): T {
  const found = every<T>(type).find((r) =>
    JSON.stringify(r.identifier).includes(`"value":"${id}"`),
  );
  if (!found) throw new Error(`no ${type} for ${id}`);
  return found;
}

describe('fhir: Patient', () => {
  const patient = every<Patient>('Patient')[0];
  it('maps name, birth date, gender, telecom and the record id', () => {
    expect(patient.name).toEqual([{ family: 'Example', given: ['Ada'] }]);
    expect(patient.birthDate).toBe('1971-04-12');
    expect(patient.gender).toBe('female');
    expect(patient.telecom?.map((t) => t.system)).toEqual(['email', 'phone']);
    expect(patient.identifier?.[0].value).toBe(PATIENT_ID);
  });
  it('a synthetic patient is tagged, and so is every resource about the patient', () => {
    expect(patient.meta?.tag?.[0].code).toBe('synthetic');
    expect(patient.meta?.security?.[0].code).toBe('HTEST');
    for (const r of all) {
      const shared = ['Organization', 'CodeSystem', 'Questionnaire', 'Device'].includes(
        r.resourceType,
      );
      expect(r.meta?.tag?.[0].code === 'synthetic', r.resourceType).toBe(!shared);
    }
  });
});

describe('fhir: Devices', () => {
  it('the 22G needle carries its outer and core diameters and sits in the handpiece', () => {
    const needle = every<Device>('Device').find((d) => d.deviceName?.[0].name.startsWith('22G'));
    const props = Object.fromEntries(
      (needle?.property ?? []).map((p) => [p.type.text, p.valueQuantity?.[0]?.value]),
    );
    expect(props['Outer diameter']).toBe(0.718);
    expect(props['Core (inner) diameter']).toBe(0.413);
    const handpiece = resolve<Device>(needle?.parent?.reference);
    expect(handpiece.deviceName?.[0].name).toBe('Micro-Coring handpiece');
  });
});

describe('fhir: CarePlan and Procedures', () => {
  const plan = every<CarePlan>('CarePlan')[0];
  it('the series has one activity per planned session and one for the assessment', () => {
    expect(plan.activity?.map((a) => a.detail?.scheduledPeriod?.start)).toEqual([
      '2026-01-12',
      '2026-02-23',
      '2026-05-24',
    ]);
    expect(plan.activity?.map((a) => a.detail?.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(plan.status).toBe('completed');
  });
  it('mid-series: what lies ahead is scheduled, a passed day without a record is unknown', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      sessions: [FULL_JOURNEY.sessions[0]],
      assessments: [FULL_JOURNEY.assessments[0]],
    };
    const statuses = (generatedAt: string) => {
      const p = every<CarePlan>('CarePlan', patientBundle(journey, { ...CONTEXT, generatedAt }))[0];
      return [p.status, ...(p.activity ?? []).map((a) => a.detail?.status)];
    };
    expect(statuses('2026-02-01T08:00:00Z')).toEqual([
      'active',
      'completed',
      'scheduled',
      'scheduled',
    ]);
    expect(statuses('2026-03-01T08:00:00Z')).toEqual([
      'active',
      'completed',
      'unknown',
      'scheduled',
    ]);
    expect(statuses('2026-06-01T08:00:00Z')).toEqual([
      'completed',
      'completed',
      'unknown',
      'unknown',
    ]);
  });
  it('a session is a completed Procedure based on the CarePlan, with the needle as focal device', () => {
    const proc = identified<Procedure>('Procedure', 'ses-1');
    expect(proc.status).toBe('completed');
    expect(proc.performedDateTime).toBe('2026-01-12');
    expect(resolve(proc.basedOn?.[0].reference)).toBe(plan);
    const needle = resolve<Device>(proc.focalDevice?.[0].manipulated.reference);
    expect(needle.deviceName?.[0].name).toMatch(/^22G/);
  });
  it('each zone is a body site with its label, SNOMED CT where known, and its core count', () => {
    const proc = identified<Procedure>('Procedure', 'ses-1');
    const sites = proc.bodySite ?? [];
    expect(sites.map((s) => s.text)).toEqual([
      'Cheek, left',
      'Cheek, right',
      'Submental (under the chin)',
    ]);
    expect(sites[0].coding?.[0]).toMatchObject({
      system: 'http://snomed.info/sct',
      code: '60819002',
    });
    expect(sites[2].coding).toBeUndefined(); // no verified code: text only
    const cores = sites.map(
      (s) => s.extension?.find((e) => e.url === FHIR_EXTENSION.coresDelivered)?.valueInteger,
    );
    expect(cores).toEqual([3100, 3080, 1500]);
    expect(proc.note?.[0].text).toContain('total 7680');
  });
  it('a session outside any series has no basedOn', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      sessions: FULL_JOURNEY.sessions.map((s) => ({ ...s, seriesId: null })),
    };
    for (const p of every<Procedure>('Procedure', patientBundle(journey, CONTEXT))) {
      expect(p.basedOn).toBeUndefined();
    }
  });
});

describe('fhir: Observations', () => {
  const observations = every<Observation>('Observation');
  it('Fitzpatrick type is LOINC 66555-4 with the type as the value', () => {
    const fitz = observations.filter((o) => o.code.coding?.[0]?.system === 'http://loinc.org');
    expect(fitz).toHaveLength(1);
    expect(fitz[0].code.coding?.[0].code).toBe('66555-4');
    expect(LOINC_FITZPATRICK.code).toBe('66555-4');
    expect(fitz[0].valueCodeableConcept?.text).toBe('Fitzpatrick skin type III');
    expect(fitz[0].effectiveDateTime).toBe('2026-01-05'); // the screening's day
  });
  it('Lemperle per zone and GAIS are coded in the local CodeSystem, dated by the assessment', () => {
    const day90 = observations.filter((o) => o.effectiveDateTime === '2026-05-24');
    const codes = day90.map((o) => `${o.code.coding?.[0].code}:${o.bodySite?.text ?? ''}`);
    expect(codes).toEqual([
      'lemperle:Cheek, left',
      'lemperle:Cheek, right',
      'lemperle:Submental (under the chin)',
      'gais-investigator:',
      'gais-subject:',
      'satisfaction:',
      'laxity:',
    ]);
    for (const o of day90) expect(o.code.coding?.[0].system).toBe(SCALES_SYSTEM);
    expect(day90[0].valueInteger).toBe(2);
    expect(day90[3].valueInteger).toBe(2);
    expect(day90[6].valueQuantity?.value).toBe(1.5);
  });
  it('an assessment with notes and no score gives no Observation (nothing to hang them on)', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      assessments: [
        { id: 'as-x', patientId: PATIENT_ID, date: '2026-03-01', lemperleByZone: {}, notes: 'n' },
      ],
    };
    const obs = every<Observation>('Observation', patientBundle(journey, CONTEXT));
    expect(obs.map((o) => o.code.coding?.[0].code)).toEqual(['66555-4', 'laxity']);
  });
  it('the local CodeSystem is in the bundle and defines every code used', () => {
    const scales = every<CodeSystem>('CodeSystem').find((c) => c.url === SCALES_SYSTEM);
    expect(SCALES_SYSTEM).toBe('https://microcore.dev/fhir/CodeSystem/microcore-scales');
    const defined = new Set(scales?.concept?.map((c) => c.code));
    const used = JSON.stringify(all).match(
      /"system":"https:\/\/microcore\.dev\/fhir\/CodeSystem\/microcore-scales","code":"[^"]+"/g,
    );
    expect(used?.length).toBeGreaterThan(10);
    for (const u of used ?? []) expect(defined.has(u.replace(/.*"code":"|"$/g, ''))).toBe(true);
  });
});

describe('fhir: AdverseEvents', () => {
  it('a resolved event: actual, severity, outcome resolved, the session as suspect, causality', () => {
    const ae = identified<AdverseEvent>('AdverseEvent', 'ae-1');
    expect(ae.actuality).toBe('actual');
    expect(ae.event?.coding?.[0].code).toBe('erythema');
    expect(ae.date).toBe('2026-01-12');
    expect(ae.severity?.coding?.[0].code).toBe('mild');
    expect(ae.outcome?.coding?.[0].code).toBe('resolved');
    expect(ae.extension?.[0]).toEqual({
      url: FHIR_EXTENSION.resolutionDate,
      valueDate: '2026-01-16',
    });
    expect(resolve<Procedure>(ae.suspectEntity?.[0].instance.reference).performedDateTime).toBe(
      '2026-01-12',
    );
    expect(ae.suspectEntity?.[0].causality?.[0].assessment?.coding?.[0].code).toBe('Certain');
  });
  it('an unresolved event is ongoing, with no resolution date', () => {
    const ae = identified<AdverseEvent>('AdverseEvent', 'ae-2');
    expect(ae.outcome?.coding?.[0].code).toBe('ongoing');
    expect(ae.extension).toBeUndefined();
    expect(ae.suspectEntity?.[0].causality?.[0].assessment?.coding?.[0].code).toBe(
      'Probably-Likely',
    );
  });
  it('without a known session there is no suspect entity (R4 needs an instance)', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      adverseEvents: [{ ...FULL_JOURNEY.adverseEvents[0], sessionId: null }],
    };
    expect(
      every<AdverseEvent>('AdverseEvent', patientBundle(journey, CONTEXT))[0].suspectEntity,
    ).toBeUndefined();
  });
});

describe('fhir: Consents and Media', () => {
  it('each consent has scope, category, patient and a policy; withdrawn is inactive', () => {
    const scopes = every<Consent>('Consent').map((c) => [c.scope.coding?.[0].code, c.status]);
    expect(scopes.sort()).toEqual([
      ['patient-privacy', 'active'],
      ['research', 'inactive'],
      ['treatment', 'active'],
    ]);
    for (const c of every<Consent>('Consent')) {
      expect(c.category[0].coding?.[0].code).toBe('59284-0');
      // R4's consent-policy value set has no clinic consent: the policy is named by its URI.
      expect(c.policyRule).toBeUndefined();
      expect(c.provision?.type).toBe('permit');
    }
    expect(identified<Consent>('Consent', 'c-photo').policy).toEqual([
      { uri: 'https://microcore.dev/fhir/consent-policy/photography' },
    ]);
  });
  it('a photo links to the API under baseUrl, keeps SHA-256 in an extension, not in hash', () => {
    const media = every<Media>('Media')[0];
    expect(media.content.url).toBe('https://clinic.example/api/patients/p-0001/photos/ph-1');
    expect(media.content.contentType).toBe('image/jpeg');
    expect(media.content.size).toBe(482113);
    expect(media.content.hash).toBeUndefined();
    expect(media.content.extension?.[0]).toEqual({
      url: FHIR_EXTENSION.sha256,
      valueString: FULL_JOURNEY.photos[0].sha256,
    });
    const consent = resolve<Consent>(media.extension?.[0].valueReference?.reference);
    expect(consent.scope.coding?.[0].code).toBe('patient-privacy');
  });
  it('without baseUrl the photo URL is the API path', () => {
    const b = patientBundle(FULL_JOURNEY, { ...CONTEXT, baseUrl: undefined });
    expect(every<Media>('Media', b)[0].content.url).toBe('/api/patients/p-0001/photos/ph-1');
  });
});

describe('fhir: input that cannot be exported is refused with a typed error', () => {
  function code(f: () => unknown): string | undefined {
    try {
      f();
    } catch (e) {
      return isMicrocoreError(e) ? e.code : 'untyped';
    }
    return undefined;
  }
  it('generatedAt must be an ISO instant', () => {
    for (const generatedAt of ['2026-06-01', 'yesterday', '2026-06-01T09:30:00']) {
      expect(code(() => patientBundle(FULL_JOURNEY, { ...CONTEXT, generatedAt }))).toBe(
        'fhir.invalid-input',
      );
    }
  });
  it("another patient's record is refused, not exported", () => {
    const journey = {
      ...FULL_JOURNEY,
      photos: [{ ...FULL_JOURNEY.photos[0], patientId: 'p-other' }],
    };
    expect(code(() => patientBundle(journey, CONTEXT))).toBe('fhir.invalid-input');
  });
  it('two records with the same id are refused', () => {
    const journey = {
      ...FULL_JOURNEY,
      consents: [FULL_JOURNEY.consents[0], FULL_JOURNEY.consents[0]],
    };
    expect(code(() => patientBundle(journey, CONTEXT))).toBe('fhir.invalid-input');
  });
  it('an unknown needle gauge is refused', () => {
    const journey = {
      ...FULL_JOURNEY,
      sessions: [{ ...FULL_JOURNEY.sessions[0], needleGauge: '99G' }],
    };
    expect(code(() => patientBundle(journey, CONTEXT))).toBe('needle.unknown-gauge');
  });
  it('a bad baseUrl is refused', () => {
    expect(code(() => patientBundle(FULL_JOURNEY, { ...CONTEXT, baseUrl: 'clinic' }))).toBe(
      'fhir.invalid-input',
    );
  });
});
