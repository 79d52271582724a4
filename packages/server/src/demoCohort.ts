import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  assessCandidacy,
  CANDIDACY_RULES,
  DEFAULT_GAUGE,
  DEFAULT_TEMPLATE,
  type PatientJourney,
  scheduleSeries,
  syntheticCohort,
} from '@microcore/core';
import type { AuditEvent } from './audit.js';
import { DEFAULT_TIME_ZONE, dayIn } from './clinicCalendar.js';
import { sqlArray } from './db/arrays.js';
import type { Tx } from './db/open.js';
import type { PredictionTask } from './plans/plannerMessages.js';
import { PlannerPool } from './plans/plannerPool.js';
import {
  copyStoredPlan,
  type PlanRequest,
  planNow,
  storePlan,
  toPlanInput,
} from './records/plan.js';
import { type StoredPlanForm, toStoredPlanForm } from './records/planCores.js';
import { followUpInputs } from './records/planPrediction.js';

/**
 * The demo clinic's synthetic cohort (issue 5, "Demo data"): the core's `syntheticCohort`
 * journeys (outcomes from the calibrated response model) turned into rows, every patient
 * `synthetic = true`, so the evidence views of a fresh `npm start` have something to show.
 *
 * The rows obey the API's rules, not only the CHECK constraints: no record dated after today
 * (the core cuts the cohort there), Lemperle grades whole, every session's zones zones of its
 * plan and its cores the plan's, screenings from the core's `assessCandidacy` with every
 * checklist answer recorded.
 */

/** Fixed, so every demo database holds the same cohort (shifted to its start day). */
export const DEMO_COHORT_SEED = 20_260_501;
/** The planner's seed of the one demo plan. */
export const DEMO_PLAN_SEED = 1;
/** Patients in the demo cohort unless configured (MICROCORE_DEMO_PATIENTS). */
export const DEMO_COHORT_PATIENTS = 72;
/** The cohort's first screening day is this many months before today. */
const COHORT_START_MONTHS_AGO = 15;

export interface CohortCounts {
  readonly patients: number;
  readonly plans: number;
  readonly screenings: number;
  readonly series: number;
  readonly sessions: number;
  readonly assessments: number;
  readonly adverseEvents: number;
  readonly consents: number;
}

/** What the seed writes, computed before the transaction (the planner takes ~0.2 s). */
export interface PreparedCohort {
  /** The seed's clock: no record is dated as entered after it. */
  readonly now: Date;
  readonly today: string;
  readonly startDate: string;
  readonly journeys: readonly PatientJourney[];
  readonly planInput: PlanRequest;
  /** The plan in its stored form (records/planCores.ts). */
  readonly planStored: StoredPlanForm;
  /**
   * The stored prediction of each plan (by the journey's plan id), as JSON: `predictCohort`'s
   * (the demo seed). Without it the plans are stored with none (the evidence bench, some tests).
   */
  readonly predictionJsonByPlan?: ReadonlyMap<string, string>;
}

/** A patient's copy of the cohort's plan, as a clinic would have saved it. */
export interface CohortPlan {
  /** The journey's plan id, and its patient's. */
  readonly key: string;
  readonly patientKey: string;
  /** The plan's save: the day of the patient's first session, or now if that is still ahead. */
  readonly savedAt: Date;
  /** What the plan's save would have predicted from: the patient as known then, at `savedAt`. */
  readonly prediction: PredictionTask;
}

/**
 * Today as the record routes see it for the demo clinic: its day in its time zone (a new clinic's
 * is UTC), on the server's clock, so no seeded date is refused by them.
 */
export function seedToday(now: Date): string {
  return dayIn(DEFAULT_TIME_ZONE, now);
}

/**
 * A record as entered on the day it happened (noon UTC, never after the seed's clock), as a clinic
 * that records on the day would have: the research pool is a quarterly snapshot of what was
 * entered by a quarter's end (migrations/008), so records all stamped with the seed's instant
 * would keep the demo researcher's pool empty until the next quarter.
 */
function enteredOn(date: string, now: Date): Date {
  return new Date(Math.min(Date.parse(`${date}T12:00:00Z`), now.getTime()));
}

/** `months` calendar months before `date` (YYYY-MM-DD), the day clamped to the month's end. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  first.setUTCDate(Math.min(d, lastDay.getUTCDate()));
  return first.toISOString().slice(0, 10);
}

/**
 * The cohort's journeys and its one plan. Every synthetic journey treats the same zones (the
 * template's indicated ones) with the same needle, so the planner runs ONCE (fixed seed) and
 * each patient gets a stored copy: planning per patient would take ~0.2 s each and give plans
 * that differ only in the random placement of the cores. The sessions deliver this plan's cores,
 * and the cohort is cut at today (syntheticCohort's `cutoffDate`): later sessions, visits and
 * their events have not happened, an event still open today has no resolution date, a booked
 * series keeps its dates (so some patients are mid-series).
 */
export function prepareCohort(patients: number, now: Date): PreparedCohort {
  const today = seedToday(now);
  const startDate = monthsBefore(today, COHORT_START_MONTHS_AGO);
  const zones = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);
  const planInput: PlanRequest = { zones, needle: DEFAULT_GAUGE, seed: DEMO_PLAN_SEED };
  const plan = planNow(planInput);
  const journeys = syntheticCohort({
    seed: DEMO_COHORT_SEED,
    patients,
    startDate,
    cutoffDate: today,
    plannedCoresByZone: Object.fromEntries(plan.zones.map((z) => [z.id, z.coreCount])),
  });
  const planned = new Set(plan.zones.map((z) => z.id));
  for (const session of journeys.flatMap((j) => j.sessions)) {
    if (session.needleGauge !== DEFAULT_GAUGE) {
      throw new Error(
        `demo cohort: a session used ${session.needleGauge}, the plan ${DEFAULT_GAUGE}`,
      );
    }
    for (const zone of session.zones) {
      if (!planned.has(zone.zoneId))
        throw new Error(`demo cohort: the plan has no zone ${zone.zoneId}`);
    }
  }
  return { now, today, startDate, journeys, planInput, planStored: toStoredPlanForm(plan) };
}

/** Each patient's copy of the plan: when it was saved and what its prediction is made of. */
export function cohortPlans(cohort: PreparedCohort): CohortPlan[] {
  return cohort.journeys.flatMap((j) => journeyPlans(j, cohort.now));
}

/**
 * A journey's plans, each saved on the day it was first used (its series' start, its first
 * session: the day the cohort takes the baseline assessment), and the prediction's inputs as a
 * plan's save reads them (records/planPrediction.ts): the laxity's sessions, the skin type, and
 * the latest assessment with grades entered by then — the baseline, or none yet ("assumed").
 */
function journeyPlans(j: PatientJourney, now: Date): CohortPlan[] {
  const firstDay = new Map<string, string>();
  for (const { planId, date } of [
    ...j.series.map((s) => ({ planId: s.planId, date: s.startDate })),
    ...j.sessions.map((s) => ({ planId: s.planId, date: s.date })),
  ]) {
    const known = firstDay.get(planId);
    if (known === undefined || date < known) firstDay.set(planId, date);
  }
  return [...firstDay].map(([key, day]) => {
    const savedAt = enteredOn(day, now);
    const graded = j.assessments.filter(
      (a) =>
        Object.keys(a.lemperleByZone).length > 0 &&
        enteredOn(a.date, now).getTime() <= savedAt.getTime(),
    );
    const latest = graded.reduce<(typeof graded)[number] | null>(
      (best, a) => (best === null || a.date >= best.date ? a : best),
      null,
    );
    const inputs = followUpInputs(
      { laxityGrade: j.patient.laxityGrade, fitzpatrickType: j.patient.fitzpatrickType },
      latest && { date: latest.date, lemperleByZone: { ...latest.lemperleByZone } },
    );
    return {
      key,
      patientKey: j.patient.id,
      savedAt,
      prediction: { inputs, madeAt: savedAt.toISOString() },
    };
  });
}

/**
 * Every plan's prediction, made as a plan's save makes it (the planner threads, the model's full
 * virtual cohort and seed), before the seed's transaction. The patients share one plan and the
 * model's run depends only on it and the sessions and interval (core `followUpPredictor`), so
 * one task per sessions × interval: the demo's 72 patients need three runs of the model, not 72.
 */
export async function predictCohort(cohort: PreparedCohort): Promise<PreparedCohort> {
  const groups = new Map<string, CohortPlan[]>();
  for (const plan of cohortPlans(cohort)) {
    const { sessions, intervalWeeks } = plan.prediction.inputs;
    const group = `${sessions}×${intervalWeeks}`;
    groups.set(group, [...(groups.get(group) ?? []), plan]);
  }
  // Before the server listens nothing else runs: a thread per core (the app's pool leaves one
  // core to the event loop).
  const planner = new PlannerPool({
    threads: Math.max(1, Math.min(groups.size, availableParallelism())),
    maxWaiting: groups.size,
  });
  try {
    const input = toPlanInput(cohort.planInput);
    const answers = await Promise.all(
      [...groups.values()].map(async (plans) => {
        const jsons = await planner.predict(
          input,
          plans.map((p) => p.prediction),
        );
        return plans.map((p, i) => [p.key, jsons[i]] as const);
      }),
    );
    return { ...cohort, predictionJsonByPlan: new Map(answers.flat()) };
  } finally {
    await planner.close();
  }
}

/** Multi-row inserts, a few hundred rows a statement (well under the 65 535 parameters). */
async function insertChunked<R>(rows: readonly R[], insert: (chunk: R[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 250) await insert(rows.slice(i, i + 250));
}

/**
 * Write the prepared cohort into the clinic, inside the caller's transaction (app.clinic_id set
 * to the clinic). Ids: the journeys' ids are `syn-…` names, so each record gets a new UUID and
 * a map from the journey's id keeps the references (plan, series, session) straight.
 * Returns the counts and the audit records to append (one per patient).
 */
export async function insertCohort(
  tx: Tx,
  clinicId: string,
  clinicianId: string,
  cohort: PreparedCohort,
): Promise<{ counts: CohortCounts; audit: AuditEvent[] }> {
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = randomUUID();
      ids.set(key, id);
    }
    return id;
  };
  const { journeys } = cohort;
  const entered = (date: string) => enteredOn(date, cohort.now);
  const firstDay = (j: PatientJourney) => j.screenings[0]?.date ?? cohort.startDate;
  const answers = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));

  await insertChunked(journeys, (chunk) =>
    tx
      .insertInto('patients')
      .values(
        chunk.map((j) => ({
          id: idOf(j.patient.id),
          clinic_id: clinicId,
          given_name: j.patient.givenName,
          family_name: j.patient.familyName,
          birth_date: j.patient.birthDate,
          sex: j.patient.sex,
          fitzpatrick_type: j.patient.fitzpatrickType,
          laxity_grade: j.patient.laxityGrade,
          email: j.patient.email ?? null,
          phone: j.patient.phone ?? null,
          synthetic: true,
          created_at: entered(firstDay(j)),
        })),
      )
      .execute(),
  );

  // Plans: the one plan value, sent once, copied inside the database for each patient, each copy
  // with its own save time and the prediction made for its patient then (predictCohort).
  const plans = cohortPlans(cohort);
  const planKeys = plans.map((p) => ({
    id: idOf(p.key),
    patientId: idOf(p.patientKey),
    createdAt: p.savedAt,
    predictionJson: cohort.predictionJsonByPlan?.get(p.key) ?? null,
  }));
  const savedAt = new Map(plans.map((p) => [p.key, p.savedAt]));
  const [first, ...rest] = planKeys;
  if (first) {
    await storePlan(tx, {
      ...first,
      clinicId,
      createdBy: clinicianId,
      input: cohort.planInput,
      stored: cohort.planStored,
    });
    await copyStoredPlan(tx, first.id, rest);
  }

  const screenings = journeys.flatMap((j) =>
    j.screenings.map((s) => {
      const firstSession = j.sessions[0]?.date ?? null;
      const planned = firstSession !== null && firstSession >= s.date ? firstSession : null;
      // The core's rules decide (reasons, flags, pre-care with its dates); the journey gives
      // the patient, the day and the acknowledgements.
      const result = assessCandidacy({
        birthDate: j.patient.birthDate,
        screeningDate: s.date,
        fitzpatrickType: j.patient.fitzpatrickType,
        answers: { ...answers, ...s.answers },
        acknowledgements: s.acknowledgements,
        plannedTreatmentDate: planned,
      });
      return {
        id: idOf(s.id),
        patient_id: idOf(j.patient.id),
        clinic_id: clinicId,
        date: s.date,
        answers: JSON.stringify({ ...answers, ...s.answers }),
        acknowledgements: sqlArray(s.acknowledgements, 'text'),
        planned_treatment_date: planned,
        decision: result.decision,
        reasons: JSON.stringify(result.reasons),
        flags: sqlArray(result.flags, 'text'),
        pre_care: JSON.stringify(result.preCare),
        created_by: clinicianId,
        created_at: entered(s.date),
      };
    }),
  );
  const treatable = screenings.filter(
    (s) => s.decision === 'eligible' || s.decision === 'eligible-with-warnings',
  );
  if (treatable.length !== screenings.length) {
    throw new Error('demo cohort: a synthetic patient screened as not treatable');
  }
  await insertChunked(screenings, (chunk) => tx.insertInto('screenings').values(chunk).execute());

  const series = journeys.flatMap((j) =>
    j.series.map((s) => {
      // The booked dates are the journey's; each one's downtime and aftercare, the assessment
      // date and any warning are the core's (scheduleSeries), as the series route stores them.
      const schedule = scheduleSeries({
        startDate: s.startDate,
        laxityGrade: j.patient.laxityGrade,
        sessions: s.sessionDates.length,
        intervalWeeks: s.intervalWeeks,
        reason: s.reason ?? null,
      });
      const sessions = s.sessionDates.map((date, i) => ({
        ...scheduleSeries({ startDate: date, laxityGrade: j.patient.laxityGrade, sessions: 1 })
          .sessions[0],
        number: i + 1,
      }));
      const last = s.sessionDates[s.sessionDates.length - 1];
      const assessmentDate = scheduleSeries({
        startDate: last,
        laxityGrade: j.patient.laxityGrade,
        sessions: 1,
      }).assessmentDate;
      return {
        id: idOf(s.id),
        patient_id: idOf(j.patient.id),
        clinic_id: clinicId,
        plan_id: idOf(s.planId),
        start_date: s.startDate,
        session_dates: sqlArray(s.sessionDates, 'date'),
        interval_weeks: s.intervalWeeks,
        reason: s.reason ?? null,
        laxity_grade: j.patient.laxityGrade,
        assessment_date: assessmentDate,
        sessions: JSON.stringify(sessions),
        warnings: JSON.stringify(schedule.warnings),
        created_by: clinicianId,
        // Booked with its plan, when the plan was made: a series names a plan saved before it.
        created_at: savedAt.get(s.planId) ?? entered(s.startDate),
      };
    }),
  );
  await insertChunked(series, (chunk) => tx.insertInto('treatment_series').values(chunk).execute());

  const sessions = journeys.flatMap((j) =>
    j.sessions.map((s) => ({
      id: idOf(s.id),
      clinic_id: clinicId,
      patient_id: idOf(j.patient.id),
      plan_id: idOf(s.planId),
      series_id: s.seriesId == null ? null : idOf(s.seriesId),
      date: s.date,
      operator: s.operator,
      needle_gauge: s.needleGauge,
      zones: JSON.stringify(s.zones),
      anaesthesia: s.anaesthesia,
      notes: s.notes ?? null,
      interval_reason: null,
      created_by: clinicianId,
      created_at: entered(s.date),
      changed_at: entered(s.date),
    })),
  );
  await insertChunked(sessions, (chunk) =>
    tx.insertInto('treatment_sessions').values(chunk).execute(),
  );

  const assessments = journeys.flatMap((j) =>
    j.assessments.map((a) => ({
      id: idOf(a.id),
      clinic_id: clinicId,
      patient_id: idOf(j.patient.id),
      session_id: null,
      date: a.date,
      // Whole grades already (the cohort draws them), as the API and the CHECK accept.
      lemperle_by_zone: JSON.stringify(a.lemperleByZone),
      gais_investigator: a.gaisInvestigator ?? null,
      gais_subject: a.gaisSubject ?? null,
      satisfaction: a.satisfaction ?? null,
      laxity_grade: a.laxityGrade ?? null,
      notes: a.notes ?? null,
      created_by: clinicianId,
      created_at: entered(a.date),
      changed_at: entered(a.date),
    })),
  );
  await insertChunked(assessments, (chunk) => tx.insertInto('assessments').values(chunk).execute());

  const events = journeys.flatMap((j) =>
    j.adverseEvents.map((e) => ({
      id: idOf(e.id),
      clinic_id: clinicId,
      patient_id: idOf(j.patient.id),
      session_id: e.sessionId == null ? null : idOf(e.sessionId),
      type: e.type,
      description: e.description ?? null,
      onset_date: e.onsetDate,
      resolution_date: e.resolutionDate ?? null,
      severity: e.severity,
      relatedness: e.relatedness,
      created_by: clinicianId,
      created_at: entered(e.onsetDate),
      // Its resolution, when it has one, was the last change.
      changed_at: entered(e.resolutionDate ?? e.onsetDate),
    })),
  );
  await insertChunked(events, (chunk) => tx.insertInto('adverse_events').values(chunk).execute());

  const consents = journeys.flatMap((j) =>
    j.consents.map((c) => ({
      id: idOf(c.id),
      clinic_id: clinicId,
      patient_id: idOf(j.patient.id),
      scope: c.scope,
      date: c.date,
      // A withdrawn consent needs its withdrawal day, which the journey does not give.
      status: 'active',
      created_by: clinicianId,
      created_at: entered(c.date),
      changed_at: entered(c.date),
    })),
  );
  await insertChunked(consents, (chunk) => tx.insertInto('consents').values(chunk).execute());

  const audit: AuditEvent[] = journeys.map((j) => ({
    clinicId,
    userId: null,
    action: 'demo.seed',
    resourceType: 'patient',
    resourceId: idOf(j.patient.id),
    outcome: 'ok',
  }));
  return {
    counts: {
      patients: journeys.length,
      plans: planKeys.length,
      screenings: screenings.length,
      series: series.length,
      sessions: sessions.length,
      assessments: assessments.length,
      adverseEvents: events.length,
      consents: consents.length,
    },
    audit,
  };
}
