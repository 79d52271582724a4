import type { operations } from '../api/schema';

/** Names for the journey screens' answers and bodies, from the generated OpenAPI types. */

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer T } } ? T : never;
type Body<O extends keyof operations> = operations[O]['requestBody'] extends
  | { content: { 'application/json': infer T } }
  | undefined
  ? T
  : never;

export type Checklist = Json<'getScreeningChecklist', 200>;
export type Series = Json<'listSeries', 200>['items'][number];
export type TreatmentSession = Json<'listSessions', 200>['items'][number];
export type Assessment = Json<'listAssessments', 200>['items'][number];
export type FollowUp = Json<'listFollowUps', 200>['items'][number];
export type StoredPlan = Json<'getPlan', 200>;

export type ScreeningBody = Body<'createScreening'>;
export type SeriesBody = Body<'createSeries'>;
export type SessionBody = Body<'createSession'>;
export type AssessmentBody = Body<'createAssessment'>;
export type FollowUpBody = Body<'createFollowUp'>;
