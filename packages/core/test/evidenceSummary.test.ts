import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AdverseEventRecord,
  type AssessmentRecord,
  aggregateEvidence,
  DEFAULT_WINDOWS,
  type EvidenceJourney,
  evidenceContribution,
  type FitzpatrickType,
  isMicrocoreError,
  summarizeEvidence,
  syntheticCohort,
} from '../src/index.js';

type Assessment = Pick<
  AssessmentRecord,
  'date' | 'lemperleByZone' | 'gaisInvestigator' | 'gaisSubject' | 'satisfaction'
>;

const ZONES = [
  { zoneId: 'cheek-left', coresDelivered: 500 },
  { zoneId: 'cheek-right', coresDelivered: 500 },
];

function journey(
  fitzpatrickType: FitzpatrickType,
  sessionDates: string[],
  assessments: Assessment[],
  adverseEvents: Pick<AdverseEventRecord, 'type' | 'onsetDate' | 'resolutionDate'>[] = [],
): EvidenceJourney {
  return {
    patient: { fitzpatrickType },
    sessions: sessionDates.map((date) => ({ date, zones: ZONES })),
    assessments,
    adverseEvents,
  };
}

const grade = (left: number, right: number) => ({ 'cheek-left': left, 'cheek-right': right });

// Three patients, one session on 2025-01-10 (two for C), baseline 3/3 unless said.
const A = journey(
  2,
  ['2025-01-10'],
  [
    { date: '2024-12-01', lemperleByZone: grade(4, 4) }, // an older baseline, superseded
    { date: '2025-01-10', lemperleByZone: grade(3, 3) },
    // 90 days: 2025-04-10; nearest-to-target among two in the window counts.
    { date: '2025-03-20', lemperleByZone: grade(3, 3), gaisInvestigator: 4 },
    {
      date: '2025-04-10',
      lemperleByZone: grade(2, 1),
      gaisInvestigator: 2,
      gaisSubject: 3,
      satisfaction: 5,
    },
    { date: '2025-07-09', lemperleByZone: grade(2, 2), gaisInvestigator: 3, satisfaction: 4 },
  ],
  [
    { type: 'erythema', onsetDate: '2025-01-10', resolutionDate: '2025-01-13' },
    { type: 'erythema', onsetDate: '2025-01-10', resolutionDate: '2025-01-15' },
  ],
);
const B = journey(
  2,
  ['2025-01-10'],
  [
    { date: '2025-01-05', lemperleByZone: grade(3, 3) },
    {
      date: '2025-04-20',
      lemperleByZone: grade(3, 2.5),
      gaisInvestigator: 4,
      gaisSubject: 4,
      satisfaction: 3,
    },
    { date: '2025-07-20', lemperleByZone: grade(3, 3) },
  ],
  [{ type: 'hyperpigmentation', onsetDate: '2025-02-01', resolutionDate: null }],
);
const C = journey(
  5,
  ['2025-01-10', '2025-03-01'],
  [
    { date: '2025-01-10', lemperleByZone: grade(4, 4) },
    // Between the sessions: an interim visit, in no window.
    { date: '2025-02-20', lemperleByZone: grade(1, 1) },
    { date: '2025-05-30', lemperleByZone: grade(2, 2), gaisInvestigator: 1 },
  ],
  [{ type: 'erythema', onsetDate: '2025-03-01', resolutionDate: '2025-03-05' }],
);
const untreated = journey(3, [], [{ date: '2025-01-01', lemperleByZone: grade(3, 3) }]);

function window(summary: ReturnType<typeof summarizeEvidence>, stratum: string, id: string) {
  const s = summary.strata.find((x) => x.key === stratum);
  const w = s?.windows.find((x) => x.windowId === id);
  if (!w) throw new Error(`no ${stratum}/${id}`);
  return w;
}

function finiteOrNull(value: unknown, path = '$'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) finiteOrNull(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) finiteOrNull(v, `${path}.${k}`);
  }
}

describe('summarizeEvidence', () => {
  const all = summarizeEvidence([A, B, C, untreated]);

  it('counts treated patients and leaves the untreated out', () => {
    expect(all.patientsTreated).toBe(3);
    expect(all.patientsNotTreated).toBe(1);
    expect(all.strata.map((s) => s.key)).toEqual(['all']);
  });

  it('reports improvement (baseline − follow-up, positive = better) at 90 days', () => {
    const w = window(all, 'all', '90d');
    // A: 3→(2,1) = 1.5; B: 3→(3,2.5) = 0.25; C: 4→2 = 2 (day 90 after its LAST session).
    expect(w.patientsAssessed).toBe(3);
    expect(w.improvementGrades.n).toBe(3);
    expect(w.improvementGrades.mean).toBeCloseTo((1.5 + 0.25 + 2) / 3, 12);
    expect(w.improvementGrades.ci95).not.toBeNull();
    expect(w.responders).toMatchObject({ n: 3, count: 2 });
    expect(w.gaisInvestigatorImproved).toMatchObject({ n: 3, count: 2 });
    expect(w.gaisSubjectImproved).toMatchObject({ n: 2, count: 1 });
    expect(w.satisfied).toMatchObject({ n: 2, count: 1 });
  });

  it('ignores visits between sessions and shows empty windows as n = 0 with nulls', () => {
    const early = window(all, 'all', 'early');
    expect(early.patientsAssessed).toBe(0);
    expect(early.improvementGrades).toEqual({ n: 0, mean: null, sd: null, ci95: null });
    expect(early.responders.rate).toBeNull();
  });

  it('compares the same patients at 90 and 180 days', () => {
    const d = all.strata[0].durability;
    // A: 1.5 → 1; B: 0.25 → 0 (C has no late visit).
    expect(d.change.n).toBe(2);
    expect(d.early.mean).toBeCloseTo(0.875, 12);
    expect(d.late.mean).toBeCloseTo(0.5, 12);
    expect(d.change.mean).toBeCloseTo(-0.375, 12);
    expect(d.change.ci95).not.toBeNull();
  });

  it('gives adverse-event rates per patient and durations per event', () => {
    const byType = Object.fromEntries(all.strata[0].adverseEvents.map((a) => [a.type, a]));
    expect(byType.any.patients).toMatchObject({ n: 3, count: 3 });
    expect(byType.erythema.patients).toMatchObject({ n: 3, count: 2, rate: 2 / 3 });
    expect(byType.erythema.events).toBe(3);
    // 3, 5 and 4 days, none open: the Kaplan–Meier median is the sample median.
    expect(byType.erythema.durationDays).toMatchObject({
      median: 4,
      resolved: 3,
      open: 0,
      longestObservedDays: 5,
      longestIsOpen: false,
    });
    // Open since 2025-02-01; B was last seen 2025-07-20: lasted at least 169 days, median unknown.
    expect(byType.hyperpigmentation).toMatchObject({
      events: 1,
      resolvedEvents: 0,
      unresolvedEvents: 1,
    });
    expect(byType.hyperpigmentation.durationDays).toMatchObject({
      median: null,
      ci95: null,
      longestObservedDays: 169,
      longestIsOpen: true,
    });
    expect(byType.scarring.patients).toMatchObject({ n: 3, count: 0, rate: 0 });
    expect(byType.scarring.patients.ci95?.low).toBe(0);
  });

  it('stratifies by Fitzpatrick type, every type present, small strata without intervals', () => {
    const f = summarizeEvidence([A, B, C], { stratify: 'fitzpatrick' });
    expect(f.strata.map((s) => s.key)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI']);
    expect(f.strata.map((s) => s.patientsTreated)).toEqual([0, 2, 0, 0, 1, 0]);
    const v = window(f, 'V', '90d');
    expect(v.improvementGrades).toMatchObject({ n: 1, mean: 2, sd: null, ci95: null });
    finiteOrNull(f);
  });

  it('stratifies by sessions done', () => {
    const s = summarizeEvidence([A, B, C], { stratify: 'sessions' });
    expect(s.strata.map((x) => [x.key, x.patientsTreated])).toEqual([
      ['1', 2],
      ['2', 1],
      ['3+', 0],
    ]);
  });

  it('counts a patient with sessions still booked as mid-series: no result yet, events yes', () => {
    // One of three booked sessions done; a visit 90 days later is interim, not a result.
    const D: EvidenceJourney = {
      ...journey(
        3,
        ['2025-01-10'],
        [
          { date: '2025-01-10', lemperleByZone: grade(3, 3) },
          { date: '2025-04-10', lemperleByZone: grade(2, 2), gaisInvestigator: 3 },
        ],
        [{ type: 'erythema', onsetDate: '2025-01-10', resolutionDate: '2025-01-14' }],
      ),
      series: [
        { startDate: '2025-01-10', sessionDates: ['2025-01-10', '2025-04-01', '2025-05-15'] },
      ],
    };
    const withD = summarizeEvidence([A, B, C, D], { asOf: '2025-04-20' }).strata[0];
    expect(withD).toMatchObject({
      patientsTreated: 4,
      patientsComplete: 3,
      patientsMidSeries: 1,
      patientsStoppedEarly: 0,
    });
    expect(window({ strata: [withD] } as never, 'all', '90d').patientsAssessed).toBe(3);
    expect(withD.adverseEvents.find((a) => a.type === 'erythema')?.patients.count).toBe(3);
    // The second session now 91 days overdue: the series stopped, the visit is a result.
    const later = summarizeEvidence([D], { asOf: '2025-07-01' }).strata[0];
    expect(later).toMatchObject({ patientsMidSeries: 0, patientsStoppedEarly: 1 });
    expect(window({ strata: [later] } as never, 'all', '90d').improvementGrades.mean).toBe(1);
    // Without asOf, only the patient's own later visits tell: mid-series.
    expect(summarizeEvidence([D]).strata[0].patientsMidSeries).toBe(1);
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
    finiteOrNull(all);
  });

  it('accepts custom windows and rejects bad ones, naming the field', () => {
    const custom = summarizeEvidence([A], {
      windows: [{ id: 'any', label: 'any time', fromDays: 0, toDays: null, targetDays: 90 }],
    });
    expect(custom.strata[0].windows[0].improvementGrades.mean).toBeCloseTo(1.5, 12);
    const bad = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return isMicrocoreError(e) ? `${e.code} ${e.field}` : 'other';
      }
      return 'none';
    };
    expect(
      bad(() =>
        summarizeEvidence([A], {
          windows: [{ id: 'w', label: 'w', fromDays: 10, toDays: 5, targetDays: 7 }],
        }),
      ),
    ).toBe('evidence.invalid-input windows[0].toDays');
    expect(bad(() => summarizeEvidence([A], { stratify: 'age' as unknown as 'none' }))).toBe(
      'evidence.invalid-input stratify',
    );
    expect(bad(() => summarizeEvidence([journey(1, ['2025-02-30'], [])]))).toBe(
      'evidence.invalid-date sessions.date',
    );
  });
});

describe('summarizeEvidence on any small cohort (property)', () => {
  it('has only finite numbers or nulls, intervals that hold their estimate, n that add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('none', 'fitzpatrick', 'sessions' as const),
        (seed, patients, stratify) => {
          const cohort = syntheticCohort({ seed, patients, startDate: '2025-01-06' });
          const summary = summarizeEvidence(cohort, { stratify });
          finiteOrNull(summary);
          expect(summary.strata.reduce((a, s) => a + s.patientsTreated, 0)).toBe(patients);
          for (const stratum of summary.strata) {
            for (const w of stratum.windows) {
              const m = w.improvementGrades;
              expect(m.ci95 === null).toBe(m.n < 2);
              if (m.ci95 && m.mean !== null) {
                expect(m.ci95.low).toBeLessThanOrEqual(m.mean);
                expect(m.ci95.high).toBeGreaterThanOrEqual(m.mean);
              }
              for (const p of [w.responders, w.gaisInvestigatorImproved, w.satisfied]) {
                expect(p.n).toBeLessThanOrEqual(w.patientsAssessed);
                if (p.ci95 && p.rate !== null) {
                  expect(p.ci95.low).toBeLessThanOrEqual(p.rate);
                  expect(p.ci95.high).toBeGreaterThanOrEqual(p.rate);
                }
              }
            }
            for (const a of stratum.adverseEvents)
              expect(a.patients.n).toBe(stratum.patientsTreated);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the summary as the aggregate of per-patient contributions', () => {
  it('stored as JSON and aggregated on any later day, gives what summarizeEvidence gives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('none', 'fitzpatrick', 'sessions' as const),
        // From before the cohort's first session to well after its last visit.
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 30, max: 400 }),
        (seed, patients, stratify, daysLater, cutoffDays) => {
          // Cut off part-way: some series still booked, some events open.
          const cutoffDate = new Date(Date.UTC(2025, 0, 6 + cutoffDays)).toISOString().slice(0, 10);
          const cohort = syntheticCohort({ seed, patients, startDate: '2025-01-06', cutoffDate });
          // Computed once, kept as a server keeps them, read back on another day.
          const stored = JSON.parse(
            JSON.stringify(cohort.map((j) => evidenceContribution(j, DEFAULT_WINDOWS))),
          );
          const asOf = new Date(Date.UTC(2025, 0, 6 + daysLater)).toISOString().slice(0, 10);
          expect(aggregateEvidence(stored, { stratify, asOf })).toEqual(
            summarizeEvidence(cohort, { stratify, asOf }),
          );
          expect(aggregateEvidence(stored, { stratify })).toEqual(
            summarizeEvidence(cohort, { stratify }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a series still booked turns stopped the day after it is SERIES_OVERDUE_DAYS overdue', () => {
    const booked: EvidenceJourney = {
      ...journey(3, ['2025-01-10'], [{ date: '2025-01-10', lemperleByZone: grade(3, 3) }]),
      series: [{ startDate: '2025-01-10', sessionDates: ['2025-01-10', '2025-04-01'] }],
    };
    const stored = [evidenceContribution(booked, DEFAULT_WINDOWS)];
    // 2025-04-01 + 90 days = 2025-06-30.
    expect(aggregateEvidence(stored, { asOf: '2025-06-30' }).strata[0]).toMatchObject({
      patientsMidSeries: 1,
      patientsStoppedEarly: 0,
    });
    expect(aggregateEvidence(stored, { asOf: '2025-07-01' }).strata[0]).toMatchObject({
      patientsMidSeries: 0,
      patientsStoppedEarly: 1,
    });
  });

  it('counts a patient without a session as not treated, with nothing else', () => {
    const untreated = journey(2, [], [{ date: '2025-01-10', lemperleByZone: grade(3, 3) }]);
    const contribution = evidenceContribution(untreated, DEFAULT_WINDOWS);
    expect(contribution).toEqual({ fitzpatrickType: 2, course: null, adverseEvents: [] });
    expect(aggregateEvidence([contribution])).toMatchObject({
      patientsTreated: 0,
      patientsNotTreated: 1,
    });
  });
});
