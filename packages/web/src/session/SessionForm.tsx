import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient, PlanSummary } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, localToday } from '../format/locale';
import { FormCard } from '../forms/FormCard';
import { SavedNote } from '../forms/SavedNote';
import { SubmitRow } from '../forms/SubmitRow';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import type { Series, TreatmentSession } from '../journey/types';
import { recordKeys } from '../patients/recordQueries';
import { SessionFields } from './SessionFields';
import { isZoneDone, type SessionValues, sessionBody, sessionNouns } from './sessionValues';
import { usePlanZones } from './usePlanZones';

const inputId = (field: string) => fieldInputId('session', field);

/** Record a session from its plan: every planned zone done unless unticked, the plan's cores. */
export function SessionForm({
  patient,
  plans,
  series,
  recorded,
  firstPlanId,
}: {
  patient: Patient;
  plans: readonly PlanSummary[];
  series: readonly Series[];
  recorded: readonly TreatmentSession[];
  firstPlanId: string;
}) {
  const { clinic, me } = useAuth();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SessionValues>(() => ({
    planId: firstPlanId,
    seriesId: series.find((s) => s.planId === firstPlanId)?.id ?? '',
    date: clinic?.today ?? localToday(),
    done: {},
    doneByDefault: true,
    cores: {},
    anaesthesia: '',
    operator: me?.email ?? '',
    needle: '',
    notes: '',
    intervalReason: '',
  }));
  const { zones, pending } = usePlanZones(patient.id, values.planId);
  const sent = zones.filter((zone) => isZoneDone(values, zone));
  const nouns = sessionNouns(sent);
  const { save, submit, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/sessions', {
          params: { path: { id: patient.id } },
          body: sessionBody(values, zones),
        }),
      ),
    nouns,
    inputId,
    what: 'The session',
    onSaved: async () => {
      await queryClient.invalidateQueries({ queryKey: recordKeys.sessions(patient.id) });
    },
  });
  return (
    <FormCard
      id="session-form"
      title="The session"
      onSubmit={submit}
      problems={{ errors, other, failure }}
    >
      {save.isSuccess && (
        <SavedNote>Session of {formatCalendarDate(save.data.date)} recorded.</SavedNote>
      )}
      <SessionFields
        values={values}
        onChange={setValues}
        errors={errors}
        inputId={inputId}
        plans={plans}
        series={series}
        zones={zones}
        zonesPending={pending}
        // A struck-out session does not count for the interval rule (nor anywhere else).
        otherDates={recorded.filter((s) => s.recordStatus === 'current').map((s) => s.date)}
      />
      <SubmitRow saving={save.isPending} disabled={patient.archived}>
        Record the session
      </SubmitRow>
    </FormCard>
  );
}
