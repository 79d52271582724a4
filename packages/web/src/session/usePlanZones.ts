import { useQuery } from '@tanstack/react-query';
import { storedPlanQuery } from '../patients/recordQueries';
import { plannedZones } from './planZones';

/** The zones of one of the patient's stored plans, with their planned cores ([] while loading). */
export function usePlanZones(patientId: string, planId: string) {
  const stored = useQuery({ ...storedPlanQuery(patientId, planId), enabled: planId !== '' });
  return { zones: stored.data ? plannedZones(stored.data.plan) : [], pending: stored.isPending };
}
