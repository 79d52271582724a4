/**
 * The grades of the outcome scales a follow-up records, as data with their source
 * (docs/domain.md §6), so a form, a printout and the FHIR code system say the same words.
 */

export interface ScaleGrade {
  readonly value: number;
  readonly description: string;
}

export interface Scale {
  readonly name: string;
  readonly grades: readonly ScaleGrade[];
  readonly source: string;
}

/** Lemperle wrinkle assessment scale: whole grades, each graded against reference photographs. */
export const LEMPERLE_SCALE: Scale = {
  name: 'Lemperle wrinkle assessment scale',
  grades: [
    { value: 0, description: 'no wrinkle' },
    { value: 1, description: 'just perceptible wrinkle' },
    { value: 2, description: 'shallow wrinkle' },
    { value: 3, description: 'moderately deep wrinkle' },
    { value: 4, description: 'deep wrinkle' },
    { value: 5, description: 'very deep wrinkle' },
  ],
  source:
    'HIGH: Lemperle et al., 2001, "A classification of facial wrinkles", Plast Reconstr Surg 108(6):1735–50 (docs/domain.md §6)',
};

/** Global Aesthetic Improvement Scale, five points; rated by the investigator and by the subject. */
export const GAIS_SCALE: Scale = {
  name: 'Global Aesthetic Improvement Scale (GAIS)',
  grades: [
    { value: 1, description: 'very much improved: optimal cosmetic result' },
    { value: 2, description: 'much improved: marked improvement' },
    { value: 3, description: 'improved: obvious improvement' },
    { value: 4, description: 'no change' },
    { value: 5, description: 'worse' },
  ],
  source: 'MED: trial registration NCT04520997 (docs/domain.md §6)',
};

/**
 * Subject satisfaction, 1–5. Only the two ends are named in the sources; the grades between are
 * shown by number, not given words the sources do not use.
 */
export const SATISFACTION_SCALE: Scale = {
  name: 'Subject satisfaction',
  grades: [
    { value: 1, description: 'very dissatisfied' },
    { value: 2, description: '2 of 5' },
    { value: 3, description: '3 of 5' },
    { value: 4, description: '4 of 5' },
    { value: 5, description: 'extremely satisfied' },
  ],
  source:
    'MED: the pooled early studies report "satisfied or extremely satisfied" (docs/domain.md §4)',
};

/** "0 no wrinkle, 1 just perceptible wrinkle, …": a scale's grades in one line. */
export function scaleInWords(scale: Scale): string {
  return scale.grades.map((g) => `${g.value} ${g.description}`).join(', ');
}
