import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Loader,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient, Screening } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, localToday } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import { PatientScreen } from '../journey/PatientScreen';
import { useChecklist } from '../journey/queries';
import type { Checklist } from '../journey/types';
import { DECISION_BADGES, decisionLabel } from '../patients/labels';
import { patientKeys, usePatientScreenings } from '../patients/queries';
import { screeningNouns, sentence } from './screeningWords';

const inputId = (field: string) => fieldInputId('screening', field);

/** Screen a patient (/patients/:id/screening): the checklist, the decision, the past screenings. */
export function ScreeningScreen() {
  return (
    <PatientScreen title="Screening">{(patient) => <Screen patient={patient} />}</PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const checklist = useChecklist();
  const [result, setResult] = useState<Screening>();
  return (
    <Stack gap="lg">
      {checklist.isPending && <Loader aria-label="Loading the checklist" />}
      {checklist.isError && (
        <Alert color="red" title="The checklist could not be loaded">
          {checklist.error.message}
        </Alert>
      )}
      {checklist.data && (
        <ScreeningForm patient={patient} checklist={checklist.data} onScreened={setResult} />
      )}
      {result && <Decision screening={result} checklist={checklist.data} title="Decision" />}
      <PastScreenings patientId={patient.id} checklist={checklist.data} />
    </Stack>
  );
}

function ScreeningForm({
  patient,
  checklist,
  onScreened,
}: {
  patient: Patient;
  checklist: Checklist;
  onScreened: (screening: Screening) => void;
}) {
  const { clinic } = useAuth();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, boolean | undefined>>({});
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [date, setDate] = useState(clinic?.today ?? localToday());
  const [planned, setPlanned] = useState('');
  // The acknowledgements that apply to this patient's skin type (the API says which types).
  const acknowledgements = checklist.acknowledgements.filter(
    (a) =>
      a.appliesTo === 'any' ||
      (a.appliesTo.startsWith('fitzpatrickType') && patient.fitzpatrickType >= 5),
  );
  const nouns = screeningNouns(checklist);
  const { save, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/screenings', {
          params: { path: { id: patient.id } },
          body: {
            // An unanswered question is left out: the API names it.
            answers: Object.fromEntries(
              Object.entries(answers).filter(
                (entry): entry is [string, boolean] => entry[1] !== undefined,
              ),
            ),
            acknowledgements: acknowledged,
            ...(date ? { date } : {}),
            plannedTreatmentDate: planned || null,
          },
        }),
      ),
    nouns,
    inputId,
    what: 'The screening',
    onSaved: async (screening) => {
      onScreened(screening);
      await queryClient.invalidateQueries({ queryKey: patientKeys.screenings(patient.id) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  };
  return (
    <Card withBorder component="section" aria-labelledby="screening-form">
      <Title order={3} id="screening-form" mb="sm">
        Checklist
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby="screening-form">
        <Stack gap="md">
          <FormProblems errors={errors} other={other} failure={failure} />
          {checklist.questions.map((q) => {
            const field = `answers.${q.code}`;
            return (
              <Radio.Group
                key={q.code}
                id={inputId(field)}
                label={q.question}
                description={`A yes: ${q.outcome === 'refer' ? 'refer elsewhere' : 'not eligible'}. Source: ${q.source}`}
                withAsterisk
                value={answers[q.code] === undefined ? '' : answers[q.code] ? 'yes' : 'no'}
                onChange={(value) => setAnswers((a) => ({ ...a, [q.code]: value === 'yes' }))}
                error={errors[field]}
              >
                <Group mt={4}>
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No" />
                </Group>
              </Radio.Group>
            );
          })}
          {acknowledgements.map((a) => (
            <Checkbox
              key={a.code}
              id={inputId(`acknowledgements.${a.code}`)}
              label={a.text}
              description={`Applies to ${a.appliesTo.replace('fitzpatrickType', 'Fitzpatrick type')}. Source: ${a.source}`}
              checked={acknowledged.includes(a.code)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setAcknowledged((list) =>
                  on ? [...list, a.code] : list.filter((c) => c !== a.code),
                );
              }}
            />
          ))}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              id={inputId('date')}
              type="date"
              label="Screening day"
              description="The patient's age is taken on this day"
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={errors.date}
            />
            <TextInput
              id={inputId('plannedTreatmentDate')}
              type="date"
              label="Planned treatment day"
              description="Optional: gives the pre-care instructions their dates"
              value={planned}
              onChange={(e) => setPlanned(e.currentTarget.value)}
              error={errors.plannedTreatmentDate}
            />
          </SimpleGrid>
          <Text size="sm">
            Minimum age: {checklist.minimumAgeYears} years. The decision is the API's, by the rules
            above.
          </Text>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={patient.archived}>
              Screen
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A screening's decision with every reason and its source, the referral's alternatives, pre-care. */
function Decision({
  screening,
  checklist,
  title,
}: {
  screening: Screening;
  checklist: Checklist | undefined;
  title: string;
}) {
  const referCodes = new Set(
    checklist?.questions.filter((q) => q.outcome === 'refer').map((q) => q.reasonCode),
  );
  const referrals = screening.reasons.filter((r) => referCodes.has(r.code));
  const badge = DECISION_BADGES[screening.decision];
  const headingId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4" id={headingId}>
            {title}
          </Title>
          <Badge color={badge?.color ?? 'gray.8'} c={badge?.text ?? 'white'}>
            {decisionLabel(screening.decision)}
          </Badge>
          <Text size="sm">on {formatCalendarDate(screening.date)}</Text>
        </Group>
        {screening.reasons.length === 0 ? (
          <Text size="sm">No reason against treatment was found.</Text>
        ) : (
          <List size="sm" spacing={6}>
            {screening.reasons.map((reason) => (
              <List.Item key={reason.code}>
                {sentence(reason.message)}
                <Text size="xs" c="dimmed">
                  Source: {reason.source}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {referrals.length > 0 && (
          <Alert
            color="grape.9"
            title="Referral: the alternatives the rules name"
            variant="outline"
          >
            <List size="sm">
              {referrals.map((r) => (
                <List.Item key={r.code}>{sentence(r.message)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {screening.preCare.length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h5">
              Pre-care
            </Title>
            <List size="sm" spacing={4}>
              {screening.preCare.map((item) => (
                <List.Item key={item.code}>
                  {item.fromDate
                    ? `From ${formatCalendarDate(item.fromDate)}: `
                    : 'No planned treatment day given: '}
                  {item.instruction}
                  <Text size="xs" c="dimmed">
                    Source: {item.source}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function PastScreenings({
  patientId,
  checklist,
}: {
  patientId: string;
  checklist: Checklist | undefined;
}) {
  const screenings = usePatientScreenings(patientId);
  return (
    <Stack gap="sm" component="section" aria-labelledby="past-screenings">
      <Title order={3} id="past-screenings">
        Past screenings
      </Title>
      {screenings.isPending && <Loader size="sm" aria-label="Loading the screenings" />}
      {screenings.isError && (
        <Alert color="red" title="The screenings could not be loaded">
          {screenings.error.message}
        </Alert>
      )}
      {screenings.data?.items.length === 0 && <Text size="sm">Not screened yet.</Text>}
      {screenings.data?.items.map((s) => (
        <Decision
          key={s.id}
          screening={s}
          checklist={checklist}
          title={`Screening of ${formatCalendarDate(s.date)}`}
        />
      ))}
    </Stack>
  );
}
