import { describe, expect, it } from 'vitest';
import {
  formatDays,
  formatGrades,
  formatNumber,
  formatPercent,
  formatPercentRange,
} from '../src/prediction/format.js';

describe('the prediction’s numbers in the reader’s locale, with units', () => {
  it('formats with the locale and the unit', () => {
    expect(formatNumber(1234.5, 1, 'en-GB')).toBe('1,234.5');
    expect(formatNumber(1234.5, 1, 'de-DE')).toBe('1.234,5');
    expect(formatPercent(0.00734, 2, 'en-GB')).toBe('0.73 %');
    expect(formatPercent(0.00734, 2, 'fr-FR')).toBe('0,73 %');
    expect(formatPercentRange(0.0041, 0.0102, 2, 'en-GB')).toBe('0.41–1.02 %');
    expect(formatGrades(1.13, 1, 'en-GB')).toBe('1.1 grades');
    expect(formatGrades(1, 0, 'en-GB')).toBe('1 grade');
    expect(formatDays(1, 0, 'en-GB')).toBe('1 day');
    expect(formatDays(3.5, 1, 'de-DE')).toBe('3,5 days');
  });
});
