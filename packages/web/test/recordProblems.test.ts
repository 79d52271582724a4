import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, makeWorld, type World } from '../../server/test/helpers.js';
import { ROLES } from '../src/admin/roles';
import {
  ADVERSE_EVENT_TYPES,
  RELATEDNESS,
  SEVERITIES,
} from '../src/adverseEvents/adverseEventChoices';
import {
  ADVERSE_EVENT_FIELD_NOUNS,
  adverseEventBody,
  EMPTY_ADVERSE_EVENT,
} from '../src/adverseEvents/adverseEventFormValues';
import type { FieldProblem } from '../src/api/problem';
import { CONSENT_SCOPES } from '../src/consents/consentChoices';
import { plainFieldErrors } from '../src/forms/plainFieldErrors';
import { SEXES } from '../src/patients/labels';
import { PHOTO_VIEWS } from '../src/photos/views';
import { ANAESTHESIA_CHOICES } from '../src/session/anaesthesia';

/**
 * The adverse event, consent and user forms against the real server: their choices are the API's
 * own enums (its OpenAPI document), and each 422 it gives them becomes a sentence beside its field.
 */
describe('the records’ and users’ forms meet the API as it is', () => {
  let world: World;
  let today: string;
  let patientId: string;
  let shownToday: string;
  const as = (token: keyof World['tokens']) => bearer(world.tokens[token]);
  const post = (url: string, payload: object, token: keyof World['tokens'] = 'clinicianA') =>
    world.app.inject({ method: 'POST', url, headers: as(token), payload });
  const shown = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });

  beforeAll(async () => {
    world = await makeWorld('pglite');
    today = (
      await world.app.inject({ method: 'GET', url: '/api/clinic', headers: as('clinicianA') })
    ).json().today;
    shownToday = shown(today);
    const created = await post('/api/patients', {
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1961-12-10',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 2,
    });
    patientId = created.json().id;
  });
  afterAll(async () => {
    await world?.close();
  });

  async function refusal(
    url: string,
    payload: object,
    nouns: Record<string, string>,
    method = 'POST',
  ) {
    const response = await world.app.inject({
      method: method as 'POST',
      url,
      headers: as('clinicianA'),
      payload,
    });
    expect(response.statusCode, response.body).toBe(422);
    return plainFieldErrors(response.json().errors as FieldProblem[], nouns, 'en-GB');
  }

  it('offers exactly the values the API’s schema allows', async () => {
    const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const body = (path: string) =>
      doc.paths[path].post.requestBody.content['application/json'].schema.properties;
    const events = body('/api/patients/{id}/adverse-events');
    expect([...ADVERSE_EVENT_TYPES]).toEqual(events.type.enum);
    expect([...SEVERITIES]).toEqual(events.severity.enum);
    expect([...RELATEDNESS]).toEqual(events.relatedness.enum);
    expect([...CONSENT_SCOPES]).toEqual(body('/api/patients/{id}/consents').scope.enum);
    expect([...ROLES]).toEqual(body('/api/users').role.enum);
    expect([...ANAESTHESIA_CHOICES]).toEqual(body('/api/patients/{id}/sessions').anaesthesia.enum);
    expect([...SEXES]).toEqual(body('/api/patients').sex.enum);
    expect([...PHOTO_VIEWS]).toEqual(
      doc.paths['/api/patients/{id}/photos'].post.parameters.find(
        (p: { name: string }) => p.name === 'view',
      ).schema.enum,
    );
  });

  it('an empty adverse event form: every required field named, nothing saved', async () => {
    const url = `/api/patients/${patientId}/adverse-events`;
    const words = await refusal(
      url,
      adverseEventBody(EMPTY_ADVERSE_EVENT),
      ADVERSE_EVENT_FIELD_NOUNS,
    );
    expect(words.byField).toEqual({
      type: 'Choose the type of event.',
      onsetDate: 'Enter the onset date: day, month and year.',
      severity: 'Choose the severity.',
      relatedness: 'Choose the relatedness to the treatment.',
    });
    expect(words.other).toEqual([]);
    const list = await world.app.inject({ method: 'GET', url, headers: as('clinicianA') });
    expect(list.json().items).toEqual([]);
  });

  it('an adverse event’s dates and its description', async () => {
    const url = `/api/patients/${patientId}/adverse-events`;
    const valid = {
      ...EMPTY_ADVERSE_EVENT,
      type: 'erythema',
      severity: 'mild',
      relatedness: 'probable',
    };
    const future = await refusal(
      url,
      adverseEventBody({ ...valid, onsetDate: '2999-01-01' }),
      ADVERSE_EVENT_FIELD_NOUNS,
    );
    expect(future.byField.onsetDate).toBe(
      `The onset date cannot be after today (${shownToday} in the clinic).`,
    );
    const early = await refusal(
      url,
      adverseEventBody({ ...valid, onsetDate: '2026-03-10', resolutionDate: '2026-03-01' }),
      ADVERSE_EVENT_FIELD_NOUNS,
    );
    expect(early.byField.resolutionDate).toBe(
      'The resolution date cannot be before the onset (10 Mar 2026).',
    );
    const other = await refusal(
      url,
      adverseEventBody({ ...valid, type: 'other', onsetDate: '2026-03-10' }),
      ADVERSE_EVENT_FIELD_NOUNS,
    );
    expect(other.byField.description).toBe(
      'Describe what happened: needed when the type is Other.',
    );

    const saved = await post(url, adverseEventBody({ ...valid, onsetDate: '2026-03-10' }));
    expect(saved.statusCode, saved.body).toBe(201);
    const resolve = await refusal(
      `${url}/${saved.json().id}`,
      { resolutionDate: '2026-03-09' },
      { resolutionDate: 'resolution date' },
      'PATCH',
    );
    expect(resolve.byField.resolutionDate).toBe(
      'The resolution date cannot be before the onset (10 Mar 2026).',
    );
  });

  it('a consent’s scope, its day and its withdrawal', async () => {
    const url = `/api/patients/${patientId}/consents`;
    const nouns = { scope: 'scope of the consent', date: 'day consent was given' };
    const empty = await refusal(url, { date: '' }, nouns);
    expect(empty.byField).toEqual({
      scope: 'Choose the scope of the consent.',
      date: 'Enter the day consent was given: day, month and year.',
    });
    const future = await refusal(url, { scope: 'treatment', date: '2999-01-01' }, nouns);
    expect(future.byField.date).toBe(
      `The day consent was given cannot be after today (${shownToday} in the clinic).`,
    );
    const saved = await post(url, { scope: 'research', date: '2026-02-01' });
    expect(saved.statusCode, saved.body).toBe(201);
    const withdraw = await refusal(
      `${url}/${saved.json().id}`,
      { status: 'withdrawn', withdrawnDate: '2026-01-15' },
      { withdrawnDate: 'withdrawal date' },
      'PATCH',
    );
    expect(withdraw.byField.withdrawnDate).toBe(
      'The withdrawal date cannot be before the consent was given (1 Feb 2026).',
    );
  });

  it('a new user’s email and password', async () => {
    const nouns = { email: 'email address', password: 'password', role: 'role' };
    const bad = await post(
      '/api/users',
      { email: 'not-an-email', password: 'x', role: 'clinician' },
      'adminA',
    );
    expect(bad.statusCode, bad.body).toBe(422);
    const words = plainFieldErrors(bad.json().errors, nouns, 'en-GB');
    // The form rewords this one (NewUserForm.tsx): a user's email cannot be left empty.
    expect(Object.keys(words.byField)).toEqual(['email']);
    expect(bad.json().errors[0].message).toMatch(/^invalid email/i);
    const weak = await post(
      '/api/users',
      { email: 'nurse@demo.test', password: 'short', role: 'clinician' },
      'adminA',
    );
    expect(weak.statusCode, weak.body).toBe(422);
    expect(plainFieldErrors(weak.json().errors, nouns, 'en-GB').byField.password).toMatch(
      /^Use at least 12 characters/,
    );
  });
});
