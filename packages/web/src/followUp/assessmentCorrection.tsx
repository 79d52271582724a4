import { fieldWords } from '../corrections/changeWords';
import type { CorrectionSpec } from '../corrections/correctionSpec';
import { formatCalendarDate } from '../format/locale';
import type { Assessment, FollowUp, TreatmentSession } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { AssessmentFields } from './AssessmentFields';
import { type AssessmentValues, assessmentBody, assessmentValuesOf } from './assessmentValues';
import { ASSESSMENT_NOUNS, zoneLabel } from './zones';

const LABELS = {
  followUpId: 'Planned follow-up',
  date: 'Follow-up day',
  sessionId: 'Session followed up',
  lemperleByZone: 'Lemperle by zone',
  gaisInvestigator: 'GAIS, investigator',
  gaisSubject: 'GAIS, patient',
  satisfaction: 'Satisfaction',
  laxityGrade: 'Laxity grade',
  notes: 'Notes',
};

/** What a follow-up assessment brings to the corrections components. */
export function assessmentCorrection(
  followUps: readonly FollowUp[],
  sessions: readonly TreatmentSession[],
): CorrectionSpec<AssessmentValues, Assessment> {
  return {
    valuesOf: assessmentValuesOf,
    toBody: assessmentBody,
    nouns: () => ASSESSMENT_NOUNS,
    fields: (props) => <AssessmentFields {...props} due={followUps} sessions={sessions} />,
    fieldLabel: fieldWords(LABELS),
    valueLabel: (field, value) => {
      if (field === 'followUpId' || field === 'sessionId') {
        const day = [...followUps, ...sessions].find((r) => r.id === value)?.date;
        return day ? formatCalendarDate(day) : undefined;
      }
      if (field === 'laxityGrade' && typeof value === 'number') return laxityLabel(value);
      if (field === 'lemperleByZone' && value && typeof value === 'object')
        return (
          Object.entries(value)
            .map(([zone, grade]) => `${zoneLabel(zone)} ${grade}`)
            .join(', ') || 'none'
        );
      return undefined;
    },
  };
}
