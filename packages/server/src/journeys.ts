import type {
  FitzpatrickType,
  PatientJourney,
  PatientRecord,
  ScreeningRecord,
  SeriesRecord,
  Sex,
} from '@microcore/core';
import type { Tx } from './db/open.js';
import { findPatient, toPatient } from './routes/patients.js';
import { toAdverseEvent } from './routes/records/adverseEvents.js';
import { toAssessment } from './routes/records/assessments.js';
import { toConsent } from './routes/records/consents.js';
import { META_COLUMNS, toPhoto } from './routes/records/photos.js';
import { toSession } from './routes/records/sessions.js';
import { SCREENING_COLUMNS, toScreening } from './routes/screenings.js';
import { SERIES_COLUMNS, toSeries } from './routes/series.js';

/**
 * Patients' journeys (records/types.ts PatientJourney) read from the database, for the FHIR
 * export and the clinic's evidence. One query per table for any number of patients (never one
 * per patient), grouped in memory; the rows go through the routes' own row → record mappings, so
 * the journey holds exactly what the record routes answer (the API's extra fields, such as
 * `createdAt`, ride along and are ignored by the core).
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
  // A filter on the patient when there is one; else the clinic's rows (RLS and the clause agree).
  const only = onlyPatientId;

  const screeningsQuery = tx
    .selectFrom('screenings')
    .select(SCREENING_COLUMNS)
    .where('clinic_id', '=', clinicId);
  const seriesQuery = tx
    .selectFrom('treatment_series')
    .select(SERIES_COLUMNS)
    .where('clinic_id', '=', clinicId);
  const sessionsQuery = tx
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('clinic_id', '=', clinicId);
  const assessmentsQuery = tx
    .selectFrom('assessments')
    .selectAll()
    .where('clinic_id', '=', clinicId);
  const eventsQuery = tx.selectFrom('adverse_events').selectAll().where('clinic_id', '=', clinicId);
  const consentsQuery = tx.selectFrom('consents').selectAll().where('clinic_id', '=', clinicId);
  // The photos' details only: the bytes are not part of a journey.
  const photosQuery = tx
    .selectFrom('photos')
    .select(META_COLUMNS)
    .where('clinic_id', '=', clinicId);

  // Sequential: a transaction is one connection; the queries would queue on it anyway.
  const screenings = (
    await (only ? screeningsQuery.where('patient_id', '=', only) : screeningsQuery)
      .orderBy('date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((row) => toScreeningRecord(toScreening(row)));
  const series = (
    await (only ? seriesQuery.where('patient_id', '=', only) : seriesQuery)
      .orderBy('start_date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((row) => toSeriesRecord(toSeries(row)));
  const sessions = (
    await (only ? sessionsQuery.where('patient_id', '=', only) : sessionsQuery)
      .orderBy('date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toSession);
  const assessments = (
    await (only ? assessmentsQuery.where('patient_id', '=', only) : assessmentsQuery)
      .orderBy('date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((row) => {
    const a = toAssessment(row);
    // The CHECKs hold GAIS and satisfaction to 1–5 (the core's literal types).
    return a as typeof a & PatientJourney['assessments'][number];
  });
  const adverseEvents = (
    await (only ? eventsQuery.where('patient_id', '=', only) : eventsQuery)
      .orderBy('onset_date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toAdverseEvent);
  const consents = (
    await (only ? consentsQuery.where('patient_id', '=', only) : consentsQuery)
      .orderBy('date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toConsent);
  const photos = (
    await (only ? photosQuery.where('patient_id', '=', only) : photosQuery)
      .orderBy('taken_date')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toPhoto);

  const grouped = {
    screenings: byPatient(screenings),
    series: byPatient(series),
    sessions: byPatient(sessions),
    assessments: byPatient(assessments),
    adverseEvents: byPatient(adverseEvents),
    consents: byPatient(consents),
    photos: byPatient(photos),
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
  }));
}

function toScreeningRecord(screening: ReturnType<typeof toScreening>): ScreeningRecord {
  return screening;
}

/** The stored schedule's session dates are the record's `sessionDates`. */
function toSeriesRecord(series: ReturnType<typeof toSeries>): SeriesRecord {
  return { ...series, sessionDates: series.sessions.map((s) => s.date) };
}
