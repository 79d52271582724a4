import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { MicrocoreError } from '../errors.js';
import type {
  AdverseEventRecord,
  AssessmentRecord,
  CandidacyDecision,
  ConsentRecord,
  FitzpatrickType,
  IsoDate,
  PatientJourney,
  SeriesRecord,
  Sex,
  TreatmentSessionRecord,
} from '../records/types.js';
import { addDays, ageInYears, dayNumber } from './dates.js';

/**
 * De-identified journeys for researchers. Identifiers follow the HIPAA Safe Harbor list
 * (45 CFR 164.514(b)(2)): no names, contact details or record ids; the patient id becomes a keyed
 * pseudonym (HMAC-SHA-256 with the clinic's secret: stable across one clinic's exports, not
 * recomputable without the secret); 5-year age bands with 90+ top-coded instead of the birth
 * date; free text (notes, descriptions, reasons, operator) and photos dropped. Dates are SHIFTED
 * by one per-patient offset (±1–180 days, from the key) rather than cut to the year as Safe Harbor
 * would: intervals (days after the last session) are what the statistics need, so this release
 * rests on an expert determination, not on Safe Harbor alone (docs/evidence.md).
 * The shape fits EvidenceJourney, so summarizeEvidence gives the same numbers on it.
 */

export interface DeidentifiedPatient {
  readonly pseudonym: string;
  /** `40-44` …, `90+`, or `unknown` when the patient had neither session nor screening. */
  readonly ageBand: string;
  readonly sex: Sex;
  readonly fitzpatrickType: FitzpatrickType;
  readonly laxityGrade: number;
  readonly synthetic: boolean;
}

export interface DeidentifiedJourney {
  readonly schemaVersion: 1;
  readonly patient: DeidentifiedPatient;
  readonly screenings: readonly {
    readonly date: IsoDate;
    readonly decision: CandidacyDecision;
    readonly reasonCodes: readonly string[];
    readonly acknowledgements: readonly string[];
  }[];
  readonly series: readonly Pick<
    SeriesRecord,
    'startDate' | 'sessionDates' | 'intervalWeeks' | 'assessmentDate'
  >[];
  readonly sessions: readonly Pick<
    TreatmentSessionRecord,
    'date' | 'needleGauge' | 'zones' | 'anaesthesia'
  >[];
  readonly assessments: readonly Pick<
    AssessmentRecord,
    'date' | 'lemperleByZone' | 'gaisInvestigator' | 'gaisSubject' | 'satisfaction' | 'laxityGrade'
  >[];
  readonly adverseEvents: readonly Pick<
    AdverseEventRecord,
    'type' | 'onsetDate' | 'resolutionDate' | 'severity' | 'relatedness'
  >[];
  readonly consents: readonly Pick<ConsentRecord, 'scope' | 'date' | 'status'>[];
}

export interface DeidentifyOptions {
  /** The clinic's secret, at least 16 bytes (UTF-8). Keep it out of the export. */
  readonly key: string | Uint8Array;
}

const MIN_KEY_BYTES = 16;
const MAX_SHIFT_DAYS = 180;
const TOP_CODED_AGE = 90;
const utf8 = new TextEncoder();

export function deidentifyJourneys(
  journeys: readonly PatientJourney[],
  options: DeidentifyOptions,
): DeidentifiedJourney[] {
  const key = typeof options.key === 'string' ? utf8.encode(options.key) : options.key;
  if (key.byteLength < MIN_KEY_BYTES) {
    throw new MicrocoreError(
      'deidentify.invalid-key',
      `the de-identification key has ${key.byteLength} bytes; use a clinic secret of at least ${MIN_KEY_BYTES}`,
      'key',
    );
  }
  return journeys.map((j) => deidentifyJourney(j, key));
}

/** HMAC-SHA-256(key, patient id), hex, first 128 bits: the pseudonym. */
export function pseudonymOf(patientId: string, key: Uint8Array): string {
  const digest = hmac(key, `pseudonym:${patientId}`);
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The patient's date shift in days: ±1…180, never 0, from the key. */
export function dateShiftDaysOf(patientId: string, key: Uint8Array): number {
  const digest = hmac(key, `date-shift:${patientId}`);
  const firstWord = new DataView(digest.buffer, digest.byteOffset).getUint32(0);
  const magnitude = 1 + (firstWord % MAX_SHIFT_DAYS);
  return digest[4] & 1 ? magnitude : -magnitude;
}

/** `40-44` for 40…44; `90+` from 90 (Safe Harbor top-codes ages over 89). */
export function ageBand(ageYears: number): string {
  if (ageYears >= TOP_CODED_AGE) return `${TOP_CODED_AGE}+`;
  const low = Math.floor(ageYears / 5) * 5;
  return `${low}-${low + 4}`;
}

function deidentifyJourney(journey: PatientJourney, key: Uint8Array): DeidentifiedJourney {
  const { patient } = journey;
  const shift = dateShiftDaysOf(patient.id, key);
  const move = (date: IsoDate): IsoDate => addDays(date, shift);
  return {
    schemaVersion: 1,
    patient: {
      pseudonym: pseudonymOf(patient.id, key),
      ageBand: ageBandOf(journey),
      sex: patient.sex,
      fitzpatrickType: patient.fitzpatrickType,
      laxityGrade: patient.laxityGrade,
      synthetic: patient.synthetic === true,
    },
    screenings: journey.screenings.map((s) => ({
      date: move(s.date),
      decision: s.decision,
      reasonCodes: s.reasons.map((r) => r.code),
      acknowledgements: [...s.acknowledgements],
    })),
    series: journey.series.map((s) => ({
      startDate: move(s.startDate),
      sessionDates: s.sessionDates.map(move),
      intervalWeeks: s.intervalWeeks,
      assessmentDate: move(s.assessmentDate),
    })),
    sessions: journey.sessions.map((s) => ({
      date: move(s.date),
      needleGauge: s.needleGauge,
      zones: s.zones.map((z) => ({ zoneId: z.zoneId, coresDelivered: z.coresDelivered })),
      anaesthesia: s.anaesthesia,
    })),
    assessments: journey.assessments.map((a) => ({
      date: move(a.date),
      lemperleByZone: { ...a.lemperleByZone },
      gaisInvestigator: a.gaisInvestigator ?? null,
      gaisSubject: a.gaisSubject ?? null,
      satisfaction: a.satisfaction ?? null,
      laxityGrade: a.laxityGrade ?? null,
    })),
    // The link to a session survives through the dates; a session id is a record id.
    adverseEvents: journey.adverseEvents.map((e) => ({
      type: e.type,
      onsetDate: move(e.onsetDate),
      resolutionDate: e.resolutionDate ? move(e.resolutionDate) : null,
      severity: e.severity,
      relatedness: e.relatedness,
    })),
    consents: journey.consents.map((c) => ({
      scope: c.scope,
      date: move(c.date),
      status: c.status,
    })),
  };
}

/** Age at the first session, else at the first screening, in a band. */
function ageBandOf(journey: PatientJourney): string {
  const dates = journey.sessions.length > 0 ? journey.sessions : journey.screenings;
  if (dates.length === 0) return 'unknown';
  const first = dates.reduce((a, b) => (dayNumber(b.date) < dayNumber(a.date) ? b : a)).date;
  return ageBand(ageInYears(journey.patient.birthDate, first));
}

function hmac(key: Uint8Array, message: string): Uint8Array {
  return nobleHmac(sha256, key, utf8.encode(message));
}
