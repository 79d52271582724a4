import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { NewAdverseEvent, TreatmentSession } from '../api/types';
import { FormCard } from '../forms/FormCard';
import { SubmitRow } from '../forms/SubmitRow';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { AdverseEventFields } from './AdverseEventFields';
import {
  ADVERSE_EVENT_FIELD_NOUNS,
  ADVERSE_EVENT_FIELDS,
  adverseEventBody,
  EMPTY_ADVERSE_EVENT,
} from './adverseEventFormValues';

const inputId = (field: string) => `adverse-event-${field}`;

/** Record an adverse event; the server's refusals are shown beside their fields. */
export function AdverseEventForm({
  patientId,
  sessions,
}: {
  patientId: string;
  sessions: readonly TreatmentSession[];
}) {
  const [values, setValues] = useState(EMPTY_ADVERSE_EVENT);
  const problems = useFieldProblems({
    nouns: ADVERSE_EVENT_FIELD_NOUNS,
    fields: ADVERSE_EVENT_FIELDS,
    inputId,
  });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (body: NewAdverseEvent) =>
      unwrap(
        await api.POST('/api/patients/{id}/adverse-events', {
          params: { path: { id: patientId } },
          body,
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      setValues(EMPTY_ADVERSE_EVENT);
      await queryClient.invalidateQueries({ queryKey: recordKeys.adverseEvents(patientId) });
    },
    onError: (error) => problems.show(error, 'The adverse event was not recorded'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(adverseEventBody(values));
  };
  return (
    <FormCard
      id="adverse-event-form"
      title="Record an adverse event"
      small
      onSubmit={onSubmit}
      problems={problems}
    >
      <AdverseEventFields
        values={values}
        onChange={setValues}
        errors={problems.errors}
        inputId={inputId}
        sessions={sessions}
      />
      <SubmitRow saving={save.isPending}>Record the event</SubmitRow>
    </FormCard>
  );
}
