import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import type { NewConsent } from '../api/types';
import { FormCard } from '../forms/FormCard';
import { SubmitRow } from '../forms/SubmitRow';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { CONSENT_NOUNS, ConsentFields } from './ConsentFields';

const FIELDS = Object.keys(CONSENT_NOUNS);
const inputId = (field: string) => `consent-${field}`;

/** Record a consent: its scope and the day it was given (default the clinic's today). */
export function ConsentForm({ patientId, today }: { patientId: string; today: string }) {
  const [values, setValues] = useState({ scope: '', date: today });
  const problems = useFieldProblems({ nouns: CONSENT_NOUNS, fields: FIELDS, inputId });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (body: NewConsent) =>
      unwrap(
        await api.POST('/api/patients/{id}/consents', {
          params: { path: { id: patientId } },
          body,
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      setValues((v) => ({ ...v, scope: '' }));
      await queryClient.invalidateQueries({ queryKey: recordKeys.consents(patientId) });
    },
    onError: (error) =>
      problems.show(
        error,
        error instanceof ApiError && error.status === 409
          ? 'Not recorded'
          : 'The consent was not recorded',
      ),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A scope not chosen is left out, so the server names it.
    const { scope, date } = values;
    const body = { ...(scope === '' ? {} : { scope }), date } as NewConsent;
    if (!save.isPending) save.mutate(body);
  };
  return (
    <FormCard
      id="consent-form"
      title="Record a consent"
      small
      onSubmit={onSubmit}
      problems={problems}
    >
      <ConsentFields
        values={values}
        onChange={setValues}
        errors={problems.errors}
        inputId={inputId}
      />
      <SubmitRow saving={save.isPending}>Record the consent</SubmitRow>
    </FormCard>
  );
}
