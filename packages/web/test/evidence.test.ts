import { summarizeEvidence, syntheticCohort } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, toCsv } from '../src/evidence/csv';
import { readable, tooWideToRead, withInterval } from '../src/evidence/readable';
import { FIELDS, rangeHint, sampleSizeQuery } from '../src/evidence/sampleSizeFields';
import { linearScale, niceDomain, niceStep } from '../src/evidence/scale';
import {
  adverseEventTable,
  durabilityTable,
  durationTable,
  outcomeTable,
} from '../src/evidence/tables';
import type { EvidenceAnswer } from '../src/evidence/types';

describe('numbers rounded for reading', () => {
  it('rounds grades to 2 decimals, shares to whole percent (1 decimal under 10 %), days to whole days (1 decimal under 10)', () => {
    expect(readable(0.84567, 'grades', 'en-GB')).toBe('0.85');
    expect(readable(-0.1, 'grades', 'en-GB')).toBe('-0.10');
    expect(readable(0.4567, 'share', 'en-GB')).toBe('46%');
    expect(readable(0.0456, 'share', 'en-GB')).toBe('4.6%');
    expect(readable(0, 'share', 'en-GB')).toBe('0%');
    expect(readable(1, 'share', 'en-GB')).toBe('100%');
    expect(readable(3.5, 'days', 'en-GB')).toBe('3.5');
    expect(readable(56.4, 'days', 'en-GB')).toBe('56');
    expect(readable(7, 'days', 'en-GB')).toBe('7');
    expect(readable(1234, 'count', 'en-GB')).toBe('1,234');
    expect(readable(null, 'grades')).toBe('—');
    expect(readable(0.5, 'grades', 'de-DE')).toBe('0,50');
  });

  it('writes an estimate with its interval, and an open upper end as not reached', () => {
    expect(withInterval(0.8, { low: 0.612, high: 1.071 }, 'grades', 'en-GB')).toBe(
      '0.80 (0.61 to 1.07)',
    );
    expect(withInterval(28, { low: 14, high: null }, 'days', 'en-GB')).toBe(
      '28 (14 to not reached)',
    );
  });

  it('calls an interval too wide to read past half the rate scale, two grades or 90 days', () => {
    expect(tooWideToRead({ low: 0.2, high: 0.69 }, 'share')).toBe(false);
    expect(tooWideToRead({ low: 0.207, high: 1 }, 'share')).toBe(true);
    expect(tooWideToRead({ low: -0.5, high: 1.4 }, 'grades')).toBe(false);
    expect(tooWideToRead({ low: -1, high: 1.5 }, 'grades')).toBe(true);
    expect(tooWideToRead({ low: 14, high: null }, 'days')).toBe(true);
    expect(tooWideToRead(null, 'share')).toBe(false);
  });
});

describe('CSV files', () => {
  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('Fitzpatrick I')).toBe('Fitzpatrick I');
    expect(csvField('change, late − early')).toBe('"change, late − early"');
    expect(csvField('the "worst" case')).toBe('"the ""worst"" case"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('keeps full precision, writes a header row and CRLF line ends', () => {
    const csv = toCsv(
      ['group', 'mean (grades)'],
      [
        ['I', 0.1 + 0.2],
        ['II', null],
      ],
    );
    expect(csv).toBe('group,mean (grades)\r\nI,0.30000000000000004\r\nII,\r\n');
    expect(Number(csv.split('\r\n')[1]?.split(',')[1])).toBe(0.1 + 0.2);
  });

  it('names the file by scope, table and day', () => {
    expect(csvFileName('pooled-deidentified', 'outcome-by-fitzpatrick', '2026-09-30')).toBe(
      'evidence-pooled-deidentified-outcome-by-fitzpatrick-2026-09-30.csv',
    );
    expect(csvFileName('Clinic', 'Adverse events!', '2026-12-05')).toBe(
      'evidence-clinic-adverse-events-2026-12-05.csv',
    );
  });
});

describe('chart scales', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(0.43, 5)).toBe(0.1);
    expect(niceStep(180, 5)).toBe(50);
  });

  it('widens the domain to whole ticks that hold every value and zero', () => {
    const { domain, ticks } = niceDomain([0.31, 1.27], [0]);
    expect(domain).toEqual([0, 1.5]);
    expect(ticks).toEqual([0, 0.5, 1, 1.5]);
    expect(niceDomain([0.2, 1], [0]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceDomain([-0.4, 0.9], [0]).domain[0]).toBeLessThanOrEqual(-0.4);
    expect(niceDomain([], [0]).ticks.length).toBeGreaterThan(1);
  });

  it('maps the domain onto the pixels, ends to ends', () => {
    const x = linearScale([0, 2], [100, 500]);
    expect(x(0)).toBe(100);
    expect(x(1)).toBe(300);
    expect(x(2)).toBe(500);
  });
});

describe("the screen's tables, from the API's answer", () => {
  const journeys = syntheticCohort({ seed: 7, patients: 72, startDate: '2024-01-01' });
  const answer = (stratify: 'none' | 'fitzpatrick' | 'sessions'): EvidenceAnswer => ({
    ...summarizeEvidence(journeys, { stratify }),
    scope: 'clinic',
    basis: 'observed-outcomes',
    label: 'Observed outcomes',
    scopeLabel: 'this clinic',
    patients: journeys.length,
    syntheticPatients: journeys.length,
    asOf: null,
  });

  it('gives each Fitzpatrick type a row with its n and the full-precision mean and interval', () => {
    const summary = answer('fitzpatrick');
    const table = outcomeTable(summary, '90d', 'improvement');
    expect(table.rows.map((r) => r[0])).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI']);
    const type3 = summary.strata[2]?.windows.find((w) => w.windowId === '90d');
    expect(table.rows[2]?.slice(3, 7)).toEqual([
      type3?.improvementGrades.n,
      type3?.improvementGrades.mean,
      type3?.improvementGrades.ci95?.low,
      type3?.improvementGrades.ci95?.high,
    ]);
    expect(table.chart[2]?.value).toBe(type3?.improvementGrades.mean);
    expect(table.columns).toHaveLength(table.rows[0]?.length ?? 0);
    const responders = outcomeTable(summary, '90d', 'responders');
    expect(responders.unit).toBe('share');
    expect(responders.chart[2]?.value).toBe(type3?.responders.rate);
  });

  it('lists every adverse-event type (none as 0 of n) and durations only for types with events', () => {
    const summary = answer('none');
    const rates = adverseEventTable(summary);
    expect(rates.rows).toHaveLength(9);
    expect(rates.rows[0]?.[0]).toBe('Any event');
    const hypo = rates.rows.find((r) => String(r[0]).startsWith('Hypopigmentation'));
    expect(hypo?.[1]).toBe(0);
    expect(hypo?.[2]).toBe(summary.patientsTreated);
    const durations = durationTable(summary);
    expect(durations.rows.every((r) => (r[1] as number) > 0)).toBe(true);
    expect(durations.rows.length).toBeLessThan(rates.rows.length);
  });

  it('puts the same patients at 90 days, later, and the change in the durability table', () => {
    const summary = answer('none');
    const d = summary.strata[0]?.durability;
    const table = durabilityTable(summary);
    expect(table.rows.map((r) => r[1])).toEqual([d?.early.n, d?.late.n, d?.change.n]);
    expect(table.rows[2]?.[2]).toBe(d?.change.mean);
  });
});

describe('the sample-size form', () => {
  it('sends each field as typed, leaves out the empty ones, and shows the API’s ranges', () => {
    expect(
      sampleSizeQuery('upper-bound', {
        expectedRate: ' 0,02 ',
        maxUpperBound: '0.1',
        oneSidedAlpha: '',
      }),
    ).toEqual({ design: 'upper-bound', expectedRate: '0.02', maxUpperBound: '0.1' });
    expect(sampleSizeQuery('two-proportions', { rate1: 'abc', rate2: '0.15' })).toEqual({
      design: 'two-proportions',
      rate1: 'abc',
      rate2: '0.15',
    });
    const power = FIELDS['two-proportions'].find((f) => f.name === 'power');
    expect(power && rangeHint(power)).toMatch(/^Between 0\.5 and 0\.99 \(.+\); may be left empty/);
  });
});
