import type { Assessment, AssessmentBody } from '../journey/types';
import { gradeOrNull } from './scaleChoices';

/**
 * A follow-up assessment's fields as typed ('' for not graded), and the body they make; the same
 * values serve recording one and correcting one (filled from the record).
 */
export interface AssessmentValues {
  followUpId: string;
  date: string;
  sessionId: string;
  lemperle: Readonly<Record<string, string>>;
  gaisInvestigator: string;
  gaisSubject: string;
  satisfaction: string;
  laxity: string;
  notes: string;
}

export const emptyAssessment = (date: string, followUpId = ''): AssessmentValues => ({
  followUpId,
  date,
  sessionId: '',
  lemperle: {},
  gaisInvestigator: '',
  gaisSubject: '',
  satisfaction: '',
  laxity: '',
  notes: '',
});

const typed = (grade: number | null) => (grade === null ? '' : String(grade));

export function assessmentValuesOf(a: Assessment): AssessmentValues {
  return {
    followUpId: a.followUpId ?? '',
    date: a.date,
    sessionId: a.sessionId ?? '',
    lemperle: Object.fromEntries(
      Object.entries(a.lemperleByZone).map(([zone, grade]) => [zone, String(grade)]),
    ),
    gaisInvestigator: typed(a.gaisInvestigator),
    gaisSubject: typed(a.gaisSubject),
    satisfaction: typed(a.satisfaction),
    laxity: typed(a.laxityGrade),
    notes: a.notes ?? '',
  };
}

export function assessmentBody(values: AssessmentValues): AssessmentBody {
  return {
    date: values.date,
    followUpId: values.followUpId || null,
    sessionId: values.sessionId || null,
    lemperleByZone: Object.fromEntries(
      Object.entries(values.lemperle)
        .filter(([, grade]) => grade !== '')
        .map(([zone, grade]) => [zone, Number(grade)]),
    ),
    gaisInvestigator: gradeOrNull(values.gaisInvestigator),
    gaisSubject: gradeOrNull(values.gaisSubject),
    satisfaction: gradeOrNull(values.satisfaction),
    laxityGrade: gradeOrNull(values.laxity),
    notes: values.notes.trim() || null,
  };
}
