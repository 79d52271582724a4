import type { Bundle, Consent, Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { fhirDefinitions, fhirExtensionDefinitions, patientBundle } from '../src/index.js';
import { DEMO_PATIENTS, demoContext, demoJourneys } from './fhirDemo.js';
import { invariantReport } from './fhirInvariants.js';
import { medplumErrors, schemaErrors } from './fhirValidator.js';

/**
 * The 72 bundles of the demo cohort (the bundles issue 13's independent check looked at) and the
 * definitions bundle, through all three validators. fhirpath.js's figures are printed: how many
 * invariant evaluations, how many distinct invariants, how many it cannot evaluate.
 */
describe('fhir: the demo cohort exports', () => {
  const bundles = demoJourneys().map((j) => patientBundle(j, demoContext(j)));
  const definitions = fhirDefinitions();
  const all = (b: Bundle) => (b.entry ?? []).map((e) => e.resource as Resource);

  it(`all ${DEMO_PATIENTS} demo bundles and the definitions pass medplum, the JSON Schema and fhirpath.js`, () => {
    expect(bundles).toHaveLength(DEMO_PATIENTS);
    // fhirErrors without its repetitions (73 bundles take long enough): medplum walks into the
    // entries itself, the JSON Schema takes each entry, fhirpath.js walks the whole once.
    const errors: string[] = [];
    let evaluated = 0;
    let skipped = 0;
    const keys = new Set<string>();
    for (const b of [...bundles, definitions]) {
      errors.push(...medplumErrors(b), ...all(b).flatMap(schemaErrors));
      const report = invariantReport(b, fhirExtensionDefinitions());
      errors.push(...report.errors);
      evaluated += report.evaluated;
      skipped += report.skipped;
      for (const k of report.keys) keys.add(k);
    }
    expect(errors.slice(0, 20)).toEqual([]);
    console.log(
      `fhirpath.js: ${bundles.length + 1} bundles, ${evaluated} invariant evaluations of ${keys.size} invariants, ${skipped} not evaluable`,
    );
    // The invariants issue 13 is about were reached, not only the trivial ones.
    for (const key of [
      'Narrative:txt-1',
      'Narrative:txt-2',
      'Extension:ext-1',
      'Consent:ppc-1',
      'Questionnaire:que-1',
      'QuestionnaireResponse:qrs-1',
      'StructureDefinition:sdf-5',
      'Reference:ref-1',
      'Bundle:bdl-7',
    ]) {
      expect(keys, key).toContain(key);
    }
    expect(evaluated).toBeGreaterThan(100_000);
  }, 300_000);

  it('every demo resource has a narrative, every Observation a performer, no Consent a policyRule', () => {
    const resources = bundles.flatMap(all);
    expect(resources.length).toBeGreaterThan(2000);
    for (const r of resources) expect((r as { text?: unknown }).text, r.resourceType).toBeDefined();
    const observations = resources.filter((r) => r.resourceType === 'Observation') as Observation[];
    for (const o of observations) expect(o.performer?.length).toBe(1);
    const consents = resources.filter((r) => r.resourceType === 'Consent') as Consent[];
    expect(consents.length).toBeGreaterThan(0);
    for (const c of consents) {
      expect(c.policyRule).toBeUndefined();
      expect(c.policy?.[0].uri).toMatch(/^https:\/\/microcore\.dev\/fhir\/consent-policy\//);
    }
    const screenings = demoJourneys().reduce((n, j) => n + j.screenings.length, 0);
    expect(resources.filter((r) => r.resourceType === 'QuestionnaireResponse')).toHaveLength(
      screenings,
    );
  });
});
