import { describe, expect, it } from 'vitest';
import {
  adverseEventBody,
  adverseEventValuesOf,
} from '../src/adverseEvents/adverseEventFormValues';
import type { AdverseEvent } from '../src/api/types';
import { changedFields } from '../src/corrections/changedFields';
import { changeWords, fieldWords, valueWords } from '../src/corrections/changeWords';
import { correctionNouns, withoutChangesPrefix } from '../src/corrections/conflict';
import { mergeEdits } from '../src/corrections/mergeEdits';
import { describeHistory, recordFields, versionDiff } from '../src/corrections/versionDiff';
import { assessmentBody, assessmentValuesOf } from '../src/followUp/assessmentValues';
import type { Assessment, TreatmentSession } from '../src/journey/types';
import { sessionBody, sessionValuesOf } from '../src/session/sessionValues';

const SESSION: TreatmentSession = {
  id: 's1',
  patientId: 'p1',
  planId: 'plan1',
  seriesId: null,
  date: '2027-01-04',
  operator: 'clinician@demo.clinic',
  needleGauge: '23G',
  zones: [{ zoneId: 'submental', coresDelivered: 40 }],
  anaesthesia: 'topical',
  notes: null,
  intervalReason: null,
  delivery: null,
  createdAt: '2027-01-04T10:00:00.000Z',
  version: 1,
  recordStatus: 'current',
};
const PLAN_ZONES = [
  { id: 'submental', label: 'Submental', coresPlanned: 40 },
  { id: 'jawline-left', label: 'Left jawline', coresPlanned: 30 },
];

describe('a correction sends only the fields that changed', () => {
  it('nothing typed differs: nothing to send', () => {
    const values = sessionValuesOf(SESSION);
    expect(changedFields(sessionBody(values, PLAN_ZONES), sessionBody(values, PLAN_ZONES))).toEqual(
      {},
    );
  });

  it('a session filled from its record makes the body it was recorded with', () => {
    expect(sessionBody(sessionValuesOf(SESSION), PLAN_ZONES)).toEqual({
      planId: 'plan1',
      date: '2027-01-04',
      zones: [{ zoneId: 'submental', coresDelivered: 40 }],
      anaesthesia: 'topical',
      operator: 'clinician@demo.clinic',
      needleGauge: '23G',
      notes: null,
      intervalReason: null,
    });
  });

  it('a changed count of cores sends the zones as a whole list, and nothing else', () => {
    const before = sessionValuesOf(SESSION);
    const after = { ...before, cores: { submental: 35 } };
    expect(changedFields(sessionBody(before, PLAN_ZONES), sessionBody(after, PLAN_ZONES))).toEqual({
      zones: [{ zoneId: 'submental', coresDelivered: 35 }],
    });
  });

  it('a zone ticked that was not done joins the list with the plan’s cores, in the plan’s order', () => {
    const before = sessionValuesOf(SESSION);
    const after = { ...before, done: { ...before.done, 'jawline-left': true } };
    expect(changedFields(sessionBody(before, PLAN_ZONES), sessionBody(after, PLAN_ZONES))).toEqual({
      zones: [
        { zoneId: 'submental', coresDelivered: 40 },
        { zoneId: 'jawline-left', coresDelivered: 30 },
      ],
    });
  });

  it('notes typed and then emptied again send nothing; a note written sends it', () => {
    const before = sessionValuesOf(SESSION);
    expect(
      changedFields(sessionBody(before, []), sessionBody({ ...before, notes: '  ' }, [])),
    ).toEqual({});
    expect(
      changedFields(sessionBody(before, []), sessionBody({ ...before, notes: ' sore ' }, [])),
    ).toEqual({ notes: 'sore' });
  });

  it('a choice cleared is left out, not sent as empty (the API keeps what it has)', () => {
    expect(changedFields({ anaesthesia: 'topical', date: 'a' }, { date: 'b' })).toEqual({
      date: 'b',
    });
  });

  it('objects compare by content whatever their key order', () => {
    expect(
      changedFields(
        { lemperleByZone: { forehead: 3, submental: 2 } },
        { lemperleByZone: { submental: 2, forehead: 3 } },
      ),
    ).toEqual({});
  });

  it('a follow-up round-trips through its form, and one grade changed sends the grades whole', () => {
    const assessment: Assessment = {
      id: 'a1',
      patientId: 'p1',
      sessionId: null,
      followUpId: null,
      date: '2027-04-04',
      lemperleByZone: { forehead: 3, submental: 2 },
      gaisInvestigator: 2,
      gaisSubject: null,
      satisfaction: 4,
      laxityGrade: 1.5,
      notes: null,
      createdAt: '2027-04-04T10:00:00.000Z',
      version: 1,
      recordStatus: 'current',
    } as Assessment;
    const values = assessmentValuesOf(assessment);
    const edited = { ...values, lemperle: { ...values.lemperle, forehead: '2' } };
    expect(changedFields(assessmentBody(values), assessmentBody(edited))).toEqual({
      lemperleByZone: { forehead: 2, submental: 2 },
    });
  });

  it('an adverse event round-trips through its form', () => {
    const event = {
      id: 'e1',
      patientId: 'p1',
      sessionId: null,
      type: 'erythema',
      description: null,
      onsetDate: '2027-01-05',
      resolutionDate: null,
      severity: 'mild',
      relatedness: 'probable',
      createdAt: '2027-01-05T10:00:00.000Z',
      version: 1,
      recordStatus: 'current',
    } as unknown as AdverseEvent;
    const body = adverseEventBody(adverseEventValuesOf(event));
    expect(body).toMatchObject({ type: 'erythema', onsetDate: '2027-01-05', severity: 'mild' });
    expect(
      changedFields(body, adverseEventBody({ ...adverseEventValuesOf(event), severity: 'severe' })),
    ).toEqual({ severity: 'severe' });
  });
});

describe('a version described against the one before', () => {
  const v1 = { id: 'x', version: 1, recordStatus: 'current', date: '2027-01-04', notes: null };
  const v2 = { ...v1, version: 2, date: '2027-01-05', notes: 'moved' };
  const v3 = { ...v2, version: 3, recordStatus: 'entered-in-error' };
  const version = (record: Record<string, unknown>, change: string, reason: string | null) => ({
    version: record.version as number,
    recordStatus: record.recordStatus as 'current' | 'entered-in-error',
    change,
    reason,
    changedBy: 'u1',
    changedAt: '2027-01-06T09:00:00.000Z',
    record,
  });

  it('names each field that changed with its value before and after, bookkeeping left out', () => {
    expect(versionDiff(v1, v2)).toEqual([
      { field: 'date', before: '2027-01-04', after: '2027-01-05' },
      { field: 'notes', before: null, after: 'moved' },
    ]);
  });

  it('the original has no changes; each later version has its own; a strike-out changes no field', () => {
    const history = describeHistory([
      version(v1, 'created', null),
      version(v2, 'corrected', 'wrong day'),
      version(v3, 'entered-in-error', 'wrong patient'),
    ]);
    expect(history.map((v) => v.changes.map((c) => c.field))).toEqual([[], ['date', 'notes'], []]);
    expect(history[2]).toMatchObject({ reason: 'wrong patient', recordStatus: 'entered-in-error' });
  });

  it('the original is shown whole, without the bookkeeping', () => {
    expect(recordFields(v1)).toEqual([
      ['date', '2027-01-04'],
      ['notes', null],
    ]);
  });

  it('values and changes in words', () => {
    expect(valueWords(null)).toBe('—');
    expect(valueWords('2027-01-04', 'en-GB')).toBe('4 Jan 2027');
    expect(valueWords(1234.5, 'en-GB')).toBe('1,234.5');
    expect(valueWords({ forehead: 3 }, 'en-GB')).toBe('forehead 3');
    expect(valueWords([], 'en-GB')).toBe('none');
    expect(changeWords('entered-in-error')).toBe('Struck out as entered in error');
    expect(fieldWords({ date: 'Session day' })('date')).toBe('Session day');
    expect(fieldWords({})('needleGauge')).toBe('Needle gauge');
  });
});

describe('a correction’s refusals beside the form’s own fields', () => {
  it('the API names `changes.<field>`; the fields know `<field>`', () => {
    expect(withoutChangesPrefix({ 'changes.date': 'Too late.', reason: 'Enter it.' })).toEqual({
      date: 'Too late.',
      reason: 'Enter it.',
    });
    expect(correctionNouns({ date: 'session day' }, 'reason')).toEqual({
      'changes.date': 'session day',
      reason: 'reason',
    });
  });
});

describe('after a 409, the current version with what the user typed on top', () => {
  it('keeps each field the user edited and takes the others from the current version', () => {
    const read = { operator: 'a', notes: '', cores: { submental: 100 } };
    const typed = { operator: 'a', notes: '', cores: { submental: 90 } };
    const current = { operator: 'Dr Hopper', notes: 'seen', cores: { submental: 100 } };
    expect(mergeEdits(read, typed, current)).toEqual({
      operator: 'Dr Hopper',
      notes: 'seen',
      cores: { submental: 90 },
    });
  });

  it('a field both changed keeps the user’s value (the note above says the other change)', () => {
    expect(mergeEdits({ date: '1' }, { date: '2' }, { date: '3' })).toEqual({ date: '2' });
  });
});
