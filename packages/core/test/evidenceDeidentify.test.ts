import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageBand,
  dateShiftDaysOf,
  deidentifyJourneys,
  isMicrocoreError,
  type PatientJourney,
  pseudonymOf,
  summarizeEvidence,
  syntheticCohort,
} from '../src/index.js';

const KEY = 'clinic-secret-0123456789abcdef';
const keyBytes = new TextEncoder().encode(KEY);
const DAY_MS = 86_400_000;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

/** A cohort dressed up with names, contacts, notes and free text that must not come out. */
function identifiable(seed: number, n = 30): PatientJourney[] {
  return syntheticCohort({ seed, patients: n, startDate: '2024-03-04' }).map((j, i) => ({
    ...j,
    patient: {
      ...j.patient,
      givenName: `Gwendolyn${i}x`,
      familyName: `Featherstonehaugh${i}y`,
      email: `gwen${i}@example.org`,
      phone: `+44 20 7946 ${String(1000 + i)}`,
    },
    sessions: j.sessions.map((s) => ({ ...s, notes: `note-about-Gwendolyn${i}x` })),
    assessments: j.assessments.map((a) => ({ ...a, notes: `assessment-note-${i}` })),
    adverseEvents: j.adverseEvents.map((e) => ({ ...e, description: `described-${i}` })),
  }));
}

describe('deidentifyJourneys', () => {
  const originals = identifiable(11);
  const out = deidentifyJourneys(originals, { key: KEY });
  const json = JSON.stringify(out);

  it('leaves out names, contacts, birth dates, ids and free text', () => {
    for (const j of originals) {
      const p = j.patient;
      for (const secret of [p.givenName, p.familyName, p.email, p.phone, p.birthDate, p.id]) {
        expect(json).not.toContain(String(secret));
      }
      for (const record of [...j.sessions, ...j.assessments, ...j.adverseEvents, ...j.screenings]) {
        expect(json).not.toContain(record.id);
      }
      for (const s of j.sessions) expect(json).not.toContain(s.operator);
      expect(json).not.toContain(j.sessions[0].planId);
    }
    expect(json).not.toContain('note');
    expect(json).not.toContain('described');
  });

  it('never leaks a name or birth date, for any names and dates (property)', () => {
    const base = syntheticCohort({ seed: 3, patients: 1, startDate: '2024-01-01' })[0];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][a-z]{5,12}$/),
        fc.stringMatching(/^[A-Z][a-z]{5,12}$/),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2000-12-31'), noInvalidDate: true }),
        (given, family, birth) => {
          const birthDate = birth.toISOString().slice(0, 10);
          const journey = {
            ...base,
            patient: { ...base.patient, givenName: given, familyName: family, birthDate },
          };
          const text = JSON.stringify(deidentifyJourneys([journey], { key: KEY }));
          expect(text).not.toContain(given);
          expect(text).not.toContain(family);
          expect(text).not.toContain(birthDate);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same statistics as the originals', () => {
    for (const stratify of ['none', 'fitzpatrick', 'sessions'] as const) {
      expect(summarizeEvidence(out, { stratify })).toEqual(
        summarizeEvidence(originals, { stratify }),
      );
    }
  });

  it('shifts all of a patient’s dates by one offset of 1–180 days, either way', () => {
    originals.forEach((j, i) => {
      const shift = dateShiftDaysOf(j.patient.id, keyBytes);
      expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(shift)).toBeLessThanOrEqual(180);
      const d = out[i];
      const moved = (from: string[], to: string[]) => to.map((t, k) => dayOf(t) - dayOf(from[k]));
      const all = (n: number) => Array<number>(n).fill(shift);
      expect(
        moved(
          j.sessions.map((s) => s.date),
          d.sessions.map((s) => s.date),
        ),
      ).toEqual(all(j.sessions.length));
      expect(
        moved(
          j.assessments.map((a) => a.date),
          d.assessments.map((a) => a.date),
        ),
      ).toEqual(all(j.assessments.length));
      expect(
        moved(
          j.adverseEvents.map((e) => e.onsetDate),
          d.adverseEvents.map((e) => e.onsetDate),
        ),
      ).toEqual(all(j.adverseEvents.length));
      expect(dayOf(d.screenings[0].date) - dayOf(j.screenings[0].date)).toBe(shift);
    });
    const shifts = new Set(originals.map((j) => dateShiftDaysOf(j.patient.id, keyBytes)));
    expect(shifts.size).toBeGreaterThan(20);
  });

  it('pseudonyms are stable for a key, differ between keys and between patients', () => {
    const again = deidentifyJourneys(originals, { key: KEY });
    expect(again.map((j) => j.patient.pseudonym)).toEqual(out.map((j) => j.patient.pseudonym));
    const other = deidentifyJourneys(originals, { key: 'another-clinic-secret-42' });
    expect(other[0].patient.pseudonym).not.toBe(out[0].patient.pseudonym);
    expect(new Set(out.map((j) => j.patient.pseudonym)).size).toBe(out.length);
    expect(out[0].patient.pseudonym).toBe(pseudonymOf(originals[0].patient.id, keyBytes));
    expect(out[0].patient.pseudonym).toMatch(/^[0-9a-f]{32}$/);
  });

  it('pseudonyms and date shifts are those of earlier exports (pinned values)', () => {
    // Computed with node:crypto's HMAC before the core had its own: stored exports rely on them.
    const longKey = new TextEncoder().encode('k'.repeat(100));
    const pinned: [string, Uint8Array, string, number][] = [
      ['p-1', keyBytes, '3e2f19b99da5bd2a9239d6a6cede50ab', -161],
      ['0b7f3c2e-4d1a-4f5e-9c8b-2a6d1e3f4b5c', keyBytes, '041ada8e8267808509f8659311484f2f', -112],
      ['Zoë-ü-日本', keyBytes, '8e8dc63435f06d49c452bf96f283c077', -105],
      ['p-1', longKey, '9d1ddbd1aefff2bee3bb96fa62ae4e82', -61],
    ];
    for (const [id, key, pseudonym, shiftDays] of pinned) {
      expect(pseudonymOf(id, key)).toBe(pseudonym);
      expect(dateShiftDaysOf(id, key)).toBe(shiftDays);
    }
  });

  it('reads a text key as UTF-8, as node:crypto did', () => {
    const key = 'clé-de-la-clinique-Zoë-日本';
    const journey = originals[0];
    const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
      .update(`pseudonym:${journey.patient.id}`)
      .digest('hex')
      .slice(0, 32);
    expect(deidentifyJourneys([journey], { key })[0].patient.pseudonym).toBe(expected);
  });

  it('bands the age at the first session: 5-year bands, 90+ top-coded', () => {
    expect(ageBand(25)).toBe('25-29');
    expect(ageBand(29)).toBe('25-29');
    expect(ageBand(89)).toBe('85-89');
    expect(ageBand(90)).toBe('90+');
    expect(ageBand(103)).toBe('90+');
    const j = { ...originals[0], patient: { ...originals[0].patient, birthDate: '1950-06-15' } };
    const first = j.sessions[0].date;
    const age = Number(first.slice(0, 4)) - 1950 - (first.slice(5) < '06-15' ? 1 : 0);
    expect(deidentifyJourneys([j], { key: KEY })[0].patient.ageBand).toBe(ageBand(age));
    const old = { ...j, patient: { ...j.patient, birthDate: '1920-01-01' } };
    expect(deidentifyJourneys([old], { key: KEY })[0].patient.ageBand).toBe('90+');
  });

  it('refuses a short key', () => {
    try {
      deidentifyJourneys(originals, { key: 'short' });
      expect.unreachable();
    } catch (e) {
      expect(isMicrocoreError(e) && e.code === 'deidentify.invalid-key' && e.field).toBe('key');
    }
  });
});
