import type { operations } from './schema';

/** Names for the answers and bodies the screens use, from the generated OpenAPI types. */

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer T } } ? T : never;

export type Me = Json<'getMe', 200>;
export type Clinic = Json<'getClinic', 200>;
export type Patient = Json<'getPatient', 200>;
export type PatientPage = Json<'searchPatients', 200>;
export type PlanSummary = Json<'listPlans', 200>['items'][number];
export type Screening = Json<'listScreenings', 200>['items'][number];
export type NewPatient = NonNullable<
  operations['createPatient']['requestBody']
>['content']['application/json'];
export type PatientChanges = NonNullable<
  operations['patchPatient']['requestBody']
>['content']['application/json'];
export type Photo = Json<'listPhotos', 200>['items'][number];
export type PupilMarks = Json<'listPupilMarks', 200>['items'][number];
export type Consent = Json<'listConsents', 200>['items'][number];
