import type { NewPatient, Patient } from '../api/types';

/**
 * The patient form's fields as typed (strings, '' for nothing chosen) and the JSON body they
 * make. Nothing is checked here: the server's rules decide, and its 422 names each field.
 */
export interface PatientFormValues {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string;
  fitzpatrickType: string;
  laxityGrade: string;
  email: string;
  phone: string;
}

export const PATIENT_FIELD_LABELS: Readonly<Record<keyof PatientFormValues, string>> = {
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Birth date',
  sex: 'Sex',
  fitzpatrickType: 'Fitzpatrick skin type',
  laxityGrade: 'Laxity grade',
  email: 'Email',
  phone: 'Phone',
};

/** How a sentence names each field ("Enter the given name."). */
export const PATIENT_FIELD_NOUNS: Readonly<Record<keyof PatientFormValues, string>> = {
  givenName: 'given name',
  familyName: 'family name',
  birthDate: 'birth date',
  sex: 'sex',
  fitzpatrickType: 'Fitzpatrick skin type',
  laxityGrade: 'laxity grade',
  email: 'email address',
  phone: 'phone number',
};

/** The fields in the order the form shows them (the first with an error gets the focus). */
export const PATIENT_FIELDS = Object.keys(PATIENT_FIELD_LABELS) as (keyof PatientFormValues)[];

export const EMPTY_PATIENT: PatientFormValues = {
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  fitzpatrickType: '',
  laxityGrade: '',
  email: '',
  phone: '',
};

export function formValuesOf(patient: Patient): PatientFormValues {
  return {
    givenName: patient.givenName,
    familyName: patient.familyName,
    birthDate: patient.birthDate,
    sex: patient.sex,
    fitzpatrickType: String(patient.fitzpatrickType),
    laxityGrade: String(patient.laxityGrade),
    email: patient.email ?? '',
    phone: patient.phone ?? '',
  };
}

/**
 * The body of a register (POST) or change (PATCH). A choice not made is left out, so the server
 * names it; an empty email or phone is null (none).
 */
export function patientBody(values: PatientFormValues): NewPatient {
  const number = (text: string) => (text === '' ? undefined : Number(text));
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  const body = {
    givenName: values.givenName,
    familyName: values.familyName,
    birthDate: values.birthDate,
    sex: values.sex === '' ? undefined : values.sex,
    fitzpatrickType: number(values.fitzpatrickType),
    laxityGrade: number(values.laxityGrade),
    email: optional(values.email),
    phone: optional(values.phone),
  };
  const given = Object.entries(body).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given) as unknown as NewPatient;
}
