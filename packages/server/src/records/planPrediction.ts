import {
  type FollowUpPredictionInputs,
  PREDICTION_DEFAULTS,
  recommendedSessions,
} from '@microcore/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import { findPatient } from './patient.js';

/**
 * The outcome prediction stored with a plan (migration 022; core heal/followUpPrediction.ts):
 * what the model said when the plan was saved, never recomputed. Null for plans saved before.
 */
const interval = (what: string) =>
  z.object({
    daysAfterLastSession: z.number().describe('days after the series’ last session'),
    mean: z.number().describe(`${what}: mean over the virtual cohort, Lemperle grades`),
    low: z.number().describe('5th percentile'),
    high: z.number().describe('95th percentile'),
  });

export const planPredictionSchema = z
  .object({
    schemaVersion: z.literal(1),
    label: z.string().describe('"model estimate — not a promise of outcome"'),
    quantity: z.literal('lemperle-improvement'),
    quantityMeaning: z.string(),
    madeAt: z.string().describe('when the prediction was made: the plan’s save (ISO instant)'),
    model: z.object({
      simulationSchemaVersion: z.number(),
      parametersId: z
        .string()
        .describe(
          'the model’s parameters and response posterior, hashed (plans/predictionModelId.ts)',
        ),
    }),
    inputs: z.object({
      sessions: z
        .number()
        .describe('sessions assumed: the clinic’s setting for the patient’s laxity'),
      intervalWeeks: z.number(),
      fitzpatrickType: z.number(),
      baselineLemperle: z.number(),
      baselineSource: z
        .enum(['assessment', 'assumed'])
        .describe(
          '`assessment`: the latest assessment’s mean over the plan’s zones; `assumed`: grade 3',
        ),
      baselineAssessmentDate: z.string().nullable(),
      cohortSize: z.number(),
      seed: z.number(),
    }),
    interval: z.object({
      coverage: z.number().describe('0.9: the 5th–95th percentile of the virtual patients'),
      meaning: z.string(),
    }),
    timepoints: z.array(interval('predicted Lemperle improvement (positive = better)')),
  })
  .nullable()
  .describe(
    'the follow-up prediction made when the plan was saved; null for a plan saved before predictions were stored with plans (none is made afterwards)',
  );

/**
 * What the prediction needs of the patient, read before the planner runs (the planner thread
 * makes the prediction, so no transaction is held while it works): the laxity's recommended
 * sessions, the skin type, and the latest assessment that graded any zone (the baseline).
 */
export async function predictionInputs(
  tx: Tx,
  clinicId: string,
  patientId: string,
): Promise<FollowUpPredictionInputs> {
  const patient = await findPatient(tx, clinicId, patientId);
  const latest = await tx
    .selectFrom('assessments')
    .select(['date', 'lemperle_by_zone'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patient.id)
    .where('record_status', '=', 'current')
    .where(sql<boolean>`lemperle_by_zone <> '{}'::jsonb`)
    .orderBy('date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return followUpInputs(
    {
      laxityGrade: Number(patient.laxity_grade),
      fitzpatrickType: Number(patient.fitzpatrick_type),
    },
    latest
      ? {
          date: String(latest.date),
          lemperleByZone: latest.lemperle_by_zone as Record<string, number>,
        }
      : null,
  );
}

/**
 * The prediction's inputs from what is known of the patient when the plan is saved: read from
 * the database by a plan's save (above), from its journey by the demo seed (demoCohort.ts).
 */
export function followUpInputs(
  patient: { readonly laxityGrade: number; readonly fitzpatrickType: number },
  latestAssessment: FollowUpPredictionInputs['latestAssessment'],
): FollowUpPredictionInputs {
  return {
    sessions: recommendedSessions(patient.laxityGrade),
    intervalWeeks: PREDICTION_DEFAULTS.intervalWeeks,
    fitzpatrickType: patient.fitzpatrickType,
    latestAssessment,
  };
}
