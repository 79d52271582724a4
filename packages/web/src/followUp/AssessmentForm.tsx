import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, localToday } from '../format/locale';
import { FormCard } from '../forms/FormCard';
import { SavedNote } from '../forms/SavedNote';
import { SubmitRow } from '../forms/SubmitRow';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import type { FollowUp } from '../journey/types';
import { recordKeys, useSessions } from '../patients/recordQueries';
import { AssessmentFields } from './AssessmentFields';
import { assessmentBody, emptyAssessment } from './assessmentValues';
import { ASSESSMENT_NOUNS } from './zones';

const inputId = (field: string) => fieldInputId('follow-up', field);

/** Record a follow-up on the day, of a planned one (`followUpId`) or not booked ahead. */
export function AssessmentForm({
  patient,
  due,
  followUpId,
}: {
  patient: Patient;
  due: readonly FollowUp[];
  followUpId: string;
}) {
  const { clinic } = useAuth();
  const queryClient = useQueryClient();
  const sessions = useSessions(patient.id);
  const [values, setValues] = useState(() =>
    emptyAssessment(clinic?.today ?? localToday(), followUpId),
  );
  const { save, submit, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/assessments', {
          params: { path: { id: patient.id } },
          body: assessmentBody(values),
        }),
      ),
    nouns: ASSESSMENT_NOUNS,
    inputId,
    what: 'The follow-up',
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: recordKeys.assessments(patient.id) }),
        queryClient.invalidateQueries({ queryKey: recordKeys.followUps(patient.id) }),
      ]);
    },
  });
  return (
    <FormCard
      id="record-follow-up"
      title="Record a follow-up"
      onSubmit={submit}
      problems={{ errors, other, failure }}
    >
      {save.isSuccess && (
        <SavedNote>Follow-up of {formatCalendarDate(save.data.date)} recorded.</SavedNote>
      )}
      <AssessmentFields
        values={values}
        onChange={setValues}
        errors={errors}
        inputId={inputId}
        due={due}
        sessions={sessions.data?.items ?? []}
      />
      <SubmitRow saving={save.isPending} disabled={patient.archived}>
        Record the follow-up
      </SubmitRow>
    </FormCard>
  );
}
