import { defaultSeriesSettings, laxityCategory } from '@microcore/core';

/** The choices the prediction offers, as the selects list them. */
export const predictionChoices = {
  sessions: ['1', '2', '3', '4', '5', '6'].map((v) => ({
    value: v,
    label: `${v} ${v === '1' ? 'session' : 'sessions'}`,
  })),
  intervalWeeks: [4, 6, 8, 10, 12].map((w) => ({ value: String(w), label: `${w} weeks` })),
  lemperle: [
    'no wrinkles',
    'just perceptible',
    'shallow',
    'moderately deep',
    'deep',
    'very deep',
  ].map((words, grade) => ({ value: String(grade), label: `${grade}: ${words}` })),
} as const;

/** The sessions the clinic's series settings give for a laxity grade (0–4 in half steps). */
export function defaultSessions(laxityGrade: number): number {
  const category = laxityCategory(laxityGrade);
  return defaultSeriesSettings().sessionsByLaxity[category === 'none' ? 'mild' : category];
}
