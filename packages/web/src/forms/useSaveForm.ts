import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/problem';
import { plainFieldErrors } from './plainFieldErrors';

/**
 * A form saved through the API, as the patient form does it: nothing is checked before sending;
 * a 422's field errors come back in plain words by field (`errors`), those of fields the form
 * does not have above it (`other`), any other failure as one sentence (`failure`); after a
 * refusal the cursor goes to the first field named, in the form's order (`fieldOrder`).
 */
export function useSaveForm<Body, Result>(options: {
  send: (body: Body) => Promise<Result>;
  /** Field name (as the API names it) → how running text says it. */
  nouns: Readonly<Record<string, string>>;
  /** The input's id of a field, for the focus. */
  inputId: (field: string) => string;
  /** What was being saved, for a failure: "The series was not saved: …". */
  what: string;
  onSaved: (result: Result) => void | Promise<void>;
}) {
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [other, setOther] = useState<readonly string[]>([]);
  const [failure, setFailure] = useState<string>();
  const save = useMutation({
    mutationFn: options.send,
    onSuccess: async (result) => {
      setErrors({});
      setOther([]);
      setFailure(undefined);
      await options.onSaved(result);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 422 && error.problem.errors.length > 0) {
        const plain = plainFieldErrors(error.problem.errors, options.nouns);
        setErrors(plain.byField);
        setOther(plain.other);
        setFailure(undefined);
      } else {
        setErrors({});
        setOther([]);
        setFailure(`${options.what} was not saved: ${error.message}`);
      }
    },
  });
  const { nouns, inputId } = options;
  useEffect(() => {
    const first = Object.keys(nouns).find((field) => errors[field]);
    if (first) document.getElementById(inputId(first))?.focus();
  }, [errors, nouns, inputId]);
  return { save, errors, other, failure };
}

/** An input id for a field name as the API writes it (`zones[0].coresDelivered`). */
export const fieldInputId = (form: string, field: string) =>
  `${form}-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
