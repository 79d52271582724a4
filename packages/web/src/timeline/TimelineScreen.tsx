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
import { Link } from 'react-router';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatNumber, localToday } from '../format/locale';
import { usePatientFollowUps } from '../journey/queries';
import { PatientScreen } from '../patients/PatientScreen';
import { usePatientPlans, usePatientScreenings } from '../patients/queries';
import {
  useAdverseEvents,
  useAssessments,
  useConsents,
  usePhotos,
  useSeries,
  useSessions,
} from '../patients/recordQueries';
import { thumbnailUrl, viewLabel } from '../photos/views';
import { entryWords } from './entryWords';
import { buildTimeline, daysBetween, type NextDue, type TimelineEntry } from './timeline';

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
  const lists = {
    screenings: usePatientScreenings(id),
    plans: usePatientPlans(id),
    series: useSeries(id),
    sessions: useSessions(id),
    assessments: useAssessments(id),
    adverseEvents: useAdverseEvents(id),
    consents: useConsents(id),
    photos: usePhotos(id),
    followUps: usePatientFollowUps(id),
  };
  const queries = Object.values(lists);
  if (queries.some((q) => q.isPending)) return <Loader aria-label="Loading the records" />;
  const failed = queries.find((q) => q.isError);
  if (failed?.error)
    return (
      <Alert color="red" title="The records could not be loaded">
        {failed.error.message}
      </Alert>
    );
  const timeline = buildTimeline(
    {
      screenings: lists.screenings.data?.items,
      plans: lists.plans.data?.items,
      series: lists.series.data?.items,
      sessions: lists.sessions.data?.items,
      assessments: lists.assessments.data?.items,
      adverseEvents: lists.adverseEvents.data?.items,
      consents: lists.consents.data?.items,
      photos: lists.photos.data?.items,
      followUps: lists.followUps.data?.items,
    },
    today,
    clinic?.timeZone,
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
                <EntryRow key={entry.key} entry={entry} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

function EntryRow({ entry }: { entry: TimelineEntry }) {
  const { what, details } = entryWords(entry);
  const booked =
    entry.kind === 'booked-session' ||
    entry.kind === 'booked-assessment' ||
    entry.kind === 'booked-follow-up';
  return (
    <Table.Tr data-kind={entry.kind} data-date={entry.date ?? ''}>
      <Table.Td>{entry.date ? formatCalendarDate(entry.date) : 'Date not recorded'}</Table.Td>
      <Table.Th scope="row" fw={booked ? 400 : 600}>
        {what}
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
          <img
            src={thumbnailUrl(entry.record.patientId, entry.record.id)}
            alt={`${viewLabel(entry.record.view)}, ${formatCalendarDate(entry.record.takenDate)}`}
            height={48}
            loading="lazy"
            style={{ verticalAlign: 'middle', marginRight: 8 }}
          />
        )}
        {details}
      </Table.Td>
    </Table.Tr>
  );
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
