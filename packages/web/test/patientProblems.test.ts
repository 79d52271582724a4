import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, makeWorld, type World } from '../../server/test/helpers.js';
import type { FieldProblem } from '../src/api/problem';
import { plainFieldErrors } from '../src/forms/plainFieldErrors';
import { PATIENT_FIELD_NOUNS } from '../src/patients/patientFormValues';

/**
 * The patient form's refusals as the real server gives them: each 422 field error, from the API's
 * own rules, becomes a sentence beside its field. A server message this app does not know would
 * show through as it is; these tests fail when that happens to one the form can meet.
 */
const VALID = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1961-12-10',
  sex: 'female',
  fitzpatrickType: 2,
  laxityGrade: 2.5,
  email: null,
  phone: null,
};

describe('the patient form says each 422 of the API in plain words', () => {
  let world: World;
  let today: string;
  beforeAll(async () => {
    world = await makeWorld('pglite');
    const clinic = await world.app.inject({
      method: 'GET',
      url: '/api/clinic',
      headers: bearer(world.tokens.clinicianA),
    });
    today = clinic.json().today;
  });
  afterAll(async () => {
    await world?.close();
  });

  /** The form's words for the answer to registering `changes` over a valid patient. */
  async function wordsFor(changes: Record<string, unknown>, omit: string[] = []) {
    const body: Record<string, unknown> = { ...VALID, ...changes };
    for (const key of omit) delete body[key];
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer(world.tokens.clinicianA),
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(422);
    const errors = response.json().errors as FieldProblem[];
    return plainFieldErrors(errors, PATIENT_FIELD_NOUNS, 'en-GB');
  }

  it('a birth date from today on, or too old, or not a day at all', async () => {
    const [year, month, day] = today.split('-').map(Number);
    const shown = new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    expect((await wordsFor({ birthDate: today })).byField).toEqual({
      birthDate: `The birth date must be before today (${shown}).`,
    });
    expect((await wordsFor({ birthDate: '2999-01-01' })).byField.birthDate).toBe(
      `The birth date must be before today (${shown}).`,
    );
    expect((await wordsFor({ birthDate: '1850-06-01' })).byField.birthDate).toBe(
      'Enter a date in 1900 or later.',
    );
    expect((await wordsFor({ birthDate: `${year - 121}-06-01` })).byField.birthDate).toBe(
      'The birth date must be within the last 120 years.',
    );
    expect((await wordsFor({ birthDate: '1961-02-30' })).byField.birthDate).toBe(
      'That day does not exist: check the day and the month.',
    );
    expect((await wordsFor({ birthDate: '' })).byField.birthDate).toBe(
      'Enter the birth date: day, month and year.',
    );
  });

  it('names, email and phone', async () => {
    expect((await wordsFor({ givenName: '   ', familyName: '' })).byField).toEqual({
      givenName: 'Enter the given name.',
      familyName: 'Enter the family name.',
    });
    expect((await wordsFor({ familyName: 'x'.repeat(201) })).byField.familyName).toBe(
      'Use at most 200 characters.',
    );
    expect((await wordsFor({ email: 'ada-at-example' })).byField.email).toBe(
      'Enter an email address such as name@example.org, or leave it empty.',
    );
    expect((await wordsFor({ phone: 'call me' })).byField.phone).toBe(
      'Use digits, spaces and + ( ) . / - only, for example +44 20 7946 0018.',
    );
  });

  it('a choice not made', async () => {
    const words = await wordsFor({}, ['sex', 'fitzpatrickType', 'laxityGrade']);
    expect(words.byField).toEqual({
      sex: 'Choose the sex.',
      fitzpatrickType: 'Choose the Fitzpatrick skin type.',
      laxityGrade: 'Choose the laxity grade.',
    });
    expect(words.other).toEqual([]);
  });
});
