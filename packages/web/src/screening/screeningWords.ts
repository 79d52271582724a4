import type { Checklist } from '../journey/types';

/** How the screening form's fields are said in its error messages, by the API's field names. */
export function screeningNouns(checklist: Checklist): Record<string, string> {
  return {
    ...Object.fromEntries(
      checklist.questions.map((q) => [`answers.${q.code}`, `answer to “${q.question}”`]),
    ),
    acknowledgements: 'acknowledgement',
    date: 'screening day',
    plannedTreatmentDate: 'planned treatment day',
  };
}

/** The core's reasons are clauses ("the patient expects…"): shown as sentences. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
