import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import type { VersionedRecord } from '../corrections/kinds';
import { StruckOut } from '../corrections/StruckOut';
import { StruckOutNote } from '../corrections/StruckOutNote';
import { useRecordHistory } from '../corrections/useRecordHistory';
import { formatCalendarDate, formatNumber, localToday } from '../format/locale';
import { PatientScreen } from '../patients/PatientScreen';
import { thumbnailUrl, viewLabel } from '../photos/views';
import { entryWords } from './entryWords';
import { takePreloaded } from './routes';
import {
  buildTimeline,
  correctableKindOf,
  daysBetween,
  type NextDue,
  type TimelineEntry,
} from './timeline';
import { timelineQueries } from './timelineQueries';

/** /patients/:id/timeline: everything recorded for the patient in date order, and what is next. */
export function TimelineScreen() {
  return (
    <PatientScreen title="Timeline">
      {(patient) => <PatientTimeline patient={patient} />}
    </PatientScreen>
  );
}

function PatientTimeline({ patient }: { patient: Patient }) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  const id = patient.id;
  const queries = timelineQueries(id);
  // Just read by this page's load (routes.tsx): not read again on this first showing.
  const [preloaded] = useState(() => takePreloaded(id));
  const read = { refetchOnMount: !preloaded };
  const lists = {
    screenings: useQuery({ ...queries.screenings, ...read }),
    plans: useQuery({ ...queries.plans, ...read }),
    series: useQuery({ ...queries.series, ...read }),
    sessions: useQuery({ ...queries.sessions, ...read }),
    assessments: useQuery({ ...queries.assessments, ...read }),
    adverseEvents: useQuery({ ...queries.adverseEvents, ...read }),
    consents: useQuery({ ...queries.consents, ...read }),
    photos: useQuery({ ...queries.photos, ...read }),
    followUps: useQuery({ ...queries.followUps, ...read }),
  };
  const screenings = lists.screenings.data?.items;
  const plans = lists.plans.data?.items;
  const series = lists.series.data?.items;
  const sessions = lists.sessions.data?.items;
  const assessments = lists.assessments.data?.items;
  const adverseEvents = lists.adverseEvents.data?.items;
  const consents = lists.consents.data?.items;
  const photos = lists.photos.data?.items;
  const followUps = lists.followUps.data?.items;
  // Built again only when a list changes (a list read again unchanged keeps its identity), so
  // the memoized rows below render again only for entries that changed.
  const timeZone = clinic?.timeZone;
  const timeline = useMemo(
    () =>
      buildTimeline(
        {
          screenings,
          plans,
          series,
          sessions,
          assessments,
          adverseEvents,
          consents,
          photos,
          followUps,
        },
        today,
        timeZone,
      ),
    [
      screenings,
      plans,
      series,
      sessions,
      assessments,
      adverseEvents,
      consents,
      photos,
      followUps,
      today,
      timeZone,
    ],
  );
  const states = Object.values(lists);
  if (states.some((q) => q.isPending)) return <Loader aria-label="Loading the records" />;
  const failed = states.find((q) => q.isError);
  if (failed?.error)
    return (
      <Alert color="red" title="The records could not be loaded">
        {failed.error.message}
      </Alert>
    );
  return (
    <Stack gap="lg">
      <NextDueCard nextDue={timeline.nextDue} today={today} />
      <Group gap="md">
        <Anchor component={Link} to={`/patients/${id}/adverse-events`}>
          Adverse events
        </Anchor>
        <Anchor component={Link} to={`/patients/${id}/consents`}>
          Consents
        </Anchor>
      </Group>
      <Stack gap="sm" component="section" aria-labelledby="timeline-entries">
        <Title order={3} id="timeline-entries">
          Everything recorded, oldest first
        </Title>
        {timeline.entries.length === 0 ? (
          <Text size="sm">Nothing recorded yet.</Text>
        ) : (
          <Table aria-labelledby="timeline-entries" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Day</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {timeline.entries.map((entry) => (
                <EntryRow key={entry.key} entry={entry} patientId={id} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

/** One entry: memoized, so a list read again re-renders only the rows that changed. */
const EntryRow = memo(function EntryRow({
  entry,
  patientId,
}: {
  entry: TimelineEntry;
  patientId: string;
}) {
  const { what, details } = entryWords(entry);
  const booked =
    entry.kind === 'booked-session' ||
    entry.kind === 'booked-assessment' ||
    entry.kind === 'booked-follow-up';
  // A struck-out record keeps its place, crossed through, with the reason (as on its own screen).
  const correctable = correctableKindOf(entry.kind);
  const versioned = correctable ? (entry.record as VersionedRecord) : null;
  const crossed = (words: string) =>
    versioned ? <StruckOut record={versioned}>{words}</StruckOut> : words;
  return (
    <Table.Tr data-kind={entry.kind} data-date={entry.date ?? ''} data-standing={entry.standing}>
      <Table.Td>
        {crossed(entry.date ? formatCalendarDate(entry.date) : 'Date not recorded')}
      </Table.Td>
      <Table.Th scope="row" fw={booked ? 400 : 600}>
        {crossed(what)}
        {booked && (
          <Badge
            ml="xs"
            color={entry.record.status === 'due' ? 'blue.9' : 'yellow.3'}
            c={entry.record.status === 'due' ? 'white' : 'dark.9'}
          >
            {entry.record.status === 'due' ? 'Booked' : 'Not recorded'}
          </Badge>
        )}
      </Table.Th>
      <Table.Td>
        {entry.kind === 'photo' && (
          // The thumbnail, not the photo: a long timeline may hold dozens (GET …/thumbnail).
          // Its size given (the thumbnails are 4:3), so rows do not move as thumbnails arrive.
          <img
            src={thumbnailUrl(entry.record.patientId, entry.record.id)}
            alt={`${viewLabel(entry.record.view)}, ${formatCalendarDate(entry.record.takenDate)}`}
            width={64}
            height={48}
            loading="lazy"
            decoding="async"
            style={{ verticalAlign: 'middle', marginRight: 8 }}
          />
        )}
        {crossed(details)}
        {correctable && versioned && entry.standing === 'struck-out' && (
          <StruckOutNote kind={correctable} patientId={patientId} recordId={versioned.id} />
        )}
        {entry.standing === 'corrected' && <CorrectedNote />}
        {correctable && versioned && entry.standing === 'perhaps-corrected' && (
          <CorrectedNoteIfSo kind={correctable} patientId={patientId} recordId={versioned.id} />
        )}
      </Table.Td>
    </Table.Tr>
  );
});

function CorrectedNote() {
  return (
    <Text size="xs" c="dimmed">
      Corrected: shown as it now reads; the earlier versions are in its history.
    </Text>
  );
}

/** An adverse event's versions may be resolutions and reopenings: its history says if corrected. */
function CorrectedNoteIfSo(where: Parameters<typeof useRecordHistory>[0]) {
  const history = useRecordHistory(where);
  return history.data?.some((v) => v.change === 'corrected') ? <CorrectedNote /> : null;
}

function NextDueCard({ nextDue, today }: { nextDue: NextDue | null; today: string }) {
  const days = nextDue ? daysBetween(today, nextDue.date) : 0;
  return (
    <Card withBorder component="section" aria-labelledby="next-due">
      <Title order={3} size="h4" id="next-due" mb="xs">
        Next due
      </Title>
      {nextDue ? (
        <Text>
          <strong>{formatCalendarDate(nextDue.date)}</strong>:{' '}
          {nextDue.kind === 'booked-follow-up'
            ? `a planned follow-up${nextDue.booked.time ? ` at ${nextDue.booked.time}` : ''}`
            : nextDue.kind === 'booked-assessment'
              ? 'the assessment of a series'
              : `session ${formatNumber(nextDue.booked.number ?? 0)} of a series`}{' '}
          ({days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${formatNumber(days)} days`})
        </Text>
      ) : (
        <Text>Nothing booked from today ({formatCalendarDate(today)}) on.</Text>
      )}
    </Card>
  );
}
