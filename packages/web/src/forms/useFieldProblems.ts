import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/problem';
import { plainFieldErrors } from './plainFieldErrors';

/**
 * A form's refusals, as the patient form shows them (PatientForm.tsx): each field error of the
 * API's 422 in plain words beside its field, those for fields the form does not have above it,
 * any other failure (a 409, a lost connection) as one sentence; after a refusal the cursor goes
 * to the first field that needs attention (`fields` in the form's order, `inputId` their ids).
 */
export function useFieldProblems(options: {
  nouns: Readonly<Record<string, string>>;
  fields: readonly string[];
  inputId: (field: string) => string;
  /** Rewords one field's plain message when this form needs other words (optional). */
  reword?: (field: string, serverMessage: string) => string | undefined;
}) {
  const { nouns, fields, inputId, reword } = options;
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [other, setOther] = useState<readonly string[]>([]);
  const [failure, setFailure] = useState<string>();

  // Only a new refusal moves the cursor (not a render while the user types).
  const order = useRef({ fields, inputId });
  order.current = { fields, inputId };
  useEffect(() => {
    const first = order.current.fields.find((field) => errors[field]);
    if (first) document.getElementById(order.current.inputId(first))?.focus();
  }, [errors]);

  /** Show why `error` refused the save; `what` starts the sentence of a non-field failure. */
  const show = (error: Error, what: string) => {
    if (error instanceof ApiError && error.status === 422 && error.problem.errors.length > 0) {
      const plain = plainFieldErrors(error.problem.errors, nouns);
      const byField = { ...plain.byField };
      if (reword)
        for (const { field, message } of error.problem.errors) {
          const words = reword(field, message);
          if (words !== undefined && field in byField) byField[field] = words;
        }
      setErrors(byField);
      setOther(plain.other);
      setFailure(undefined);
    } else {
      setErrors({});
      setOther([]);
      setFailure(`${what}: ${error.message}`);
    }
  };

  const clear = () => {
    setErrors({});
    setOther([]);
    setFailure(undefined);
  };

  return { errors, other, failure, show, clear };
}
