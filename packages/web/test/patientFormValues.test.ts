import { describe, expect, it } from 'vitest';
import type { Patient } from '../src/api/types';
import { EMPTY_PATIENT, formValuesOf, patientBody } from '../src/patients/patientFormValues';

describe("the patient form's body", () => {
  it('sends numbers as numbers, and an empty email or phone as none', () => {
    expect(
      patientBody({
        givenName: 'Ada',
        familyName: 'Lovelace',
        birthDate: '1961-12-10',
        sex: 'female',
        fitzpatrickType: '2',
        laxityGrade: '2.5',
        email: '  ',
        phone: ' +44 20 7946 0018 ',
      }),
    ).toEqual({
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1961-12-10',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 2.5,
      email: null,
      phone: '+44 20 7946 0018',
    });
  });

  it('leaves out a choice not made, so the server names the field', () => {
    const body = patientBody(EMPTY_PATIENT);
    expect(Object.keys(body).sort()).toEqual(
      ['birthDate', 'email', 'familyName', 'givenName', 'phone'].sort(),
    );
  });

  it('round-trips a stored patient', () => {
    const patient = {
      id: 'p',
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1961-12-10',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 0,
      email: null,
      phone: '+44 20 7946 0018',
    } as Patient;
    expect(patientBody(formValuesOf(patient))).toEqual({
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1961-12-10',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 0,
      email: null,
      phone: '+44 20 7946 0018',
    });
  });
});
