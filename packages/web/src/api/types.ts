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

type Body<O extends keyof operations> =
  NonNullable<operations[O]['requestBody']> extends { content: { 'application/json': infer T } }
    ? T
    : never;

export type AdverseEvent = Json<'listAdverseEvents', 200>['items'][number];
export type NewAdverseEvent = Body<'createAdverseEvent'>;
export type Consent = Json<'listConsents', 200>['items'][number];
export type NewConsent = Body<'createConsent'>;
export type TreatmentSession = Json<'listSessions', 200>['items'][number];
export type Assessment = Json<'listAssessments', 200>['items'][number];
export type Series = Json<'listSeries', 200>['items'][number];
export type Photo = Json<'listPhotos', 200>['items'][number];
export type User = Json<'listUsers', 200>['items'][number];
export type NewUser = Body<'createUser'>;
export type AuditVerdict = Json<'verifyAudit', 200>;
export type AuditCheckpoint = Json<'getAuditCheckpoint', 200>;
export type AuditCheckpointVerdict = Json<'verifyAuditCheckpoint', 200>;
export type PupilMarks = Json<'listPupilMarks', 200>['items'][number];
export type EvidenceCalibration = Json<'getEvidenceCalibration', 200>;
