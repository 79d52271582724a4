import type {
  AdverseEvent,
  Assessment,
  Consent,
  Photo,
  PlanSummary,
  Screening,
  Series,
  TreatmentSession,
} from '../api/types';
import type { CorrectableKind } from '../corrections/kinds';
import type { FollowUp } from '../journey/types';

/**
 * A patient's records in one list, in date order, and the next date due (docs/web.md, "Patient
 * timeline"). Pure: the screen passes what the API answered and the clinic's today.
 *
 * Each record is placed on its clinical day: a screening, session, follow-up or consent on its
 * date, an adverse event on its onset (its resolution is an entry of its own, as is a consent's
 * withdrawal), a photo on the day it was taken, a plan and a series booking on the clinic's day
 * they were saved. A series' booked sessions and its assessment are entries too until they are
 * recorded: the first k booked sessions count as recorded when k sessions were recorded in that
 * series (a session moved by a few days still counts), the assessment once a follow-up is
 * recorded on or after its booked day. A planned follow-up is an entry while it is due (once an
 * assessment records it, that assessment is the entry; one struck out gives the booking back).
 *
 * A record struck out as entered in error stays in its place, marked (`standing`), and counts for
 * nothing: a struck-out session does not record a booked one, nor a struck-out follow-up the
 * series' assessment. A corrected record is shown as it now reads (the lists answer the current
 * version), marked as corrected.
 *
 * Order: by day; on the same day by the clinical flow (consent, screening, plan, booking, photo,
 * session, follow-up, adverse event, resolution, withdrawal), then by the time it was recorded,
 * then by id, so the order never depends on how the lists arrived. A record without a usable day
 * goes last, "date not recorded", by the time it was recorded.
 */

export type TimelineEntry =
  | Entry<'consent', Consent>
  | Entry<'screening', Screening>
  | Entry<'plan', PlanSummary>
  | Entry<'series', Series>
  | Entry<'booked-session', Booked>
  | Entry<'booked-assessment', Booked>
  | Entry<'booked-follow-up', Booked>
  | Entry<'photo', Photo>
  | Entry<'session', TreatmentSession>
  | Entry<'assessment', Assessment>
  | Entry<'adverse-event', AdverseEvent>
  | Entry<'adverse-event-resolved', AdverseEvent>
  | Entry<'consent-withdrawn', Consent>;

export type TimelineKind = TimelineEntry['kind'];

interface Entry<K extends string, R> {
  readonly kind: K;
  /** A unique key (kind and id). */
  readonly key: string;
  /** The clinical day, YYYY-MM-DD; null when the record has none that can be read. */
  readonly date: string | null;
  /** When it was recorded (an ISO instant), for the order within a day. */
  readonly recordedAt: string | null;
  /** Whether the record stands as recorded, was corrected, or was struck out (see standingOf). */
  readonly standing: Standing;
  readonly record: R;
}

/**
 * How a record stands: as recorded; corrected (its current version shown); perhaps corrected
 * (an adverse event with more versions than its resolution explains: resolving and reopening also
 * make versions, so only its history can tell); struck out as entered in error.
 */
export type Standing = 'as-recorded' | 'corrected' | 'perhaps-corrected' | 'struck-out';

/** What a versioned record carries (plans, screenings and series are not versioned). */
interface Versioned {
  readonly version?: number;
  readonly recordStatus?: 'current' | 'entered-in-error';
}

/**
 * How a record stands, from its list entry alone. Version 1 is the record as first written. A
 * session, follow-up or photo changes only by correction; a consent also by its one withdrawal;
 * an adverse event also by each resolution and reopening, which its list entry does not count.
 */
export function standingOf(kind: TimelineKind, record: Versioned): Standing {
  if (record.recordStatus === 'entered-in-error') return 'struck-out';
  const changes = (record.version ?? 1) - 1;
  if (changes <= 0) return 'as-recorded';
  if (kind === 'consent' || kind === 'consent-withdrawn') {
    const withdrawn = (record as Partial<Consent>).status === 'withdrawn' ? 1 : 0;
    return changes > withdrawn ? 'corrected' : 'as-recorded';
  }
  if (kind === 'adverse-event' || kind === 'adverse-event-resolved') {
    const resolved = (record as Partial<AdverseEvent>).resolutionDate ? 1 : 0;
    return changes > resolved ? 'perhaps-corrected' : 'as-recorded';
  }
  return 'corrected';
}

/** The corrections' kind of an entry's record (its history and strike-out), or null: not one. */
export function correctableKindOf(kind: TimelineKind): CorrectableKind | null {
  switch (kind) {
    case 'consent':
    case 'consent-withdrawn':
      return 'consents';
    case 'photo':
      return 'photos';
    case 'session':
      return 'sessions';
    case 'assessment':
      return 'assessments';
    case 'adverse-event':
    case 'adverse-event-resolved':
      return 'adverse-events';
    default:
      return null;
  }
}

const stands = (record: Versioned) => record.recordStatus !== 'entered-in-error';

/** A booked session or assessment of a series, or a planned follow-up, not yet recorded. */
export interface Booked {
  /** The series booked; null for a planned follow-up. */
  readonly seriesId: string | null;
  /** The session's number in the series (1-based); the assessment's and a follow-up's are null. */
  readonly number: number | null;
  /** The planned follow-up (GET …/follow-ups), when it is one. */
  readonly followUpId?: string;
  /** A planned follow-up's time of day (HH:MM, the clinic's), when booked at one. */
  readonly time?: string | null;
  readonly date: string;
  /** On or after today: due; before today: it should have been recorded and was not. */
  readonly status: 'due' | 'overdue';
}

export interface TimelineRecords {
  readonly screenings?: readonly Screening[];
  readonly plans?: readonly PlanSummary[];
  readonly series?: readonly Series[];
  readonly sessions?: readonly TreatmentSession[];
  readonly assessments?: readonly Assessment[];
  readonly adverseEvents?: readonly AdverseEvent[];
  readonly consents?: readonly Consent[];
  readonly photos?: readonly Photo[];
  readonly followUps?: readonly FollowUp[];
}

export type BookedKind = 'booked-session' | 'booked-assessment' | 'booked-follow-up';

export interface NextDue {
  readonly date: string;
  readonly kind: BookedKind;
  readonly booked: Booked;
}

/** Which kind of booking it is. */
export const bookedKind = (b: Booked): BookedKind =>
  b.followUpId !== undefined
    ? 'booked-follow-up'
    : b.number === null
      ? 'booked-assessment'
      : 'booked-session';

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  /** The earliest booking (session, assessment, follow-up) not yet recorded, on or after today. */
  readonly nextDue: NextDue | null;
}

const KIND_ORDER: readonly TimelineKind[] = [
  'consent',
  'screening',
  'plan',
  'series',
  'booked-session',
  'photo',
  'session',
  'booked-assessment',
  'booked-follow-up',
  'assessment',
  'adverse-event',
  'adverse-event-resolved',
  'consent-withdrawn',
];
const RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayOrNull = (text: string | null | undefined): string | null =>
  typeof text === 'string' && DAY.test(text) ? text : null;

/**
 * The calendar day (YYYY-MM-DD) of an instant in `timeZone` (an IANA name; undefined: the
 * browser's own). null for an instant that cannot be read.
 */
export function dayOfInstant(iso: string | null | undefined, timeZone?: string): string | null {
  if (typeof iso !== 'string') return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const instantOrNull = (iso: string | null | undefined): string | null =>
  typeof iso === 'string' && !Number.isNaN(new Date(iso).getTime()) ? iso : null;

/** The timeline's order (see above): a negative number when `a` comes first. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  const rank = (RANK.get(a.kind) ?? 0) - (RANK.get(b.kind) ?? 0);
  const at = (e: TimelineEntry) =>
    e.recordedAt === null ? Number.POSITIVE_INFINITY : new Date(e.recordedAt).getTime();
  const recorded = at(a) === at(b) ? 0 : at(a) < at(b) ? -1 : 1;
  // Without a day the clinical flow says nothing: the time recorded comes first.
  const order = a.date === null ? [recorded, rank] : [rank, recorded];
  const decided = order.find((n) => n !== 0);
  if (decided !== undefined) return decided;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The booked sessions and assessments of the series not yet recorded, each due or overdue. */
export function bookedNotRecorded(
  series: readonly Series[],
  sessions: readonly TreatmentSession[],
  assessments: readonly Assessment[],
  today: string,
): Booked[] {
  const booked: Booked[] = [];
  const status = (date: string) => (date >= today ? 'due' : 'overdue');
  const followUpDays = assessments
    .filter(stands)
    .map((a) => dayOrNull(a.date))
    .filter((d) => d !== null);
  for (const one of series) {
    const recorded = sessions.filter((s) => s.seriesId === one.id && stands(s)).length;
    const byNumber = [...one.sessions].sort((a, b) => a.number - b.number);
    for (const session of byNumber.slice(recorded)) {
      const date = dayOrNull(session.date);
      if (date)
        booked.push({ seriesId: one.id, number: session.number, date, status: status(date) });
    }
    const assessmentDate = dayOrNull(one.assessmentDate);
    if (assessmentDate && !followUpDays.some((day) => day >= assessmentDate))
      booked.push({
        seriesId: one.id,
        number: null,
        date: assessmentDate,
        status: status(assessmentDate),
      });
  }
  return booked;
}

/**
 * Everything recorded for the patient, in date order, with the next date due. `today` is the
 * clinic's (GET /api/clinic); `timeZone` the clinic's too, for the day a plan or a series booking
 * was saved (undefined: the browser's).
 */
export function buildTimeline(
  records: TimelineRecords,
  today: string,
  timeZone?: string,
): Timeline {
  const entries: TimelineEntry[] = [];
  const savedDay = (iso: string) => dayOfInstant(iso, timeZone);
  const recordedAt = instantOrNull;
  for (const r of records.consents ?? []) {
    entries.push({
      kind: 'consent',
      key: `consent:${r.id}`,
      date: dayOrNull(r.date),
      recordedAt: recordedAt(r.createdAt),
      standing: standingOf('consent', r),
      record: r,
    });
    if (r.status === 'withdrawn')
      entries.push({
        kind: 'consent-withdrawn',
        key: `consent-withdrawn:${r.id}`,
        date: dayOrNull(r.withdrawnDate),
        recordedAt: recordedAt(r.updatedAt),
        standing: standingOf('consent-withdrawn', r),
        record: r,
      });
  }
  for (const r of records.screenings ?? [])
    entries.push({
      kind: 'screening',
      key: `screening:${r.id}`,
      date: dayOrNull(r.date),
      recordedAt: recordedAt(r.createdAt),
      standing: 'as-recorded',
      record: r,
    });
  for (const r of records.plans ?? [])
    entries.push({
      kind: 'plan',
      key: `plan:${r.id}`,
      date: savedDay(r.createdAt),
      recordedAt: recordedAt(r.createdAt),
      standing: 'as-recorded',
      record: r,
    });
  for (const r of records.series ?? [])
    entries.push({
      kind: 'series',
      key: `series:${r.id}`,
      date: savedDay(r.createdAt),
      recordedAt: recordedAt(r.createdAt),
      standing: 'as-recorded',
      record: r,
    });
  const booked = [
    ...bookedNotRecorded(
      records.series ?? [],
      records.sessions ?? [],
      records.assessments ?? [],
      today,
    ),
    ...followUpsDue(records.followUps ?? [], today),
  ];
  for (const b of booked) {
    const kind = bookedKind(b);
    entries.push({
      kind,
      key: `${kind}:${b.followUpId ?? `${b.seriesId}:${b.number ?? 'assessment'}`}`,
      date: b.date,
      recordedAt: null,
      standing: 'as-recorded',
      record: b,
    });
  }
  for (const r of records.photos ?? [])
    entries.push({
      kind: 'photo',
      key: `photo:${r.id}`,
      date: dayOrNull(r.takenDate),
      recordedAt: recordedAt(r.createdAt),
      standing: standingOf('photo', r),
      record: r,
    });
  for (const r of records.sessions ?? [])
    entries.push({
      kind: 'session',
      key: `session:${r.id}`,
      date: dayOrNull(r.date),
      recordedAt: recordedAt(r.createdAt),
      standing: standingOf('session', r),
      record: r,
    });
  for (const r of records.assessments ?? [])
    entries.push({
      kind: 'assessment',
      key: `assessment:${r.id}`,
      date: dayOrNull(r.date),
      recordedAt: recordedAt(r.createdAt),
      standing: standingOf('assessment', r),
      record: r,
    });
  for (const r of records.adverseEvents ?? []) {
    entries.push({
      kind: 'adverse-event',
      key: `adverse-event:${r.id}`,
      date: dayOrNull(r.onsetDate),
      recordedAt: recordedAt(r.createdAt),
      standing: standingOf('adverse-event', r),
      record: r,
    });
    if (r.resolutionDate !== null)
      entries.push({
        kind: 'adverse-event-resolved',
        key: `adverse-event-resolved:${r.id}`,
        date: dayOrNull(r.resolutionDate),
        recordedAt: recordedAt(r.updatedAt),
        standing: standingOf('adverse-event-resolved', r),
        record: r,
      });
  }
  entries.sort(compareEntries);
  const due = booked
    .filter((b) => b.status === 'due')
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : (a.number ?? 99) - (b.number ?? 99),
    );
  const first = due[0];
  return {
    entries,
    nextDue: first ? { date: first.date, kind: bookedKind(first), booked: first } : null,
  };
}

/** The planned follow-ups no assessment (that stands) records yet, each due or overdue. */
export function followUpsDue(followUps: readonly FollowUp[], today: string): Booked[] {
  return followUps.flatMap((f) => {
    const date = dayOrNull(f.date);
    if (f.status !== 'due' || !date) return [];
    return [
      {
        seriesId: null,
        number: null,
        followUpId: f.id,
        time: f.time,
        date,
        status: date >= today ? ('due' as const) : ('overdue' as const),
      },
    ];
  });
}

/** Whole days from one calendar day to another (YYYY-MM-DD): negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
