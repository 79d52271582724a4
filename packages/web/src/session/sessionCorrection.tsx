import type { QueryClient } from '@tanstack/react-query';
import type { PlanSummary } from '../api/types';
import { fieldWords } from '../corrections/changeWords';
import type { CorrectionSpec } from '../corrections/correctionSpec';
import { formatCalendarDate, formatDateTime, formatNumber } from '../format/locale';
import type { FieldsProps } from '../forms/fieldsProps';
import type { Series, TreatmentSession } from '../journey/types';
import { storedPlanQuery } from '../patients/recordQueries';
import { anaesthesiaLabel } from './anaesthesia';
import { type PlannedZone, plannedZones } from './planZones';
import { SessionFields } from './SessionFields';
import {
  isZoneDone,
  type SessionValues,
  sessionBody,
  sessionNouns,
  sessionValuesOf,
} from './sessionValues';
import { usePlanZones } from './usePlanZones';

const LABELS = {
  planId: 'Plan',
  seriesId: 'Series',
  date: 'Session day',
  zones: 'Zones (cores delivered)',
  anaesthesia: 'Anaesthesia',
  operator: 'Operator',
  needleGauge: 'Needle gauge',
  notes: 'Notes',
  intervalReason: 'Reason for a shorter interval',
};

interface Context {
  patientId: string;
  plans: readonly PlanSummary[];
  series: readonly Series[];
  sessions: readonly TreatmentSession[];
}

/**
 * The zones a session's body lists: the plan's (in its order, as the form shows them) once it is
 * loaded; before, the zones the values name, so a correction never drops a recorded zone.
 */
function zonesOf(queryClient: QueryClient, patientId: string, values: SessionValues) {
  const stored = queryClient.getQueryData(storedPlanQuery(patientId, values.planId).queryKey);
  if (stored) return plannedZones(stored.plan);
  return Object.keys(values.done).map(
    (id): PlannedZone => ({ id, label: id, coresPlanned: undefined }),
  );
}

/** A session's fields in a correction: the other sessions' days for the interval rule. */
function CorrectionFields(props: FieldsProps<SessionValues> & Context & { recordId: string }) {
  const { zones, pending } = usePlanZones(props.patientId, props.values.planId);
  return (
    <SessionFields
      {...props}
      zones={zones}
      zonesPending={pending}
      otherDates={props.sessions
        .filter((s) => s.id !== props.recordId && s.recordStatus === 'current')
        .map((s) => s.date)}
    />
  );
}

/** What a session brings to the corrections components (corrections/correctionSpec.ts). */
export function sessionCorrection(
  queryClient: QueryClient,
  context: Context,
  recordId: string,
): CorrectionSpec<SessionValues, TreatmentSession> {
  const { patientId, plans, series } = context;
  return {
    valuesOf: sessionValuesOf,
    toBody: (values) => sessionBody(values, zonesOf(queryClient, patientId, values)),
    nouns: (values) =>
      sessionNouns(zonesOf(queryClient, patientId, values).filter((z) => isZoneDone(values, z))),
    fields: (props) => <CorrectionFields {...props} {...context} recordId={recordId} />,
    fieldLabel: fieldWords(LABELS),
    valueLabel: (field, value) => {
      if (field === 'anaesthesia' && typeof value === 'string') return anaesthesiaLabel(value);
      if (field === 'planId') {
        const plan = plans.find((p) => p.id === value);
        return plan ? `Plan of ${formatDateTime(plan.createdAt)} (${plan.needle})` : undefined;
      }
      if (field === 'seriesId') {
        const booked = series.find((s) => s.id === value);
        return booked ? `From ${formatCalendarDate(booked.startDate)}` : undefined;
      }
      if (field === 'zones' && Array.isArray(value))
        return value
          .map(
            (z: { zoneId: string; coresDelivered: number }) =>
              `${z.zoneId} (${formatNumber(z.coresDelivered)})`,
          )
          .join(', ');
      return undefined;
    },
  };
}
