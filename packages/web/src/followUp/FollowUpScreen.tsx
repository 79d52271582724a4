import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DEFAULT_TEMPLATE, GAIS_SCALE, LEMPERLE_SCALE, SATISFACTION_SCALE } from '@microcore/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatNumber, localToday } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import { PatientScreen } from '../journey/PatientScreen';
import {
  journeyKeys,
  usePatientAssessments,
  usePatientFollowUps,
  usePatientSessions,
} from '../journey/queries';
import type { Assessment, FollowUp } from '../journey/types';
import { LAXITY_GRADES, laxityLabel } from '../patients/labels';
import { gradeOrNull, scaleChoices } from './scaleChoices';

const bookId = (field: string) => fieldInputId('booking', field);
const recordId = (field: string) => fieldInputId('follow-up', field);
const ZONES = DEFAULT_TEMPLATE.zones;
const zoneLabel = (id: string) => ZONES.find((z) => z.id === id)?.label ?? id;

const BOOKING_NOUNS = { date: 'follow-up day', time: 'time', notes: 'notes' };
const RECORD_NOUNS: Record<string, string> = {
  followUpId: 'planned follow-up',
  date: 'follow-up day',
  sessionId: 'session followed up',
  lemperleByZone: 'Lemperle grades',
  ...Object.fromEntries(
    ZONES.map((z) => [`lemperleByZone.${z.id}`, `Lemperle grade of ${z.label}`]),
  ),
  gaisInvestigator: 'investigator’s GAIS',
  gaisSubject: 'patient’s GAIS',
  satisfaction: 'satisfaction',
  laxityGrade: 'laxity grade',
  notes: 'notes',
};

/** Follow-ups (/patients/:id/follow-ups): book one ahead, record it on the day, see the past. */
export function FollowUpScreen() {
  return (
    <PatientScreen title="Follow-ups">{(patient) => <Screen patient={patient} />}</PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const followUps = usePatientFollowUps(patient.id);
  const [recording, setRecording] = useState<string>('');
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <BookingForm patient={patient} />
        <Card withBorder component="section" aria-labelledby="planned-follow-ups">
          <Title order={3} size="h4" id="planned-follow-ups" mb="sm">
            Planned follow-ups
          </Title>
          {followUps.isPending && <Loader size="sm" aria-label="Loading the follow-ups" />}
          {followUps.isError && <Text size="sm">{followUps.error.message}</Text>}
          {followUps.data && (
            <PlannedList items={followUps.data.items} onRecord={(id) => setRecording(id)} />
          )}
        </Card>
      </SimpleGrid>
      <RecordForm
        key={recording}
        patient={patient}
        due={followUps.data?.items.filter((f) => f.status === 'due') ?? []}
        followUpId={recording}
      />
      <PastAssessments patientId={patient.id} />
    </Stack>
  );
}

function BookingForm({ patient }: { patient: Patient }) {
  const queryClient = useQueryClient();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [notes, setNotes] = useState('');
  const { save, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/follow-ups', {
          params: { path: { id: patient.id } },
          body: { date, time: time || null, notes: notes.trim() || null },
        }),
      ),
    nouns: BOOKING_NOUNS,
    inputId: bookId,
    what: 'The booking',
    onSaved: async () => {
      setDate('');
      setTime('');
      setNotes('');
      await queryClient.invalidateQueries({ queryKey: journeyKeys.followUps(patient.id) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  };
  return (
    <Card withBorder component="section" aria-labelledby="book-follow-up">
      <Title order={3} size="h4" id="book-follow-up" mb="sm">
        Book a follow-up
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby="book-follow-up">
        <Stack gap="sm">
          <FormProblems errors={errors} other={other} failure={failure} />
          {save.isSuccess && (
            <Alert color="teal.9" variant="outline" title="Booked" role="status">
              Follow-up booked for {formatCalendarDate(save.data.date)}
              {save.data.time ? ` at ${save.data.time}` : ''}.
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              id={bookId('date')}
              type="date"
              label="Follow-up day"
              description="Today or later"
              withAsterisk
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={errors.date}
            />
            <TextInput
              id={bookId('time')}
              type="time"
              label="Time"
              description="Optional, the clinic's time"
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
              error={errors.time}
            />
          </Group>
          <TextInput
            id={bookId('notes')}
            label="Notes"
            description="e.g. 90-day review"
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={patient.archived}>
              Book
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function PlannedList({
  items,
  onRecord,
}: {
  items: readonly FollowUp[];
  onRecord: (id: string) => void;
}) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  if (items.length === 0) return <Text size="sm">No follow-up booked.</Text>;
  return (
    <Stack gap="xs">
      {items.map((f) => {
        const state =
          f.status === 'recorded'
            ? { label: 'Recorded', color: 'teal.9' }
            : f.date < today
              ? { label: 'Overdue', color: 'red.9' }
              : f.date === today
                ? { label: 'Due today', color: 'blue.9' }
                : { label: 'Due', color: 'gray.8' };
        return (
          <Group key={f.id} justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {formatCalendarDate(f.date)}
                {f.time ? ` at ${f.time}` : ''}
              </Text>
              {f.notes && <Text size="xs">{f.notes}</Text>}
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Badge color={state.color} c="white">
                {state.label}
              </Badge>
              {f.status === 'due' && f.date <= today && (
                <Button size="xs" variant="default" onClick={() => onRecord(f.id)}>
                  Record the follow-up of {formatCalendarDate(f.date)}
                </Button>
              )}
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}

function RecordForm({
  patient,
  due,
  followUpId: initialFollowUp,
}: {
  patient: Patient;
  due: readonly FollowUp[];
  followUpId: string;
}) {
  const { clinic } = useAuth();
  const queryClient = useQueryClient();
  const sessions = usePatientSessions(patient.id);
  const today = clinic?.today ?? localToday();
  const [followUpId, setFollowUpId] = useState(initialFollowUp);
  const [date, setDate] = useState(today);
  const [sessionId, setSessionId] = useState('');
  const [lemperle, setLemperle] = useState<Record<string, string>>({});
  const [gaisInvestigator, setGaisInvestigator] = useState('');
  const [gaisSubject, setGaisSubject] = useState('');
  const [satisfaction, setSatisfaction] = useState('');
  const [laxity, setLaxity] = useState('');
  const [notes, setNotes] = useState('');
  const { save, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/assessments', {
          params: { path: { id: patient.id } },
          body: {
            date,
            followUpId: followUpId || null,
            sessionId: sessionId || null,
            lemperleByZone: Object.fromEntries(
              Object.entries(lemperle)
                .filter(([, grade]) => grade !== '')
                .map(([zone, grade]) => [zone, Number(grade)]),
            ),
            gaisInvestigator: gradeOrNull(gaisInvestigator),
            gaisSubject: gradeOrNull(gaisSubject),
            satisfaction: gradeOrNull(satisfaction),
            laxityGrade: gradeOrNull(laxity),
            notes: notes.trim() || null,
          },
        }),
      ),
    nouns: RECORD_NOUNS,
    inputId: recordId,
    what: 'The follow-up',
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: journeyKeys.assessments(patient.id) }),
        queryClient.invalidateQueries({ queryKey: journeyKeys.followUps(patient.id) }),
      ]);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  };
  const pick = (
    field: string,
    label: string,
    value: string,
    set: (v: string) => void,
    data: { value: string; label: string }[],
    description?: string,
  ) => (
    <NativeSelect
      id={recordId(field)}
      label={label}
      description={description}
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      error={errors[field]}
      data={data}
    />
  );
  return (
    <Card withBorder component="section" aria-labelledby="record-follow-up">
      <Title order={3} id="record-follow-up" mb="sm">
        Record a follow-up
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby="record-follow-up">
        <Stack gap="md">
          <FormProblems errors={errors} other={other} failure={failure} />
          {/* Shown once the save has settled (the lists refreshed), not while it finishes. */}
          {save.isSuccess && (
            <Alert color="teal.9" variant="outline" title="Saved" role="status">
              Follow-up of {formatCalendarDate(save.data.date)} recorded.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {pick('followUpId', 'Planned follow-up', followUpId, setFollowUpId, [
              { value: '', label: 'Not booked ahead' },
              ...due.map((f) => ({
                value: f.id,
                label: `${formatCalendarDate(f.date)}${f.time ? ` at ${f.time}` : ''}${f.notes ? `: ${f.notes}` : ''}`,
              })),
            ])}
            <TextInput
              id={recordId('date')}
              type="date"
              label="Follow-up day"
              withAsterisk
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={errors.date}
            />
            {pick('sessionId', 'Session followed up', sessionId, setSessionId, [
              { value: '', label: 'None named' },
              ...(sessions.data?.items ?? []).map((s) => ({
                value: s.id,
                label: `Session of ${formatCalendarDate(s.date)}`,
              })),
            ])}
          </SimpleGrid>
          <Stack gap="xs" role="group" aria-labelledby="lemperle-heading">
            <Text fw={500} size="sm" id="lemperle-heading">
              Lemperle wrinkle grade by zone (0–5, whole grades)
            </Text>
            {errors.lemperleByZone && (
              <Text size="sm" c="red.8" id={recordId('lemperleByZone')} tabIndex={-1}>
                {errors.lemperleByZone}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              {ZONES.map((zone) =>
                pick(
                  `lemperleByZone.${zone.id}`,
                  zone.label,
                  lemperle[zone.id] ?? '',
                  (v) => setLemperle((l) => ({ ...l, [zone.id]: v })),
                  scaleChoices(LEMPERLE_SCALE, 'Not graded'),
                ),
              )}
            </SimpleGrid>
            <ScaleLegend />
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {pick(
              'gaisInvestigator',
              'GAIS, investigator',
              gaisInvestigator,
              setGaisInvestigator,
              scaleChoices(GAIS_SCALE),
            )}
            {pick(
              'gaisSubject',
              'GAIS, patient',
              gaisSubject,
              setGaisSubject,
              scaleChoices(GAIS_SCALE),
            )}
            {pick(
              'satisfaction',
              'Satisfaction (1–5)',
              satisfaction,
              setSatisfaction,
              scaleChoices(SATISFACTION_SCALE),
            )}
            {pick(
              'laxityGrade',
              'Laxity grade (0–4)',
              laxity,
              setLaxity,
              [
                { value: '', label: 'Not graded' },
                ...LAXITY_GRADES.map((g) => ({ value: String(g), label: laxityLabel(g) })),
              ],
              'Alexiades-Armenakas, half steps',
            )}
          </SimpleGrid>
          <Textarea
            id={recordId('notes')}
            label="Notes"
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={patient.archived}>
              Record the follow-up
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** What each grade means, with the scales' sources. */
function ScaleLegend() {
  return (
    <Table withTableBorder fz="sm">
      <Table.Caption>
        {LEMPERLE_SCALE.name} (source: {LEMPERLE_SCALE.source}); {GAIS_SCALE.name}: 1–5 (source:{' '}
        {GAIS_SCALE.source})
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Lemperle grade</Table.Th>
          <Table.Th>Meaning</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {LEMPERLE_SCALE.grades.map((g) => (
          <Table.Tr key={g.value}>
            <Table.Td>{g.value}</Table.Td>
            <Table.Td>{g.description}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PastAssessments({ patientId }: { patientId: string }) {
  const assessments = usePatientAssessments(patientId);
  return (
    <Stack gap="sm" component="section" aria-labelledby="past-follow-ups">
      <Title order={3} id="past-follow-ups">
        Recorded follow-ups
      </Title>
      {assessments.isPending && <Loader size="sm" aria-label="Loading the follow-ups" />}
      {assessments.isError && <Text size="sm">{assessments.error.message}</Text>}
      {assessments.data?.items.length === 0 && <Text size="sm">No follow-up recorded yet.</Text>}
      {assessments.data && assessments.data.items.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th>Lemperle by zone</Table.Th>
              <Table.Th>GAIS (investigator / patient)</Table.Th>
              <Table.Th>Satisfaction</Table.Th>
              <Table.Th>Laxity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...assessments.data.items].reverse().map((a: Assessment) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  {formatCalendarDate(a.date)}
                  {a.followUpId ? ' (booked)' : ''}
                </Table.Td>
                <Table.Td>
                  {Object.entries(a.lemperleByZone)
                    .map(([zone, grade]) => `${zoneLabel(zone)} ${formatNumber(grade)}`)
                    .join(', ') || '—'}
                </Table.Td>
                <Table.Td>
                  {a.gaisInvestigator ?? '—'} / {a.gaisSubject ?? '—'}
                </Table.Td>
                <Table.Td>{a.satisfaction ?? '—'}</Table.Td>
                <Table.Td>{a.laxityGrade === null ? '—' : laxityLabel(a.laxityGrade)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
