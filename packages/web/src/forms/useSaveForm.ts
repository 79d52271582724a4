import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo } from 'react';
import { useFieldProblems } from './useFieldProblems';

/**
 * A form saved through the API, as the patient form does it: nothing is checked before sending;
 * the refusals are shown as `useFieldProblems` shows them (a 422's field errors by field in
 * plain words, those of fields the form does not have above it, any other failure as one
 * sentence, the cursor to the first field named, in the order of `nouns`).
 */
export function useSaveForm<Body, Result>(options: {
  send: (body: Body) => Promise<Result>;
  /** Field name (as the API names it) → how running text says it; its order is the form's. */
  nouns: Readonly<Record<string, string>>;
  /** The input's id of a field, for the focus. */
  inputId: (field: string) => string;
  /** What was being saved, for a failure: "The series was not saved: …". */
  what: string;
  onSaved: (result: Result) => void | Promise<void>;
}) {
  const { nouns, inputId, what } = options;
  const fields = useMemo(() => Object.keys(nouns), [nouns]);
  const problems = useFieldProblems({ nouns, fields, inputId });
  const save = useMutation({
    mutationFn: options.send,
    onSuccess: async (result) => {
      problems.clear();
      await options.onSaved(result);
    },
    onError: (error) => problems.show(error, `${what} was not saved`),
  });
  /** The form's onSubmit: one save at a time, nothing checked here (the server decides). */
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined as Body);
  };
  return {
    save,
    submit,
    errors: problems.errors,
    other: problems.other,
    failure: problems.failure,
  };
}

/** An input id for a field name as the API writes it (`zones[0].coresDelivered`). */
export const fieldInputId = (form: string, field: string) =>
  `${form}-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
