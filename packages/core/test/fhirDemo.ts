import {
  DEFAULT_GAUGE,
  DEFAULT_TEMPLATE,
  type FhirExportContext,
  type PatientJourney,
  syntheticCohort,
} from '../src/index.js';

/**
 * The demo clinic's cohort as the server seeds it (the same seed and size as
 * packages/server/src/demoCohort.ts: DEMO_COHORT_SEED, DEMO_COHORT_PATIENTS), on fixed dates,
 * with the export context the server would give each patient.
 */
export const DEMO_SEED = 20_260_501;
export const DEMO_PATIENTS = 72;
const GENERATED_AT = '2026-06-01T09:30:00Z';

export function demoJourneys(): PatientJourney[] {
  return syntheticCohort({
    seed: DEMO_SEED,
    patients: DEMO_PATIENTS,
    startDate: '2025-03-01',
    cutoffDate: GENERATED_AT.slice(0, 10),
  });
}

export function demoContext(journey: PatientJourney): FhirExportContext {
  const zoneIds = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);
  const planIds = [...new Set([...journey.series, ...journey.sessions].map((r) => r.planId))];
  return {
    plans: planIds.map((id) => ({ id, needleGauge: DEFAULT_GAUGE, zoneIds })),
    clinic: { id: 'demo-clinic', name: 'Demo Skin Clinic' },
    generatedAt: GENERATED_AT,
  };
}
