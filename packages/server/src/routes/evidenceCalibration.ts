import {
  calibrateOutcomes,
  type FollowUpPrediction,
  MODEL_ESTIMATE_LABEL,
  type PatientJourney,
} from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { auditedRead, signedIn } from '../audited.js';
import type { RouteContext } from '../context.js';
import type { Tx } from '../db/open.js';
import { DeidentifyKey } from '../evidence/deidentifyKey.js';
import { deidentifiedPool, snapshotCutoff } from '../evidence/researchPool.js';
import { loadClinicJourneys } from '../journeys.js';
import {
  EVIDENCE_READERS,
  evidenceMeta,
  evidenceScope,
  includeSynthetic,
  SCOPE_LABEL,
  scopeQuery,
} from './evidence.js';
import { commonErrors } from './schemas.js';

/**
 * GET /api/evidence/calibration: the model's stored predictions against the follow-ups observed
 * since (core evidence/calibration.ts; docs/evidence.md, "Calibration"), over the admin's clinic
 * or the pooled de-identified records, with the scopes of the other evidence routes.
 */

export const CALIBRATION_LABEL =
  'Observed Lemperle improvement of recorded patients beside the prediction stored with their ' +
  `plan when it was saved (a ${MODEL_ESTIMATE_LABEL}); each prediction's interval is the ` +
  "model's 90 % predictive interval, the share inside it carries a 95 % Wilson confidence interval.";

const range = z.object({ low: z.number(), high: z.number() });
const calibrationAnswer = z.object({
  ...evidenceMeta,
  basis: z.literal('predicted-vs-observed'),
  quantity: z
    .literal('lemperle-improvement')
    .describe(
      'mean over the treated zones of (baseline − follow-up) Lemperle grade, positive = better',
    ),
  points: z.array(
    z.object({
      windowId: z.string().describe('the follow-up window (90d: 60–120 days, 180d: 150–240)'),
      daysAfterLastSession: z.number(),
      predicted: z.object({ mean: z.number(), low: z.number(), high: z.number() }),
      observed: z.number(),
      inside: z.boolean(),
    }),
  ),
  count: z.number().describe('observations paired with a stored prediction'),
  insideCount: z.number(),
  shareInside: z.number().nullable().describe('insideCount / count; null for none'),
  shareInsideCi95: range.nullable().describe('95 % Wilson score interval of the share'),
  nominalCoverage: z
    .number()
    .nullable()
    .describe('the share the predicted intervals claim (0.9); compare shareInside with it'),
  excluded: z.object({
    noBaseline: z.number(),
    seriesNotComplete: z.number(),
    sessionsDiffer: z.number(),
  }),
});

export function evidenceCalibrationRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const key = new DeidentifyKey(context.db, context.config.deidentifyKey);
    app.get(
      '/api/evidence/calibration',
      {
        config: {
          roles: EVIDENCE_READERS,
          audit: { action: 'evidence.calibration', resourceType: 'evidence' },
        },
        schema: {
          operationId: 'getEvidenceCalibration',
          summary:
            'Predicted against observed: the share of follow-ups inside their predicted interval',
          description:
            'Each follow-up (the 90- and 180-day windows after the last session) of a patient ' +
            'whose plan kept a prediction when it was saved, paired with that prediction for the ' +
            'window: predicted mean and 90 % interval, observed Lemperle improvement. Patients ' +
            'whose series is not complete, whose sessions differ from those the prediction ' +
            'assumed, or who have no baseline grade are counted in `excluded`. Struck-out records ' +
            'are left out. Audited as a read of patient data.',
          tags: ['evidence'],
          querystring: z.strictObject({ scope: scopeQuery, includeSynthetic }),
          response: { 200: calibrationAnswer, ...commonErrors },
        },
      },
      async (request) => {
        const user = signedIn(request);
        const scope = evidenceScope(user, request.query.scope);
        const secret = scope === 'pooled' ? await key.get() : undefined;
        const asOf = secret === undefined ? null : snapshotCutoff(context.clock());
        return auditedRead(context, request, async ({ tx, today }) => {
          const patients =
            secret === undefined || asOf === null
              ? await clinicPatients(tx, user.clinicId)
              : await pooledPatients(tx, secret, asOf, request.query.includeSynthetic);
          const calibration = calibrateOutcomes(patients, secret === undefined ? today : null);
          const answerScope: 'clinic' | 'pooled-deidentified' =
            scope === 'clinic' ? 'clinic' : 'pooled-deidentified';
          return {
            value: {
              scope: answerScope,
              basis: 'predicted-vs-observed' as const,
              label: CALIBRATION_LABEL,
              scopeLabel: SCOPE_LABEL[answerScope],
              patients: patients.length,
              syntheticPatients: patients.filter((p) => p.synthetic).length,
              asOf,
              quantity: 'lemperle-improvement' as const,
              ...calibration,
              points: [...calibration.points],
            },
            resourceId: null,
          };
        });
      },
    );
  };
}

interface PatientWithPrediction {
  readonly journey: Parameters<typeof calibrateOutcomes>[0][number]['journey'];
  readonly prediction: FollowUpPrediction | null;
  readonly synthetic: boolean;
}

/** The clinic's journeys, each with the prediction of the plan its latest session followed. */
async function clinicPatients(tx: Tx, clinicId: string): Promise<PatientWithPrediction[]> {
  const journeys = await loadClinicJourneys(tx, clinicId);
  const rows = await tx
    .selectFrom('plans')
    .select(['id', 'prediction'])
    .where('clinic_id', '=', clinicId)
    .where('prediction', 'is not', null)
    .execute();
  const byPlan = new Map(rows.map((r) => [r.id, r.prediction as FollowUpPrediction]));
  return journeys.map((journey) => ({
    journey,
    prediction: byPlan.get(latestSessionPlan(journey) ?? '') ?? null,
    synthetic: journey.patient.synthetic === true,
  }));
}

/** The plan of the patient's latest session (the last of the latest day, as recorded). */
function latestSessionPlan(journey: PatientJourney): string | null {
  let latest: { date: string; planId: string } | null = null;
  for (const s of journey.sessions) if (!latest || s.date >= latest.date) latest = s;
  return latest?.planId ?? null;
}

/**
 * The pooled de-identified journeys, each with the prediction research_pool_predictions() gives
 * for its patient (migration 022), matched by patient id inside the server: no id leaves it.
 */
async function pooledPatients(
  tx: Tx,
  secret: string,
  cutoffDate: string,
  withSynthetic: boolean,
): Promise<PatientWithPrediction[]> {
  const pooled = await deidentifiedPool(tx, secret, {
    cutoffDate,
    includeSynthetic: withSynthetic,
  });
  const { rows } = await sql<{ patient_id: string; prediction: FollowUpPrediction }>`
    select patient_id, prediction
    from research_pool_predictions(${cutoffDate}::date, ${withSynthetic})`.execute(tx);
  // Matched by patient id on the server; the answer carries only the pseudonymised journeys.
  const byPatient = new Map(rows.map((r) => [r.patient_id, r.prediction]));
  return pooled.map(({ patientId, journey }) => ({
    journey,
    prediction: byPatient.get(patientId) ?? null,
    synthetic: journey.patient.synthetic === true,
  }));
}
