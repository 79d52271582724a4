import type {
  FitzpatrickType,
  PatientJourney,
  PatientRecord,
  ScreeningRecord,
  SeriesRecord,
  Sex,
} from '@microcore/core';
import type { Tx } from './db/open.js';
import { adverseEventRows, toAdverseEvent } from './records/adverseEvent.js';
import { assessmentRows, toAssessment } from './records/assessment.js';
import { consentRows, toConsent } from './records/consent.js';
import { followUpRows, toFollowUpJson } from './records/followUp.js';
import { findPatient, toPatient } from './records/patient.js';
import { photoRows, toPhoto } from './records/photo.js';
import { screeningRows, toScreening } from './records/screening.js';
import { seriesRows, toSeries } from './records/series.js';
import { sessionRows, toSession } from './records/session.js';

/**
 * Patients' journeys (records/types.ts PatientJourney) read from the database, for the FHIR
 * export and the clinic's evidence. One query per table for any number of patients (never one
 * per patient), grouped in memory; the rows go through the record modules' row → record mappings
 * (records/*.ts), so the journey holds exactly what the record routes answer (the API's extra fields, such as
 * `createdAt`, ride along and are ignored by the core).
 *
 * Only the records that stand, each as its current version: a record struck out as entered in
 * error is not part of the journey, so the evidence, its statistics and the FHIR export never
 * count or show it (docs/server.md "Corrections").
 *
 * Run inside `inClinic` (RLS) — the queries also name the clinic, as every route does.
 */

export interface ClinicJourneyOptions {
  /**
   * Archived patients are included by default: archiving hides a patient from the clinic's
   * lists, it does not withdraw their outcomes, and leaving them out would bias the evidence
   * (e.g. towards patients who kept coming back).
   */
  readonly includeArchived?: boolean;
}

/** One patient's journey; 404 (as every patient route) when the clinic has no such patient. */
export async function loadJourney(
  tx: Tx,
  clinicId: string,
  patientId: string,
): Promise<PatientJourney> {
  const patient = await findPatient(tx, clinicId, patientId);
  const [journey] = await journeysOf(
    tx,
    clinicId,
    [toPatientRecord(toPatient(patient))],
    patient.id,
  );
  if (!journey) throw new Error('loadJourney: the patient vanished inside its transaction');
  return journey;
}

/** Every patient of the clinic with their records, in patient creation order. */
export async function loadClinicJourneys(
  tx: Tx,
  clinicId: string,
  options: ClinicJourneyOptions = {},
): Promise<PatientJourney[]> {
  let query = tx
    .selectFrom('patients')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .orderBy('created_at')
    .orderBy('id');
  if (options.includeArchived === false) query = query.where('archived_at', 'is', null);
  const patients = (await query.execute()).map((row) => toPatientRecord(toPatient(row)));
  if (patients.length === 0) return [];
  return journeysOf(tx, clinicId, patients);
}

/** The patient as the core's record (the API's JSON has the same fields, typed more loosely). */
function toPatientRecord(patient: ReturnType<typeof toPatient>): PatientRecord {
  return {
    id: patient.id,
    givenName: patient.givenName,
    familyName: patient.familyName,
    birthDate: patient.birthDate,
    // The database CHECKs hold these to the core's values.
    sex: patient.sex as Sex,
    fitzpatrickType: patient.fitzpatrickType as FitzpatrickType,
    laxityGrade: patient.laxityGrade,
    email: patient.email,
    phone: patient.phone,
    synthetic: patient.synthetic,
  };
}

/**
 * The records of `patients` (all the clinic's when `onlyPatientId` is absent): one query per
 * table, then grouped by patient. Records of patients not in the list are dropped.
 */
async function journeysOf(
  tx: Tx,
  clinicId: string,
  patients: readonly PatientRecord[],
  onlyPatientId?: string,
): Promise<PatientJourney[]> {
  const byPatient = <T extends { patientId: string }>(records: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const record of records) {
      const list = map.get(record.patientId);
      if (list) list.push(record);
      else map.set(record.patientId, [record]);
    }
    return map;
  };
  // One patient's rows when there is one; else the clinic's (RLS and the clause agree). The
  // record modules' own queries and mappings, so a journey holds what the record routes answer.
  // Sequential: a transaction is one connection; the queries would queue on it anyway.
  const only = onlyPatientId;
  const screenings = (await screeningRows(tx, clinicId, only)).map((row) =>
    toScreeningRecord(toScreening(row)),
  );
  const series = (await seriesRows(tx, clinicId, only)).map((row) => toSeriesRecord(toSeries(row)));
  const sessions = (await sessionRows(tx, clinicId, only)).filter(stands).map(toSession);
  const assessments = (await assessmentRows(tx, clinicId, only)).filter(stands).map((row) => {
    const a = toAssessment(row);
    // The CHECKs hold GAIS and satisfaction to 1–5 (the core's literal types).
    return a as typeof a & PatientJourney['assessments'][number];
  });
  const adverseEvents = (await adverseEventRows(tx, clinicId, only))
    .filter(stands)
    .map(toAdverseEvent);
  const consents = (await consentRows(tx, clinicId, only)).filter(stands).map(toConsent);
  const photos = (await photoRows(tx, clinicId, only)).filter(stands).map(toPhoto);
  const followUps = (await followUpRows(tx, clinicId, only)).map(toFollowUpJson);

  const grouped = {
    screenings: byPatient(screenings),
    series: byPatient(series),
    sessions: byPatient(sessions),
    assessments: byPatient(assessments),
    adverseEvents: byPatient(adverseEvents),
    consents: byPatient(consents),
    photos: byPatient(photos),
    followUps: byPatient(followUps),
  };
  return patients.map((patient) => ({
    patient,
    screenings: grouped.screenings.get(patient.id) ?? [],
    series: grouped.series.get(patient.id) ?? [],
    sessions: grouped.sessions.get(patient.id) ?? [],
    assessments: grouped.assessments.get(patient.id) ?? [],
    adverseEvents: grouped.adverseEvents.get(patient.id) ?? [],
    consents: grouped.consents.get(patient.id) ?? [],
    photos: grouped.photos.get(patient.id) ?? [],
    followUps: grouped.followUps.get(patient.id) ?? [],
  }));
}

/** A record not struck out as entered in error. */
const stands = (row: { record_status: string }) => row.record_status === 'current';

function toScreeningRecord(screening: ReturnType<typeof toScreening>): ScreeningRecord {
  return screening;
}

/** The stored schedule's session dates are the record's `sessionDates`. */
function toSeriesRecord(series: ReturnType<typeof toSeries>): SeriesRecord {
  return { ...series, sessionDates: series.sessions.map((s) => s.date) };
}
