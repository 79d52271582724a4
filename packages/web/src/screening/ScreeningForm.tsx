import { Checkbox, Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient, Screening } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { localToday } from '../format/locale';
import { FormCard } from '../forms/FormCard';
import { SubmitRow } from '../forms/SubmitRow';
import { TextField } from '../forms/TextField';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import type { Checklist } from '../journey/types';
import { patientKeys } from '../patients/queries';
import { screeningNouns } from './screeningWords';

const inputId = (field: string) => fieldInputId('screening', field);

/** The screening checklist: every question with its source, the acknowledgements, the days. */
export function ScreeningForm({
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
  const { save, submit, errors, other, failure } = useSaveForm({
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
  return (
    <FormCard
      id="screening-form"
      title="Checklist"
      onSubmit={submit}
      problems={{ errors, other, failure }}
    >
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
            setAcknowledged((list) => (on ? [...list, a.code] : list.filter((c) => c !== a.code)));
          }}
        />
      ))}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextField
          id={inputId('date')}
          type="date"
          label="Screening day"
          description="The patient's age is taken on this day"
          value={date}
          onChange={setDate}
          error={errors.date}
        />
        <TextField
          id={inputId('plannedTreatmentDate')}
          type="date"
          label="Planned treatment day"
          description="Optional: gives the pre-care instructions their dates"
          value={planned}
          onChange={setPlanned}
          error={errors.plannedTreatmentDate}
        />
      </SimpleGrid>
      <Text size="sm">
        Minimum age: {checklist.minimumAgeYears} years. The decision is the API's, by the rules
        above.
      </Text>
      <SubmitRow saving={save.isPending} disabled={patient.archived}>
        Screen
      </SubmitRow>
    </FormCard>
  );
}
