import { everyOf } from '../api/everyOf';
import type { NewPatient } from '../api/types';
import { formatNumber } from '../format/locale';

/** The words the patient screens use for the API's codes. */

export type Sex = NewPatient['sex'];
export const SEXES = everyOf<Sex>()(['female', 'male', 'other', 'unknown']);

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const sexLabel = (sex: string): string => (SEX_LABELS as Record<string, string>)[sex] ?? sex;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

/** Fitzpatrick skin type 1–6 as clinicians write it: "Type III". */
export const fitzpatrickLabel = (type: number): string => `Type ${ROMAN[type - 1] ?? type}`;

export const FITZPATRICK_TYPES = [1, 2, 3, 4, 5, 6] as const;

/** What each type means (Fitzpatrick 1988), for the form's choices. */
export const FITZPATRICK_HINTS: Record<number, string> = {
  1: 'always burns, never tans',
  2: 'usually burns, tans minimally',
  3: 'sometimes burns, tans gradually',
  4: 'burns minimally, always tans well',
  5: 'very rarely burns, tans very easily',
  6: 'never burns',
};

/** Alexiades-Armenakas laxity grades, 0–4 in half steps. */
export const LAXITY_GRADES = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4] as const;

export const laxityLabel = (grade: number, locale?: string): string =>
  formatNumber(grade, { minimumFractionDigits: 0, maximumFractionDigits: 1 }, locale);

export const DECISION_LABELS: Record<string, string> = {
  eligible: 'Eligible',
  'eligible-with-warnings': 'Eligible, with warnings',
  'not-eligible': 'Not eligible',
  refer: 'Refer elsewhere',
};

export const decisionLabel = (decision: string): string => DECISION_LABELS[decision] ?? decision;

/**
 * The badge of a screening decision: background and text, each pair above 4.5:1 (WCAG AA);
 * Mantine's light badges are not, in teal, yellow or red.
 */
export const DECISION_BADGES: Record<string, { color: string; text: string }> = {
  eligible: { color: 'teal.9', text: 'white' },
  'eligible-with-warnings': { color: 'yellow.3', text: 'dark.9' },
  'not-eligible': { color: 'red.9', text: 'white' },
  refer: { color: 'grape.9', text: 'white' },
};
