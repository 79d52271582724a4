import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Loader,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatDateTime, formatNumber, localToday } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import {
  INTERVAL_RULE_SOURCE,
  intervalRuleText,
  MINIMUM_INTERVAL_DAYS,
  seriesIntervalVerdict,
} from '../journey/intervalRule';
import { PatientScreen } from '../journey/PatientScreen';
import { journeyKeys, usePatientSeries } from '../journey/queries';
import type { Series } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { usePatientPlans } from '../patients/queries';
import { type CalendarMark, MonthCalendar } from './MonthCalendar';
import { MAX_SESSIONS, recommendedSessions, sessionTimesBody } from './seriesDefaults';

const inputId = (field: string) => fieldInputId('series', field);

const NOUNS: Record<string, string> = {
  planId: 'plan',
  startDate: 'first session day',
  sessions: 'number of sessions',
  intervalWeeks: 'interval',
  reason: 'reason for the shorter interval',
  sessionTimes: 'session times',
  ...Object.fromEntries(
    Array.from({ length: MAX_SESSIONS }, (_, i) => [
      `sessionTimes[${i}]`,
      `time of session ${i + 1}`,
    ]),
  ),
  assessmentTime: 'assessment time',
};

/** Book a treatment series (/patients/:id/series), and see each booked series on a calendar. */
export function SeriesScreen() {
  return (
    <PatientScreen title="Treatment series">
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const series = usePatientSeries(patient.id);
  const [shownId, setShownId] = useState<string>();
  const shown = series.data?.items.find((s) => s.id === shownId) ?? series.data?.items[0];
  return (
    <Stack gap="lg">
      <SeriesForm patient={patient} onBooked={(booked) => setShownId(booked.id)} />
      <Stack gap="sm" component="section" aria-labelledby="booked-series">
        <Title order={3} id="booked-series">
          Booked series
        </Title>
        {series.isPending && <Loader size="sm" aria-label="Loading the series" />}
        {series.isError && (
          <Alert color="red" title="The series could not be loaded">
            {series.error.message}
          </Alert>
        )}
        {series.data?.items.length === 0 && <Text size="sm">No series booked yet.</Text>}
        {series.data && series.data.items.length > 1 && (
          <NativeSelect
            label="Series shown"
            value={shown?.id}
            onChange={(e) => setShownId(e.currentTarget.value)}
            data={series.data.items.map((s) => ({
              value: s.id,
              label: `From ${formatCalendarDate(s.startDate)}, ${s.sessions.length} sessions (booked ${formatDateTime(s.createdAt)})`,
            }))}
            maw={520}
          />
        )}
        {shown && <SeriesDetails patientId={patient.id} series={shown} />}
      </Stack>
    </Stack>
  );
}

function SeriesForm({ patient, onBooked }: { patient: Patient; onBooked: (s: Series) => void }) {
  const { clinic } = useAuth();
  const queryClient = useQueryClient();
  const plans = usePatientPlans(patient.id);
  const recommended = recommendedSessions(patient.laxityGrade);
  const [planId, setPlanId] = useState('');
  const [startDate, setStartDate] = useState(clinic?.today ?? localToday());
  const [sessions, setSessions] = useState(String(recommended.sessions));
  const [intervalDays, setIntervalDays] = useState<number | string>(MINIMUM_INTERVAL_DAYS);
  const [reason, setReason] = useState('');
  const [times, setTimes] = useState<string[]>([]);
  const [assessmentTime, setAssessmentTime] = useState('');
  const chosenPlan = planId || plans.data?.items[0]?.id || '';
  const count = Number(sessions);
  const days = typeof intervalDays === 'number' ? intervalDays : Number.NaN;
  const verdict = Number.isFinite(days) && days > 0 ? seriesIntervalVerdict(days) : undefined;

  const { save, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/series', {
          params: { path: { id: patient.id } },
          body: {
            planId: chosenPlan,
            startDate,
            sessions: count,
            // The API takes weeks; a whole number of days is days/7 (30 days: 30/7 weeks).
            ...(Number.isFinite(days) ? { intervalWeeks: days / 7 } : {}),
            reason: reason.trim() || null,
            ...(sessionTimesBody(times, count)
              ? { sessionTimes: sessionTimesBody(times, count) }
              : {}),
            assessmentTime: assessmentTime || null,
          },
        }),
      ),
    nouns: NOUNS,
    inputId,
    what: 'The series',
    onSaved: async (booked) => {
      onBooked(booked);
      await queryClient.invalidateQueries({ queryKey: journeyKeys.series(patient.id) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  };

  if (plans.isPending) return <Loader size="sm" aria-label="Loading the plans" />;
  if (plans.isError)
    return (
      <Alert color="red" title="The plans could not be loaded">
        {plans.error.message}
      </Alert>
    );
  if (plans.data.items.length === 0)
    return (
      <Alert color="blue.9" variant="outline" title="No plan yet">
        A series is booked against a saved plan.{' '}
        <Anchor component={Link} to={`/patients/${patient.id}/planner`}>
          Plan the treatment
        </Anchor>{' '}
        first.
      </Alert>
    );
  return (
    <Card withBorder component="section" aria-labelledby="series-form">
      <Title order={3} id="series-form" mb="sm">
        Book a series
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby="series-form">
        <Stack gap="md">
          <FormProblems errors={errors} other={other} failure={failure} />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NativeSelect
              id={inputId('planId')}
              label="Plan"
              withAsterisk
              value={chosenPlan}
              onChange={(e) => setPlanId(e.currentTarget.value)}
              error={errors.planId}
              data={plans.data.items.map((p) => ({
                value: p.id,
                label: `Plan of ${formatDateTime(p.createdAt)} (${p.zones.length} zones, ${p.needle})`,
              }))}
            />
            <TextInput
              id={inputId('startDate')}
              type="date"
              label="First session"
              withAsterisk
              value={startDate}
              onChange={(e) => setStartDate(e.currentTarget.value)}
              error={errors.startDate}
            />
            <NativeSelect
              id={inputId('sessions')}
              label="Sessions"
              description={`${recommended.sessions} recommended for ${recommended.category} laxity (grade ${laxityLabel(patient.laxityGrade)})`}
              value={sessions}
              onChange={(e) => setSessions(e.currentTarget.value)}
              error={errors.sessions}
              data={Array.from({ length: MAX_SESSIONS }, (_, i) => String(i + 1))}
            />
            <NumberInput
              id={inputId('intervalWeeks')}
              label="Interval (days)"
              description={`Default ${formatNumber(MINIMUM_INTERVAL_DAYS)} days`}
              min={1}
              allowDecimal={false}
              value={intervalDays}
              onChange={setIntervalDays}
              error={errors.intervalWeeks}
            />
          </SimpleGrid>
          <Alert
            color={verdict?.needsReason ? 'red.9' : 'blue.9'}
            title="The interval rule"
            variant="outline"
          >
            <Text size="sm">{intervalRuleText()}</Text>
            {verdict && (
              <Text size="sm" fw={600}>
                {verdict.text}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              Source: {INTERVAL_RULE_SOURCE}
            </Text>
          </Alert>
          <Textarea
            id={inputId('reason')}
            label="Reason for a shorter interval"
            description="Required when the interval is below the minimum"
            withAsterisk={verdict?.needsReason}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="series-times">
              Times of day (optional, the clinic's time zone{clinic ? `: ${clinic.timeZone}` : ''})
            </Text>
            <SimpleGrid
              cols={{ base: 2, sm: 4, md: 7 }}
              role="group"
              aria-labelledby="series-times"
            >
              {Array.from({ length: count || 0 }, (_, i) => (
                <TextInput
                  // biome-ignore lint/suspicious/noArrayIndexKey: one input per session number
                  key={i}
                  id={inputId(`sessionTimes[${i}]`)}
                  type="time"
                  label={`Session ${i + 1}`}
                  value={times[i] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setTimes((t) => Object.assign([...t], { [i]: value }));
                  }}
                  error={
                    errors[`sessionTimes[${i}]`] ?? (i === 0 ? errors.sessionTimes : undefined)
                  }
                />
              ))}
              <TextInput
                id={inputId('assessmentTime')}
                type="time"
                label="Assessment"
                value={assessmentTime}
                onChange={(e) => setAssessmentTime(e.currentTarget.value)}
                error={errors.assessmentTime}
              />
            </SimpleGrid>
          </Stack>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={patient.archived}>
              Book the series
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

const at = (time: string | null) => (time ? ` ${time}` : '');

function SeriesDetails({ patientId, series }: { patientId: string; series: Series }) {
  const marks: CalendarMark[] = [
    ...series.sessions.map((s) => ({ date: s.date, label: `Session ${s.number}${at(s.time)}` })),
    { date: series.assessmentDate, label: `Assessment${at(series.assessmentTime)}` },
  ];
  const icsUrl = `/api/patients/${patientId}/series/${series.id}/calendar.ics`;
  return (
    <Card
      withBorder
      component="article"
      aria-label={`Series from ${formatCalendarDate(series.startDate)}`}
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={600}>
            {series.sessions.length} sessions from {formatCalendarDate(series.startDate)}, every{' '}
            {formatNumber(Math.round(series.intervalWeeks * 7))} days; laxity grade{' '}
            {laxityLabel(series.laxityGrade)} at booking
          </Text>
          <Button component="a" href={icsUrl} download variant="default">
            Download calendar (.ics)
          </Button>
        </Group>
        <Table withTableBorder>
          <Table.Caption>The sessions and the assessment</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Visit</Table.Th>
              <Table.Th>Day</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Downtime until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {series.sessions.map((s) => (
              <Table.Tr key={s.number}>
                <Table.Td>Session {s.number}</Table.Td>
                <Table.Td>{formatCalendarDate(s.date)}</Table.Td>
                <Table.Td>{s.time ?? 'All day'}</Table.Td>
                <Table.Td>{formatCalendarDate(s.downtimeUntil)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>Assessment</Table.Td>
              <Table.Td>{formatCalendarDate(series.assessmentDate)}</Table.Td>
              <Table.Td>{series.assessmentTime ?? 'All day'}</Table.Td>
              <Table.Td>—</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {series.reason && <Text size="sm">Reason for the shorter interval: {series.reason}</Text>}
        {series.warnings.length > 0 && (
          <Alert color="blue.9" title="Warnings" variant="outline">
            <List size="sm">
              {series.warnings.map((w) => (
                <List.Item key={w.code}>{w.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <MonthCalendar marks={marks} caption="Calendar of the series" />
      </Stack>
    </Card>
  );
}
