import {
  Alert,
  Anchor,
  Loader,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatDateTime, formatNumber, localToday } from '../format/locale';
import { FormCard } from '../forms/FormCard';
import { NotesField } from '../forms/NotesField';
import { SubmitRow } from '../forms/SubmitRow';
import { TextField } from '../forms/TextField';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import { IntervalRuleNote } from '../journey/IntervalRuleNote';
import { MINIMUM_INTERVAL_DAYS, seriesIntervalVerdict } from '../journey/intervalRule';
import type { Series } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { usePatientPlans } from '../patients/queries';
import { recordKeys } from '../patients/recordQueries';
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

/** Book a series against a saved plan: sessions by laxity, the interval rule, times of day. */
export function SeriesForm({
  patient,
  onBooked,
}: {
  patient: Patient;
  onBooked: (s: Series) => void;
}) {
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

  const { save, submit, errors, other, failure } = useSaveForm({
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
      await queryClient.invalidateQueries({ queryKey: recordKeys.series(patient.id) });
    },
  });

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
    <FormCard
      id="series-form"
      title="Book a series"
      onSubmit={submit}
      problems={{ errors, other, failure }}
    >
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
        <TextField
          id={inputId('startDate')}
          type="date"
          label="First session"
          required
          value={startDate}
          onChange={setStartDate}
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
      <IntervalRuleNote verdict={verdict} />
      <NotesField
        id={inputId('reason')}
        label="Reason for a shorter interval"
        description="Required when the interval is below the minimum"
        required={verdict?.needsReason}
        value={reason}
        onChange={setReason}
        error={errors.reason}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="series-times">
          Times of day (optional, the clinic's time zone{clinic ? `: ${clinic.timeZone}` : ''})
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} role="group" aria-labelledby="series-times">
          {Array.from({ length: count || 0 }, (_, i) => (
            <TextField
              // biome-ignore lint/suspicious/noArrayIndexKey: one input per session number
              key={i}
              id={inputId(`sessionTimes[${i}]`)}
              type="time"
              label={`Session ${i + 1}`}
              value={times[i] ?? ''}
              onChange={(text) => {
                const value = text;
                setTimes((t) => Object.assign([...t], { [i]: value }));
              }}
              error={errors[`sessionTimes[${i}]`] ?? (i === 0 ? errors.sessionTimes : undefined)}
            />
          ))}
          <TextField
            id={inputId('assessmentTime')}
            type="time"
            label="Assessment"
            value={assessmentTime}
            onChange={setAssessmentTime}
            error={errors.assessmentTime}
          />
        </SimpleGrid>
      </Stack>
      <SubmitRow saving={save.isPending} disabled={patient.archived}>
        Book the series
      </SubmitRow>
    </FormCard>
  );
}
