import type { Scale } from '@microcore/core';

/** A scale's grades as a picker's choices ("3: moderately deep wrinkle"), after "Not scored". */
export function scaleChoices(
  scale: Scale,
  none = 'Not scored',
): { value: string; label: string }[] {
  return [
    { value: '', label: none },
    ...scale.grades.map((g) => ({
      value: String(g.value),
      // Satisfaction's middle grades have no words in the sources: the number alone.
      label: /^\d+ of \d+$/.test(g.description) ? String(g.value) : `${g.value}: ${g.description}`,
    })),
  ];
}

/** A picked grade as the body's number, or null when not scored. */
export const gradeOrNull = (value: string): number | null => (value === '' ? null : Number(value));
