import type { AdverseEventType, EvidenceJourney, FitzpatrickType } from '@microcore/core';
import type { Tx } from '../db/open.js';

/**
 * What the clinic's evidence summary reads of each patient (the core's EvidenceJourney), loaded
 * in five narrow queries for the whole clinic: only the columns the statistics use, no names,
 * notes, screenings, consents or photos, and no record → API → journey mapping per row. The
 * full journeys (journeys.ts loadClinicJourneys) cost 0.5–0.8 s at 1,000 patients, most of it in
 * reading and mapping columns the summary never looks at.
 *
 * The same patients and records as loadClinicJourneys (every patient, archived ones included;
 * only the records that stand, not those struck out as entered in error) in the same order
 * within a patient, since the summary breaks same-day ties by that order (the baseline is the
 * last assessment of its day, a follow-up the first of its distance, the latest series the last
 * of its start day). test/evidenceSnapshot.test.ts holds the two to the same answer.
 */
export interface ClinicEvidenceJourney extends EvidenceJourney {
  readonly patient: {
    readonly id: string;
    readonly fitzpatrickType: FitzpatrickType;
    readonly synthetic: boolean;
  };
}

export async function loadClinicEvidence(
  tx: Tx,
  clinicId: string,
  /** Only these patients (those whose contribution is recomputed); default every one. */
  patientIds?: readonly string[],
): Promise<ClinicEvidenceJourney[]> {
  const patients = await tx
    .selectFrom('patients')
    .select(['id', 'fitzpatrick_type', 'synthetic'])
    .where('clinic_id', '=', clinicId)
    .$if(patientIds !== undefined, (q) => q.where('id', 'in', patientIds ?? []))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (patients.length === 0) return [];
  // Sequential: a transaction is one connection, the queries would queue on it anyway.
  const sessions = await tx
    .selectFrom('treatment_sessions')
    .select(['patient_id', 'date', 'zones'])
    .where('clinic_id', '=', clinicId)
    .$if(patientIds !== undefined, (q) => q.where('patient_id', 'in', patientIds ?? []))
    .where('record_status', '=', 'current')
    .execute();
  const assessments = await tx
    .selectFrom('assessments')
    .select([
      'patient_id',
      'date',
      'lemperle_by_zone',
      'gais_investigator',
      'gais_subject',
      'satisfaction',
    ])
    .where('clinic_id', '=', clinicId)
    .$if(patientIds !== undefined, (q) => q.where('patient_id', 'in', patientIds ?? []))
    .where('record_status', '=', 'current')
    .orderBy('date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const events = await tx
    .selectFrom('adverse_events')
    .select(['patient_id', 'type', 'onset_date', 'resolution_date'])
    .where('clinic_id', '=', clinicId)
    .$if(patientIds !== undefined, (q) => q.where('patient_id', 'in', patientIds ?? []))
    .where('record_status', '=', 'current')
    .orderBy('onset_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const series = await tx
    .selectFrom('treatment_series')
    .select(['patient_id', 'start_date', 'sessions'])
    .where('clinic_id', '=', clinicId)
    .$if(patientIds !== undefined, (q) => q.where('patient_id', 'in', patientIds ?? []))
    .orderBy('start_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();

  const journeys = new Map(
    patients.map((p) => [
      p.id,
      {
        patient: {
          id: p.id,
          // The database CHECK holds it to 1–6.
          fitzpatrickType: p.fitzpatrick_type as FitzpatrickType,
          synthetic: p.synthetic,
        },
        sessions: [] as EvidenceJourney['sessions'][number][],
        assessments: [] as EvidenceJourney['assessments'][number][],
        adverseEvents: [] as EvidenceJourney['adverseEvents'][number][],
        series: [] as NonNullable<EvidenceJourney['series']>[number][],
      },
    ]),
  );
  for (const s of sessions)
    journeys.get(s.patient_id)?.sessions.push({
      date: s.date,
      zones: s.zones as { zoneId: string; coresDelivered: number }[],
    });
  for (const a of assessments)
    journeys.get(a.patient_id)?.assessments.push({
      date: a.date,
      lemperleByZone: a.lemperle_by_zone as Record<string, number>,
      // The CHECKs hold GAIS and satisfaction to 1–5 (the core's literal types).
      gaisInvestigator: a.gais_investigator as 1 | 2 | 3 | 4 | 5 | null,
      gaisSubject: a.gais_subject as 1 | 2 | 3 | 4 | 5 | null,
      satisfaction: a.satisfaction as 1 | 2 | 3 | 4 | 5 | null,
    });
  for (const e of events)
    journeys.get(e.patient_id)?.adverseEvents.push({
      type: e.type as AdverseEventType,
      onsetDate: e.onset_date,
      resolutionDate: e.resolution_date,
    });
  // The booked dates are the stored schedule's, as the series record's `sessionDates` are.
  for (const s of series)
    journeys.get(s.patient_id)?.series.push({
      startDate: s.start_date,
      sessionDates: (s.sessions as { date: string }[]).map((session) => session.date),
    });
  return [...journeys.values()];
}
