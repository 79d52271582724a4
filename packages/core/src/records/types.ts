/**
 * The clinical records of one patient's journey, as plain data: what the server stores, what the
 * evidence statistics read, what the FHIR export writes. Dates are calendar dates (`YYYY-MM-DD`,
 * the clinic's local day), never instants: the core has no clock and no time zone.
 *
 * These shapes are shared by core/protocol, core/evidence, core/fhir and the server; change them
 * in one place, here.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** Fitzpatrick skin type I–VI as 1–6 (docs/domain.md §5). */
export type FitzpatrickType = 1 | 2 | 3 | 4 | 5 | 6;

export interface PatientRecord {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: IsoDate;
  readonly sex: Sex;
  readonly fitzpatrickType: FitzpatrickType;
  /** Alexiades-Armenakas laxity grade, 0–4 in half steps (docs/domain.md §6). */
  readonly laxityGrade: number;
  readonly email?: string | null;
  readonly phone?: string | null;
  /** Generated demo data, never a real person. */
  readonly synthetic?: boolean;
}

export type CandidacyDecision = 'eligible' | 'eligible-with-warnings' | 'not-eligible' | 'refer';

export interface CandidacyReason {
  /** Stable, e.g. `age.under-minimum`, `contraindication.pregnancy`, `refer.smas-laxity`. */
  readonly code: string;
  readonly message: string;
  /** Where the rule comes from (docs/domain.md's source note). */
  readonly source: string;
}

export interface ScreeningRecord {
  readonly id: string;
  readonly patientId: string;
  readonly date: IsoDate;
  /** Every checklist question's answer, by question code. */
  readonly answers: Readonly<Record<string, boolean>>;
  /** Codes of the acknowledgements recorded, e.g. `fitzpatrick-v-vi-not-studied`. */
  readonly acknowledgements: readonly string[];
  readonly decision: CandidacyDecision;
  readonly reasons: readonly CandidacyReason[];
}

export interface SeriesRecord {
  readonly id: string;
  readonly patientId: string;
  readonly planId: string;
  readonly startDate: IsoDate;
  /** The planned session dates, first to last. */
  readonly sessionDates: readonly IsoDate[];
  readonly intervalWeeks: number;
  /** Why the interval is shorter than the clinic's minimum, when it is. */
  readonly reason?: string | null;
  readonly assessmentDate: IsoDate;
}

export type Anaesthesia = 'none' | 'topical' | 'local-infiltration' | 'nerve-block';

export interface SessionZoneRecord {
  /** A zone id of the plan's template, e.g. `cheek-left`. */
  readonly zoneId: string;
  readonly coresDelivered: number;
}

/** One treatment session (a visit where cores were taken), recorded against a plan. */
export interface TreatmentSessionRecord {
  readonly id: string;
  readonly patientId: string;
  readonly planId: string;
  readonly seriesId?: string | null;
  readonly date: IsoDate;
  /** Who operated the handpiece (a user id or a name). */
  readonly operator: string;
  /** Needle gauge used, e.g. `22G`. */
  readonly needleGauge: string;
  readonly zones: readonly SessionZoneRecord[];
  readonly anaesthesia: Anaesthesia;
  readonly notes?: string | null;
  /** What the handpiece session recorded, when a live delivery made the record (issue 14). */
  readonly delivery?: SessionDeliveryRecord | null;
}

/** One zone of a delivered session: cores taken, failed, unknown, and the coverage achieved. */
export interface SessionDeliveryZone {
  readonly zoneId: string;
  readonly targetCores: number;
  readonly extracted: number;
  readonly failed: number;
  /** Fired, but no outcome reported before the end. */
  readonly unreported: number;
  /** Fractions of the zone's treatable area: the plan's and the session's. */
  readonly plannedCoverageFraction: number;
  readonly achievedCoverageFraction: number;
  /** Cores the field guard refused, by reason (bridge, outside-zone, …). */
  readonly refused: Readonly<Record<string, number>>;
}

/** The summary of a live delivery session (core deliverySummary), kept with its session record. */
export interface SessionDeliveryRecord {
  readonly deliverySessionId: string;
  readonly fields: number;
  /** From the first timed event to the last, s; and that less the time paused. */
  readonly durationS: number;
  readonly activeS: number;
  readonly alarms: number;
  readonly zones: readonly SessionDeliveryZone[];
}

/** GAIS 1 very much improved … 5 worse (docs/domain.md §6). */
export type GaisScore = 1 | 2 | 3 | 4 | 5;

/** Subject satisfaction, 1 very dissatisfied … 5 extremely satisfied. */
export type SatisfactionScore = 1 | 2 | 3 | 4 | 5;

/** A follow-up (or baseline) assessment, on any day. */
export interface AssessmentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly date: IsoDate;
  /** Lemperle 0–5 per zone id. The baseline is the last assessment on or before the first session. */
  readonly lemperleByZone: Readonly<Record<string, number>>;
  readonly gaisInvestigator?: GaisScore | null;
  readonly gaisSubject?: GaisScore | null;
  readonly satisfaction?: SatisfactionScore | null;
  readonly laxityGrade?: number | null;
  readonly notes?: string | null;
}

export type AdverseEventType =
  | 'erythema'
  | 'oedema'
  | 'bruising'
  | 'hyperpigmentation'
  | 'hypopigmentation'
  | 'scarring'
  | 'infection'
  | 'other';

export type AdverseEventSeverity = 'mild' | 'moderate' | 'severe';

export type Relatedness = 'not-related' | 'unlikely' | 'possible' | 'probable' | 'definite';

export interface AdverseEventRecord {
  readonly id: string;
  readonly patientId: string;
  /** The session it followed, when known. */
  readonly sessionId?: string | null;
  readonly type: AdverseEventType;
  readonly description?: string | null;
  readonly onsetDate: IsoDate;
  /** Null while unresolved. */
  readonly resolutionDate?: IsoDate | null;
  readonly severity: AdverseEventSeverity;
  readonly relatedness: Relatedness;
}

export type ConsentScope = 'treatment' | 'photography' | 'research';

export interface ConsentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly scope: ConsentScope;
  readonly date: IsoDate;
  readonly status: 'active' | 'withdrawn';
}

export interface PhotoRecord {
  readonly id: string;
  readonly patientId: string;
  readonly consentId: string;
  readonly takenDate: IsoDate;
  readonly zoneId?: string | null;
  /** The standard view (front, left-oblique, …, submental), when it was given. */
  readonly view?: string | null;
  readonly contentType: string;
  readonly byteLength: number;
  /** SHA-256 (hex) of the stored bytes, after the EXIF metadata was removed. */
  readonly sha256: string;
}

/**
 * A follow-up booked ahead for a day (and maybe a time), recorded later by the assessment that
 * names it. `recorded` while an assessment that stands names it; `due` otherwise (an assessment
 * struck out as entered in error gives its booking back).
 */
export interface FollowUpRecord {
  readonly id: string;
  readonly patientId: string;
  readonly date: IsoDate;
  /** HH:MM in the clinic's time zone, or null: booked for the day. */
  readonly time?: string | null;
  readonly notes?: string | null;
  readonly status: 'due' | 'recorded';
  /** The assessment that recorded it, while `recorded`. */
  readonly assessmentId?: string | null;
}

/** Everything recorded for one patient: the unit the evidence and the FHIR export work on. */
export interface PatientJourney {
  readonly patient: PatientRecord;
  readonly screenings: readonly ScreeningRecord[];
  readonly series: readonly SeriesRecord[];
  readonly sessions: readonly TreatmentSessionRecord[];
  readonly assessments: readonly AssessmentRecord[];
  readonly adverseEvents: readonly AdverseEventRecord[];
  readonly consents: readonly ConsentRecord[];
  readonly photos: readonly PhotoRecord[];
  /** Follow-ups booked ahead (absent: none known to the caller). */
  readonly followUps?: readonly FollowUpRecord[];
}
