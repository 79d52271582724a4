import type { ColumnType, Generated } from 'kysely';

/** The tables as Kysely sees them (snake_case, as in migrations/*.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ClinicsTable {
  id: Generated<string>;
  name: string;
  /** IANA time zone that decides the clinic's "today" (migrations/015). */
  time_zone: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export type Role = 'admin' | 'clinician' | 'researcher';

export interface UsersTable {
  id: Generated<string>;
  clinic_id: string;
  email: string;
  role: Role;
  password_hash: string;
  created_at: Timestamp;
  /** Set while an admin has disabled the user (migrations/006). */
  disabled_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  email: string;
  at: Timestamp;
}

/** The sign-in throttle's counters (migrations/013; src/auth/throttle.ts). */
export interface SignInLimitsTable {
  /** SHA-256 (hex) of the email typed, trimmed and in lower case; '' for a client's own row. */
  account_key: string;
  /** The client's address; '' for the account's row over clients it never signed in from. */
  client_key: string;
  failures: ColumnType<number, number | undefined, number>;
  blocked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_failure_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_success_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  refusal_recorded: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

/** Every sign-in attempt checked, and the first refused one of each wait (migrations/013). */
export interface SignInAttemptsTable {
  id: Generated<string>;
  at: Timestamp;
  account_key: string;
  client_key: string;
  outcome: 'ok' | 'failed' | 'throttled';
}

export interface PatientsTable {
  id: Generated<string>;
  clinic_id: string;
  given_name: string;
  family_name: string;
  /** `date`, read back as text (YYYY-MM-DD). */
  birth_date: ColumnType<string, string, string>;
  sex: string;
  fitzpatrick_type: number;
  /** `numeric(2,1)`: read back as text, written as a number. */
  laxity_grade: ColumnType<string, number, number>;
  email: string | null;
  phone: string | null;
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Generated demo data, never a real person (migrations/008); only the demo seed sets it. */
  synthetic: ColumnType<boolean, boolean | undefined, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlansTable {
  id: Generated<string>;
  patient_id: string;
  clinic_id: string;
  /** jsonb, written as JSON text. */
  input: ColumnType<unknown, string, string>;
  /** jsonb: the plan without its zones' cores (records/planCores.ts), written as JSON text. */
  plan: ColumnType<unknown, string, string>;
  /**
   * bytea, the cores in format 1 (records/planCores.ts; migration 017): written and read as
   * base64 text through SQL's decode/encode (records/plan.ts), never as a byte parameter.
   */
  cores: ColumnType<Uint8Array, Uint8Array, never>;
  /** The user who made the plan; null for plans stored before migration 018. */
  created_by: string | null;
  /** jsonb, the follow-up prediction made at the save (migration 022); null for older plans. */
  prediction: ColumnType<unknown, string | null | undefined, never>;
  created_at: Timestamp;
}

/** A date[] or text[] column: written through sqlArray() (src/db/arrays.ts), read back with to_jsonb(). */
type ArrayColumn<T> = ColumnType<T[], T[], never>;

export interface ScreeningsTable {
  id: Generated<string>;
  patient_id: string;
  clinic_id: string;
  date: ColumnType<string, string, never>;
  /** jsonb, written as JSON text. */
  answers: ColumnType<unknown, string, never>;
  acknowledgements: ArrayColumn<string>;
  planned_treatment_date: ColumnType<string | null, string | null, never>;
  decision: string;
  reasons: ColumnType<unknown, string, never>;
  flags: ArrayColumn<string>;
  pre_care: ColumnType<unknown, string, never>;
  created_by: string;
  created_at: Timestamp;
}

export interface TreatmentSeriesTable {
  id: Generated<string>;
  patient_id: string;
  clinic_id: string;
  plan_id: string;
  start_date: ColumnType<string, string, never>;
  session_dates: ArrayColumn<string>;
  /** double precision: weeks, a fraction for a whole number of days (30/7). */
  interval_weeks: ColumnType<number, number, never>;
  reason: string | null;
  /** `numeric(2,1)`: read back as text, written as a number. */
  laxity_grade: ColumnType<string, number, never>;
  assessment_date: ColumnType<string, string, never>;
  sessions: ColumnType<unknown, string, never>;
  warnings: ColumnType<unknown, string, never>;
  /** HH:MM in the clinic's time zone, or null (all day); migration 020. */
  assessment_time: ColumnType<string | null, string | null | undefined, never>;
  created_by: string;
  created_at: Timestamp;
}

/** `date`, read back as text (YYYY-MM-DD). */
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
/** jsonb, written as JSON text. */
type Json = ColumnType<unknown, string, string>;

/** Whether a record stands, or was struck out as entered in error (migrations/019). */
export type RecordStatus = 'current' | 'entered-in-error';
/** What made a version of a record (migrations/019). */
export type RecordChange =
  | 'created'
  | 'corrected'
  | 'entered-in-error'
  | 'resolved'
  | 'reopened'
  | 'withdrawn';

/**
 * The columns of a versioned record (migrations/019): the row is its current version; the
 * triggers copy every version into record_versions. Written on each change (records/versions.ts).
 */
interface VersionColumns {
  version: ColumnType<number, number | undefined, number>;
  record_status: ColumnType<RecordStatus, RecordStatus | undefined, RecordStatus>;
  change: ColumnType<RecordChange, RecordChange | undefined, RecordChange>;
  change_reason: ColumnType<string | null, string | null | undefined, string | null>;
  changed_by: ColumnType<string | null, string | null | undefined, string | null>;
  changed_at: Timestamp;
}

export interface TreatmentSessionsTable extends VersionColumns {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  plan_id: string;
  series_id: string | null;
  date: DateText;
  operator: string;
  needle_gauge: string;
  zones: Json;
  anaesthesia: string;
  notes: string | null;
  interval_reason: string | null;
  /** jsonb: the delivery summary when a delivery session made the record (migration 028). */
  delivery: ColumnType<unknown, string | null | undefined, never>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AssessmentsTable extends VersionColumns {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  session_id: string | null;
  date: DateText;
  lemperle_by_zone: Json;
  gais_investigator: number | null;
  gais_subject: number | null;
  satisfaction: number | null;
  /** `numeric(2,1)`: read back as text, written as a number. */
  laxity_grade: ColumnType<string | null, number | null, number | null>;
  notes: string | null;
  /** The planned follow-up this records, when it was booked (migration 020). */
  follow_up_id: ColumnType<string | null, string | null | undefined, never>;
  created_by: string | null;
  created_at: Timestamp;
}

/** A follow-up booked ahead (migration 020); recorded when an assessment names it. */
export interface PlannedFollowUpsTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  date: DateText;
  /** HH:MM in the clinic's time zone, or null. */
  time: string | null;
  notes: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface AdverseEventsTable extends VersionColumns {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  session_id: string | null;
  type: string;
  description: string | null;
  onset_date: DateText;
  resolution_date: NullableDateText;
  severity: string;
  relatedness: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsentsTable extends VersionColumns {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  scope: string;
  date: DateText;
  status: ColumnType<string, string | undefined, string>;
  withdrawn_date: NullableDateText;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PhotosTable extends VersionColumns {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  consent_id: string;
  taken_date: DateText;
  zone_id: string | null;
  /** records/photoView.ts PHOTO_VIEWS; null for a photo stored without one. Correctable (024). */
  view: ColumnType<string | null, string | null | undefined, string | null>;
  content_type: string;
  byte_length: number;
  sha256: string;
  /** bytea: a Buffer from pg, a Uint8Array from PGlite. */
  bytes: ColumnType<Uint8Array, Uint8Array, never>;
  created_by: string | null;
  created_at: Timestamp;
}

/** The versioned records' tables. */
export type RecordTable =
  | 'treatment_sessions'
  | 'assessments'
  | 'adverse_events'
  | 'consents'
  | 'photos';

/** Every version of every versioned record, append-only (migrations/019). */
export interface RecordVersionsTable {
  clinic_id: string;
  patient_id: string;
  record_table: RecordTable;
  record_id: string;
  version: number;
  record_status: RecordStatus;
  change: RecordChange;
  change_reason: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
  /** jsonb: the row as it was at this version, snake_case, without a photo's bytes. */
  record: unknown;
}

/** A photo's pupil marks, image pixels, written once (records/photoPupils.ts). */
export interface PhotoPupilsTable {
  photo_id: string;
  clinic_id: string;
  patient_id: string;
  left_x: number;
  left_y: number;
  right_x: number;
  right_y: number;
  created_by: string | null;
  created_at: Timestamp;
}

/** A handpiece session run live against a saved plan (migration 028; delivery/*.ts). */
export interface DeliverySessionsTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  plan_id: string;
  series_id: string | null;
  anaesthesia: string;
  interval_reason: string | null;
  status: ColumnType<'open' | 'paused' | 'ended', 'open' | undefined, 'open' | 'paused' | 'ended'>;
  console_id: string;
  claimed_by: string;
  last_seq: ColumnType<number, number | undefined, number>;
  /** json (text kept as sent): the guard's state at state_seq, written as JSON text. */
  state: ColumnType<unknown, string | null | undefined, string | null>;
  state_seq: ColumnType<number, number | undefined, number>;
  session_record_id: string | null;
  created_by: string;
  created_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A delivery session's accepted events, append-only (migration 028). */
export interface DeliveryEventsTable {
  session_id: string;
  clinic_id: string;
  seq: number;
  /** json: the event as received, written as its JSON text. */
  event: ColumnType<unknown, string, never>;
  received_at: Timestamp;
}

/** Each claim of a delivery session by a console, with a takeover's reason (migration 028). */
export interface DeliveryClaimsTable {
  session_id: string;
  clinic_id: string;
  console_id: string;
  claimed_by: string;
  claimed_at: Timestamp;
  reason: string | null;
}

export interface AuditLogTable {
  id: ColumnType<string | number, string | number, never>;
  at: Timestamp;
  clinic_id: string;
  user_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  clinic_id: string;
  last_id: string | number | null;
  last_hash: string;
}

/** Server-wide secrets (migrations/007): the generated de-identification key. */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

/** The research pool's quarterly snapshot (migrations/023): one per cutoff and key. */
export interface ResearchSnapshotsTable {
  cutoff: DateText;
  key_id: string;
  computed_at: Generated<Timestamp>;
  /** False from the announcement until its journeys are written (migration 025). */
  complete: Generated<boolean>;
}

/** A snapshot's de-identified journeys (`json`: the answer's field order kept). */
export interface ResearchSnapshotJourneysTable {
  cutoff: DateText;
  key_id: string;
  patient_id: string;
  pseudonym: string;
  synthetic: boolean;
  journey: Json;
  /** The journey's evidence contribution (core evidenceContribution, default windows). */
  contribution: Json;
}

/** A patient's evidence contribution (migrations/025), kept current by marks. */
export interface EvidenceContributionsTable {
  clinic_id: string;
  patient_id: string;
  contribution: Json;
}

/** Patients whose contribution must be recomputed (marked by 023's triggers, migration 025). */
export interface EvidenceContributionsStaleTable {
  clinic_id: string;
  patient_id: string;
}

/** The summaries computed from a snapshot's journeys. */
export interface ResearchSnapshotSummariesTable {
  cutoff: DateText;
  key_id: string;
  include_synthetic: boolean;
  stratify: string;
  patients: number;
  synthetic_patients: number;
  summary: Json;
  /** The summary's partial aggregate (core evidence/partial.ts, migration 026), updated in place. */
  partial: Json;
}

/** Patients whose pooled rows changed after the snapshot was taken (written by triggers). */
export interface ResearchSnapshotStaleTable {
  cutoff: DateText;
  key_id: string;
  patient_id: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  clinics: ClinicsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  sign_in_limits: SignInLimitsTable;
  sign_in_attempts: SignInAttemptsTable;
  patients: PatientsTable;
  plans: PlansTable;
  screenings: ScreeningsTable;
  treatment_series: TreatmentSeriesTable;
  treatment_sessions: TreatmentSessionsTable;
  assessments: AssessmentsTable;
  planned_follow_ups: PlannedFollowUpsTable;
  adverse_events: AdverseEventsTable;
  consents: ConsentsTable;
  photos: PhotosTable;
  record_versions: RecordVersionsTable;
  photo_pupils: PhotoPupilsTable;
  delivery_sessions: DeliverySessionsTable;
  delivery_events: DeliveryEventsTable;
  delivery_claims: DeliveryClaimsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  server_secrets: ServerSecretsTable;
  research_snapshots: ResearchSnapshotsTable;
  research_snapshot_journeys: ResearchSnapshotJourneysTable;
  research_snapshot_summaries: ResearchSnapshotSummariesTable;
  research_snapshot_stale: ResearchSnapshotStaleTable;
  evidence_contributions: EvidenceContributionsTable;
  evidence_contributions_stale: EvidenceContributionsStaleTable;
  schema_migrations: SchemaMigrationsTable;
}
