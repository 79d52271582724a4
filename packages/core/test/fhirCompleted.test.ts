import type {
  AdverseEvent,
  Appointment,
  Bundle,
  CodeSystem,
  Media,
  Observation,
  Procedure,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  Resource,
  StructureDefinition,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  CANDIDACY_RULES,
  FHIR_EXTENSION,
  fhirDefinitions,
  type PatientJourney,
  PHOTO_VIEWS_SYSTEM,
  patientBundle,
  SCREENING_QUESTIONNAIRE,
  TAGS_SYSTEM,
} from '../src/index.js';
import { CONTEXT, FULL_JOURNEY, PATIENT_ID } from './fhirFixture.js';
import { fhirErrors, invariantErrors } from './fhirValidator.js';

/**
 * What issue 13's check of the export found missing, each closed: narratives, Observation
 * performers, the Consent policy, definitions for the extensions and the tags CodeSystem,
 * screenings as Questionnaire + QuestionnaireResponse, a complete Media.
 */

function resources(b: Bundle): Resource[] {
  return (b.entry ?? []).map((e) => e.resource as Resource);
}
function every<T extends Resource>(type: T['resourceType'], b: Bundle): T[] {
  return resources(b).filter((r) => r.resourceType === type) as T[];
}

/** A screening on the real checklist: one yes (a referral), a Fitzpatrick acknowledgement. */
const SCREENED: PatientJourney = {
  ...FULL_JOURNEY,
  screenings: [
    {
      id: 'scr-real',
      patientId: PATIENT_ID,
      date: '2026-01-05',
      answers: Object.fromEntries(
        CANDIDACY_RULES.checklist.map((q) => [q.code, q.code === 'expectsFacelift']),
      ),
      acknowledgements: ['fitzpatrick-v-vi-not-studied'],
      decision: 'refer',
      reasons: [
        {
          code: 'refer.facelift-expectation',
          message: 'the patient expects a facelift, which Micro-Coring is not',
          source: 'seed, docs/domain.md §4',
        },
      ],
    },
  ],
};
const bundle = patientBundle(SCREENED, CONTEXT);

describe('fhir: every resource says what it holds in a narrative', () => {
  it('each resource has generated XHTML text, and the bundle passes all three validators', () => {
    for (const r of resources(bundle)) {
      const text = (r as { text?: { status: string; div: string } }).text;
      expect(text?.status, r.resourceType).toBe('generated');
      expect(text?.div).toMatch(/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"><p>.+<\/div>$/);
    }
    expect(fhirErrors(bundle)).toEqual([]);
  });

  it('the words match the data: a session, an observation, an adverse event', () => {
    const [session] = every<Procedure>('Procedure', bundle);
    expect(session.text?.div).toContain('operator Dr. J. Smith');
    expect(session.text?.div).toContain('<li>Cheek, left: 3100</li>');
    expect(session.text?.div).toContain('total 7680');
    const lemperle = every<Observation>('Observation', bundle).find(
      (o) => o.code.coding?.[0].code === 'lemperle' && o.effectiveDateTime === '2026-05-24',
    );
    expect(lemperle?.text?.div).toContain(
      `Lemperle wrinkle scale grade: ${lemperle?.valueInteger} (${lemperle?.bodySite?.text}), 2026-05-24`,
    );
    const resolved = every<AdverseEvent>('AdverseEvent', bundle)[0];
    expect(resolved.text?.div).toContain('resolved on 2026-01-16');
  });

  it('free text is escaped: markup in a note stays text and the narrative stays valid', () => {
    const journey: PatientJourney = {
      ...FULL_JOURNEY,
      sessions: [
        {
          ...FULL_JOURNEY.sessions[0],
          notes: 'a <script>alert("x")</script> & <b onclick=1>\u0007',
        },
      ],
      adverseEvents: [],
    };
    const b = patientBundle(journey, CONTEXT);
    const div = every<Procedure>('Procedure', b)[0].text?.div ?? '';
    expect(div).toContain(
      'a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onclick=1&gt;\uFFFD',
    );
    expect(div).not.toMatch(/<script|<b /);
    expect(fhirErrors(b)).toEqual([]);
  });
});

describe('fhir: Observations have a performer', () => {
  it('every Observation names the clinic: the records hold no recorder', () => {
    const observations = every<Observation>('Observation', bundle);
    expect(observations.length).toBe(13);
    const org = resources(bundle).find((r) => r.resourceType === 'Organization');
    for (const o of observations) {
      expect(o.performer).toEqual([
        { reference: `urn:uuid:${org?.id}`, display: 'Example Skin Clinic' },
      ]);
    }
  });
});

describe('fhir: screening as Questionnaire and QuestionnaireResponse', () => {
  const [questionnaire] = every<Questionnaire>('Questionnaire', bundle);
  const [response] = every<QuestionnaireResponse>('QuestionnaireResponse', bundle);
  const item = (items: QuestionnaireItem[] | undefined, linkId: string) =>
    items?.find((i) => i.linkId === linkId);

  it('the Questionnaire asks every checklist question, each with what a yes means and its source', () => {
    expect(questionnaire.url).toBe(SCREENING_QUESTIONNAIRE);
    const checklist = item(questionnaire.item, 'checklist');
    expect(checklist?.item?.map((i) => i.linkId)).toEqual(
      CANDIDACY_RULES.checklist.map((q) => q.code),
    );
    for (const q of CANDIDACY_RULES.checklist) {
      const asked = item(checklist?.item, q.code);
      expect(asked).toMatchObject({ type: 'boolean', text: q.question, required: true });
      expect(item(asked?.item, `${q.code}.source`)?.text).toBe(`Source: ${q.source}`);
      expect(item(asked?.item, `${q.code}.if-yes`)?.text).toContain(q.message);
    }
    const decision = item(questionnaire.item, 'decision');
    expect(decision?.answerOption?.map((o) => o.valueCoding?.code)).toEqual([
      'eligible',
      'eligible-with-warnings',
      'not-eligible',
      'refer',
    ]);
  });

  it('the response holds the answers, the acknowledgement, the decision and every reason', () => {
    expect(response.questionnaire).toBe(`${SCREENING_QUESTIONNAIRE}|${questionnaire.version}`);
    expect(response).toMatchObject({ status: 'completed', authored: '2026-01-05' });
    const answers = Object.fromEntries(
      (item(response.item as QuestionnaireItem[], 'checklist')?.item ?? []).map((i) => [
        i.linkId,
        (i as { answer?: { valueBoolean?: boolean }[] }).answer?.[0].valueBoolean,
      ]),
    );
    expect(answers).toEqual(SCREENED.screenings[0].answers);
    const byId = Object.fromEntries((response.item ?? []).map((i) => [i.linkId, i]));
    expect(byId.acknowledgements.item?.[0]).toMatchObject({
      linkId: 'fitzpatrick-v-vi-not-studied',
      answer: [{ valueBoolean: true }],
    });
    expect(byId.decision.answer?.[0].valueCoding?.code).toBe('refer');
    expect(byId.reasons.answer?.[0].valueString).toContain('refer.facelift-expectation');
    expect(response.text?.div).toContain('Does the patient expect the result of a facelift?');
  });

  it('every decision code the response uses is defined in the CodeSystem that travels with it', () => {
    const system = item(questionnaire.item, 'decision')?.answerOption?.[0].valueCoding?.system;
    const codeSystem = every<CodeSystem>('CodeSystem', bundle).find((c) => c.url === system);
    expect(codeSystem?.concept?.map((c) => c.code)).toContain('refer');
  });
});

describe('fhir: Media', () => {
  it('a photo is described, not embedded: type, date, body site, content metadata, no bytes', () => {
    const [media] = every<Media>('Media', bundle);
    expect(media).toMatchObject({
      status: 'completed',
      createdDateTime: '2026-01-12',
      bodySite: { text: 'Cheek, left' },
      view: {
        coding: [
          { system: PHOTO_VIEWS_SYSTEM, code: 'left-oblique', display: 'Left oblique view' },
        ],
      },
      content: {
        contentType: 'image/jpeg',
        size: 482113,
        title: 'Photo of Cheek, left, left oblique view, 2026-01-12',
        creation: '2026-01-12',
      },
    });
    expect(media.content.data).toBeUndefined();
    // The view's code is defined in the CodeSystem that travels with the bundle and in the definitions.
    for (const b of [bundle, fhirDefinitions()]) {
      const views = every<CodeSystem>('CodeSystem', b).find((c) => c.url === PHOTO_VIEWS_SYSTEM);
      expect(views?.concept?.map((c) => c.code)).toContain('left-oblique');
    }
  });

  it('a photo without a view has no Media.view, and the bundle no photo-views CodeSystem', () => {
    const b = patientBundle(
      { ...SCREENED, photos: SCREENED.photos.map(({ view: _, ...p }) => p) },
      CONTEXT,
    );
    expect(every<Media>('Media', b)[0]?.view).toBeUndefined();
    expect(every<CodeSystem>('CodeSystem', b).map((c) => c.url)).not.toContain(PHOTO_VIEWS_SYSTEM);
  });
});

describe('fhir: planned follow-ups as Appointments', () => {
  const appointments = every<Appointment>('Appointment', bundle);

  it('one per booking: fulfilled with its assessment’s Observations once recorded, booked while due', () => {
    expect(appointments).toHaveLength(2);
    const [recorded, due] = appointments;
    expect(recorded).toMatchObject({
      status: 'fulfilled',
      appointmentType: { coding: [{ code: 'FOLLOWUP' }] },
      start: '2026-05-24T10:30:00Z',
      end: '2026-05-24T11:30:00Z',
      minutesDuration: 60,
      comment: 'Bring the baseline photos',
      participant: [{ status: 'accepted', required: 'required' }],
    });
    // The 90-day assessment's Observations (the only assessment that day).
    const observations = every<Observation>('Observation', bundle)
      .filter((o) => o.effectiveDateTime === '2026-05-24')
      .map((o) => o.id);
    expect(observations.length).toBeGreaterThan(0);
    expect(
      recorded?.supportingInformation?.map((r) => r.reference?.replace('urn:uuid:', '')),
    ).toEqual(observations);
    const patient = resources(bundle).find((r) => r.resourceType === 'Patient');
    expect(recorded?.participant[0]?.actor?.reference).toBe(`urn:uuid:${patient?.id}`);
    // A day with no time: the whole day, and nothing recorded to point at.
    expect(due).toMatchObject({
      status: 'booked',
      start: '2026-08-20T00:00:00Z',
      end: '2026-08-21T00:00:00Z',
    });
    expect(due?.supportingInformation).toBeUndefined();
    expect(due?.minutesDuration).toBeUndefined();
    for (const a of appointments) expect(fhirErrors(a)).toEqual([]);
  });

  it('takes the clinic’s instants when the caller gives them (the core has no time zones)', () => {
    const zoned = patientBundle(SCREENED, {
      ...CONTEXT,
      followUpSpans: { 'fu-180': { start: '2026-08-19T22:00:00Z', end: '2026-08-20T22:00:00Z' } },
    });
    const due = every<Appointment>('Appointment', zoned).find((a) => a.status === 'booked');
    expect(due).toMatchObject({ start: '2026-08-19T22:00:00Z', end: '2026-08-20T22:00:00Z' });
  });

  it('a journey without follow-ups has no Appointment', () => {
    const { followUps: _, ...without } = SCREENED;
    expect(every<Appointment>('Appointment', patientBundle(without, CONTEXT))).toEqual([]);
  });
});

describe('fhir: definitions for every local URL the export uses', () => {
  const definitions = fhirDefinitions();
  const sds = every<StructureDefinition>('StructureDefinition', definitions);

  it('one R4 extension StructureDefinition per extension URL, with its context and value type', () => {
    expect(sds.map((s) => s.url).sort()).toEqual(Object.values(FHIR_EXTENSION).sort());
    for (const sd of sds) {
      expect(sd).toMatchObject({
        fhirVersion: '4.0.1',
        kind: 'complex-type',
        type: 'Extension',
        derivation: 'constraint',
        baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
      });
      expect(sd.context?.length).toBeGreaterThan(0);
      const url = sd.differential?.element.find((e) => e.path === 'Extension.url');
      expect(url?.fixedUri).toBe(sd.url);
    }
    const cores = sds.find((s) => s.url === FHIR_EXTENSION.coresDelivered);
    expect(cores?.context).toEqual([{ type: 'element', expression: 'Procedure.bodySite' }]);
  });

  it('the tags CodeSystem is complete and defines the tag on every synthetic resource', () => {
    const tags = every<CodeSystem>('CodeSystem', definitions).find((c) => c.url === TAGS_SYSTEM);
    expect(tags).toMatchObject({ content: 'complete', count: 1, status: 'active' });
    const used = new Set(
      resources(bundle).flatMap((r) => (r.meta?.tag ?? []).map((t) => `${t.system}|${t.code}`)),
    );
    expect([...used]).toEqual([`${TAGS_SYSTEM}|synthetic`]);
    expect(tags?.concept?.map((c) => c.code)).toEqual(['synthetic']);
  });

  it('every local system, extension and questionnaire URL in the bundle is defined', () => {
    const defined = new Set(resources(definitions).map((r) => (r as { url?: string }).url ?? ''));
    const json = JSON.stringify(bundle);
    const local = new Set(
      [
        ...json.matchAll(
          /"(?:system|url|questionnaire)":"(https:\/\/microcore\.dev\/fhir\/(?:CodeSystem|StructureDefinition|Questionnaire)\/[^"|]+)/g,
        ),
      ].map((m) => m[1]),
    );
    expect(local.size).toBeGreaterThanOrEqual(10);
    for (const url of local) expect(defined.has(url), url).toBe(true);
  });

  it('the definitions pass all three validators and are the same bytes on every call', () => {
    expect(fhirErrors(definitions)).toEqual([]);
    expect(JSON.stringify(fhirDefinitions())).toBe(JSON.stringify(definitions));
  });
});

describe('fhir: the added validation rejects what a receiving system would flag', () => {
  const procedure = every<Procedure>('Procedure', bundle)[0];
  const withText = (div: string) =>
    ({ ...procedure, text: { status: 'generated', div } }) as Procedure;
  const XMLNS = 'xmlns="http://www.w3.org/1999/xhtml"';

  it('a narrative with a script, an event attribute, no content or broken XML fails txt-1/txt-2', () => {
    for (const div of [
      `<div ${XMLNS}><p>ok</p><script>alert(1)</script></div>`,
      `<div ${XMLNS}><p onclick="alert(1)">click</p></div>`,
      `<div ${XMLNS}>   </div>`,
      `<div ${XMLNS}><p>a < b</p></div>`,
      `<div ${XMLNS}><p>unclosed</div>`,
    ]) {
      expect(invariantErrors(withText(div)).join(), div).toMatch(/txt-[12] failed/);
    }
    expect(invariantErrors(withText(`<div ${XMLNS}><p>a &lt; b</p></div>`))).toEqual([]);
  });

  it('a bad narrative inside the bundle is caught there too', () => {
    const broken: Bundle = {
      ...bundle,
      entry: (bundle.entry ?? []).map((e) =>
        e.resource?.id === procedure.id
          ? { ...e, resource: withText(`<div ${XMLNS}><script>x</script></div>`) }
          : e,
      ),
    };
    expect(fhirErrors(broken).join()).toMatch(/Procedure\/[0-9a-f-]{36}\.text\.div: txt-1 failed/);
  });

  it('an unknown extension URL, an extension out of its context or with the wrong value type fails', () => {
    const unknown = {
      ...procedure,
      extension: [{ url: 'https://microcore.dev/fhir/StructureDefinition/typo', valueCode: 'x' }],
    };
    expect(fhirErrors(unknown).join()).toMatch(/unknown extension .*typo/);
    const misplaced = {
      ...procedure,
      extension: [{ url: FHIR_EXTENSION.zoneId, valueString: 'cheek-left' }],
    };
    expect(invariantErrors(misplaced).join()).toMatch(
      /not allowed on Procedure \(context: Procedure\.bodySite\)/,
    );
    const wrongType = {
      ...procedure,
      bodySite: [
        { extension: [{ url: FHIR_EXTENSION.coresDelivered, valueString: 'many' }], text: 'x' },
      ],
    };
    expect(invariantErrors(wrongType).join()).toMatch(
      /has valueString; its definition allows valueInteger/,
    );
  });

  it('an R4 invariant that only fhirpath.js is asked here fails: obs-6 (value and dataAbsentReason)', () => {
    const o = every<Observation>('Observation', bundle)[0];
    const broken = { ...o, dataAbsentReason: { text: 'not asked' } };
    expect(invariantErrors(broken).join()).toMatch(/obs-6 failed/);
  });
});
