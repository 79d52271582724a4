import { describe, expect, it } from 'vitest';
import { GAIS_SCALE, LEMPERLE_SCALE, SATISFACTION_SCALE, scaleInWords } from '../src/index.js';

describe('outcome scales', () => {
  it('Lemperle has the whole grades 0–5, each described, with its source', () => {
    expect(LEMPERLE_SCALE.grades.map((g) => g.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(LEMPERLE_SCALE.grades.every((g) => g.description.length > 0)).toBe(true);
    expect(LEMPERLE_SCALE.source).toContain('Lemperle et al., 2001');
  });

  it('GAIS and satisfaction run 1–5, as the API accepts', () => {
    for (const scale of [GAIS_SCALE, SATISFACTION_SCALE])
      expect(scale.grades.map((g) => g.value)).toEqual([1, 2, 3, 4, 5]);
    expect(GAIS_SCALE.grades[0].description).toMatch(/^very much improved/);
    expect(GAIS_SCALE.grades[4].description).toBe('worse');
  });

  it('says a scale in one line', () => {
    expect(scaleInWords(GAIS_SCALE)).toMatch(/^1 very much improved.*, 4 no change, 5 worse$/);
  });
});
