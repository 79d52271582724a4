import { planTreatment, Rng } from '@microcore/core';
import {
  copyStoredPlan,
  createClinic,
  type Db,
  inClinic,
  storePlan,
  toStoredPlanForm,
} from '@microcore/server';
import { assessmentBody, planBody, RECORD_DATE, sessionBody } from './records.js';

/**
 * The mixed workload's clinics, written straight into the database before the server starts
 * (PGlite allows one process at a time): CLINICS clinics of three users each, and
 * PATIENTS_PER_CLINIC patients each with one stored plan, one session and one assessment. The
 * plan is the mix's (the full lower face, 22G), planned once and copied inside the database for
 * every patient, as the demo seed does: planning each would take ~0.1–0.2 s and give plans that
 * differ only in where the cores fall. The session and assessment bodies are the ones the load
 * sends (records.ts), stored as the API stores them; the load's warm-up sends each kind through
 * the API before anything is timed.
 */
export const CLINICS = 100;
export const PATIENTS_PER_CLINIC = 20;
export const BENCH_PASSWORD = 'bench-password-long-enough';

const SEED_PLAN_REQUEST = planBody(1);

/** A cheap scrypt cost: the bench signs 300 users in, it does not measure password hashing. */
const BENCH_SCRYPT_COST = { logN: 10, r: 8, p: 1, keyLength: 32 };

export interface SeededPatient {
  readonly id: string;
  readonly planId: string;
  /** An active treatment consent, which the mix's consent write withdraws. */
  readonly consentId: string;
}

export interface SeededClinic {
  readonly id: string;
  /** The admin, then the two clinicians. */
  readonly emails: readonly [string, string, string];
  readonly patients: readonly SeededPatient[];
}

const GIVEN_NAMES = ['Ada', 'Grace', 'Mary', 'Ines', 'Yuki', 'Amara', 'Lena', 'Sofia', 'Noor'];
const FAMILY_NAMES = ['Lovelace', 'Hopper', 'Curie', 'Okafor', 'Tanaka', 'Novak', 'Silva'];

export async function seedClinics(db: Db, seed: number): Promise<SeededClinic[]> {
  const rng = new Rng(seed);
  const planStored = toStoredPlanForm(planTreatment(SEED_PLAN_REQUEST));
  const clinics: SeededClinic[] = [];
  for (let c = 0; c < CLINICS; c++) {
    const tag = `clinic-${String(c).padStart(3, '0')}`;
    const emails = [`admin@${tag}.bench`, `clinician-a@${tag}.bench`, `clinician-b@${tag}.bench`];
    const created = await createClinic(
      db,
      `Bench ${tag}`,
      [
        { email: emails[0], role: 'admin', password: BENCH_PASSWORD },
        { email: emails[1], role: 'clinician', password: BENCH_PASSWORD },
        { email: emails[2], role: 'clinician', password: BENCH_PASSWORD },
      ],
      BENCH_SCRYPT_COST,
    );
    const patients = await inClinic(db, created.clinicId, async (tx) => {
      const rows = await tx
        .insertInto('patients')
        .values(
          Array.from({ length: PATIENTS_PER_CLINIC }, () => ({
            clinic_id: created.clinicId,
            given_name: GIVEN_NAMES[rng.int(GIVEN_NAMES.length)],
            family_name: FAMILY_NAMES[rng.int(FAMILY_NAMES.length)],
            birth_date: `19${50 + rng.int(40)}-0${1 + rng.int(9)}-1${rng.int(10)}`,
            sex: rng.next() < 0.8 ? 'female' : 'male',
            fitzpatrick_type: 1 + rng.int(4),
            laxity_grade: 1.5 + 0.5 * rng.int(4),
            email: null,
            phone: null,
          })),
        )
        .returning('id')
        .execute();
      const [first] = rows;
      // One plan sent in its stored form, then copied by the database for the clinic's other
      // patients, through the server's own plan insert.
      const source = await storePlan(tx, {
        clinicId: created.clinicId,
        patientId: first.id,
        createdBy: created.users[emails[1]]?.id ?? null,
        input: { ...SEED_PLAN_REQUEST, zones: [...SEED_PLAN_REQUEST.zones] },
        stored: planStored,
        // Generated records: no prediction was made when this plan was saved.
        predictionJson: null,
      });
      await copyStoredPlan(
        tx,
        source.id,
        rows.slice(1).map((r) => ({ patientId: r.id })),
      );
      const plans = await tx
        .selectFrom('plans')
        .select(['id', 'patient_id'])
        .where('clinic_id', '=', created.clinicId)
        .execute();
      const planOf = new Map(plans.map((p) => [p.patient_id, p.id]));
      const clinicianId = created.users[emails[1]].id;
      await tx
        .insertInto('treatment_sessions')
        .values(
          rows.map((r) => {
            const session = sessionBody(planOf.get(r.id) as string, 0);
            return {
              clinic_id: created.clinicId,
              patient_id: r.id,
              plan_id: session.planId,
              series_id: null,
              date: session.date,
              operator: clinicianId,
              needle_gauge: SEED_PLAN_REQUEST.needle,
              zones: JSON.stringify(session.zones),
              anaesthesia: session.anaesthesia,
              notes: null,
              interval_reason: null,
              created_by: clinicianId,
            };
          }),
        )
        .execute();
      await tx
        .insertInto('assessments')
        .values(
          rows.map((r) => {
            const assessment = assessmentBody(rng);
            return {
              clinic_id: created.clinicId,
              patient_id: r.id,
              session_id: null,
              date: assessment.date,
              lemperle_by_zone: JSON.stringify(assessment.lemperleByZone),
              gais_investigator: assessment.gaisInvestigator,
              gais_subject: null,
              satisfaction: assessment.satisfaction,
              laxity_grade: null,
              notes: null,
              created_by: clinicianId,
            };
          }),
        )
        .execute();
      const consents = await tx
        .insertInto('consents')
        .values(
          rows.map((r) => ({
            clinic_id: created.clinicId,
            patient_id: r.id,
            scope: 'treatment',
            date: RECORD_DATE,
            created_by: clinicianId,
          })),
        )
        .returning(['id', 'patient_id'])
        .execute();
      const consentOf = new Map(consents.map((c) => [c.patient_id, c.id]));
      return rows.map((r) => ({
        id: r.id,
        planId: planOf.get(r.id) as string,
        consentId: consentOf.get(r.id) as string,
      }));
    });
    clinics.push({ id: created.clinicId, emails: emails as [string, string, string], patients });
  }
  return clinics;
}
