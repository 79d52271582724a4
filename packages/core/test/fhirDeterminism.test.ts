import { describe, expect, it } from 'vitest';
import { isUuid, resourceId, uuidV5 } from '../src/fhir/ids.js';
import { sha1 } from '../src/fhir/sha1.js';
import {
  fhirPlanSummary,
  type PatientJourney,
  patientBundle,
  planTreatment,
} from '../src/index.js';
import { CONTEXT, FULL_JOURNEY } from './fhirFixture.js';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('fhir: ids', () => {
  it('SHA-1 matches the FIPS 180 examples', () => {
    const enc = new TextEncoder();
    expect(hex(sha1(enc.encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(enc.encode('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(enc.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(hex(sha1(enc.encode('a'.repeat(1000))))).toBe(
      '291e9a6c66994949b57ba5e650361e98fc36b1ba',
    );
  });
  it('UUID v5 matches RFC 9562 / Python uuid5 for the DNS namespace', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });
  it('a record id that is a UUID is kept; any other becomes a name-based UUID', () => {
    expect(resourceId('patient', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
    const derived = resourceId('patient', 'p-0001');
    expect(isUuid(derived)).toBe(true);
    expect(derived).not.toBe(resourceId('session', 'p-0001'));
  });
});

describe('fhir: determinism', () => {
  it('the same input gives byte-identical JSON', () => {
    const a = JSON.stringify(patientBundle(FULL_JOURNEY, CONTEXT));
    const b = JSON.stringify(patientBundle(structuredClone(FULL_JOURNEY), { ...CONTEXT }));
    expect(a).toBe(b);
  });
  it('the order the records come in does not change the bundle', () => {
    const reversed: PatientJourney = {
      ...FULL_JOURNEY,
      screenings: [...FULL_JOURNEY.screenings].reverse(),
      series: [...FULL_JOURNEY.series].reverse(),
      sessions: [...FULL_JOURNEY.sessions].reverse(),
      assessments: [...FULL_JOURNEY.assessments].reverse(),
      adverseEvents: [...FULL_JOURNEY.adverseEvents].reverse(),
      consents: [...FULL_JOURNEY.consents].reverse(),
      photos: [...FULL_JOURNEY.photos].reverse(),
      followUps: [...(FULL_JOURNEY.followUps ?? [])].reverse(),
    };
    expect(JSON.stringify(patientBundle(reversed, CONTEXT))).toBe(
      JSON.stringify(patientBundle(FULL_JOURNEY, CONTEXT)),
    );
  });
  it('a different export time changes only the bundle id and timestamp', () => {
    const a = patientBundle(FULL_JOURNEY, CONTEXT);
    const b = patientBundle(FULL_JOURNEY, { ...CONTEXT, generatedAt: '2026-06-02T10:00:00Z' });
    expect(b.id).not.toBe(a.id);
    expect(JSON.stringify(b.entry)).toBe(JSON.stringify(a.entry));
  });
});

describe('fhir: plan summaries', () => {
  it('fhirPlanSummary takes the needle and zones of a plan value', () => {
    const plan = planTreatment({ zones: ['submental'], needle: '23G', seed: 1 });
    const summary = fhirPlanSummary('plan-9', plan);
    expect(summary).toMatchObject({ id: 'plan-9', needleGauge: '23G', zoneIds: ['submental'] });
    expect(summary.coreCount).toBe(plan.totals.cores);
    const bundle = patientBundle(FULL_JOURNEY, { ...CONTEXT, plans: [...CONTEXT.plans, summary] });
    const names = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r) => r?.resourceType === 'Device')
      .map((d) => (d?.resourceType === 'Device' ? d.deviceName?.[0].name : ''));
    expect(names).toEqual([
      'Micro-Coring handpiece',
      '22G regular-wall hollow coring needle',
      '23G regular-wall hollow coring needle',
    ]);
  });
});
