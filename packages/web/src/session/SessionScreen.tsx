import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
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
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Patient, PlanSummary } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatDateTime, formatNumber, localToday } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { fieldInputId, useSaveForm } from '../forms/useSaveForm';
import {
  INTERVAL_RULE_SOURCE,
  intervalRuleText,
  sessionIntervalVerdict,
} from '../journey/intervalRule';
import { PatientScreen } from '../journey/PatientScreen';
import {
  journeyKeys,
  storedPlanOf,
  usePatientSeries,
  usePatientSessions,
} from '../journey/queries';
import type { Series, SessionBody, TreatmentSession } from '../journey/types';
import { usePatientPlans } from '../patients/queries';
import { ANAESTHESIA_CHOICES, anaesthesiaLabel } from './anaesthesia';
import { type PlannedZone, plannedZones } from './planZones';

const inputId = (field: string) => fieldInputId('session', field);

/** Record a treatment session from its plan (/patients/:id/sessions/new?plan=…). */
export function SessionScreen() {
  return (
    <PatientScreen title="Record a session">
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const plans = usePatientPlans(patient.id);
  const series = usePatientSeries(patient.id);
  const sessions = usePatientSessions(patient.id);
  const [params] = useSearchParams();
  if (plans.isPending || series.isPending || sessions.isPending)
    return <Loader aria-label="Loading the plans and sessions" />;
  const error = plans.error ?? series.error ?? sessions.error;
  if (error)
    return (
      <Alert color="red" title="The plans or sessions could not be loaded">
        {error.message}
      </Alert>
    );
  if (!plans.data || !series.data || !sessions.data) return null;
  if (plans.data.items.length === 0)
    return (
      <Alert color="blue.9" variant="outline" title="No plan yet">
        A session is recorded against a saved plan: plan the treatment first.
      </Alert>
    );
  // The plan asked for, else the latest series' plan, else the newest plan.
  const first = params.get('plan') ?? series.data.items[0]?.planId ?? plans.data.items[0]?.id ?? '';
  return (
    <Stack gap="lg">
      <SessionForm
        patient={patient}
        plans={plans.data.items}
        series={series.data.items}
        recorded={sessions.data.items}
        firstPlanId={first}
      />
      <PastSessions sessions={sessions.data.items} />
    </Stack>
  );
}

function SessionForm({
  patient,
  plans,
  series,
  recorded,
  firstPlanId,
}: {
  patient: Patient;
  plans: readonly PlanSummary[];
  series: readonly Series[];
  recorded: readonly TreatmentSession[];
  firstPlanId: string;
}) {
  const { clinic, me } = useAuth();
  const queryClient = useQueryClient();
  const [planId, setPlanId] = useState(firstPlanId);
  const plan = plans.find((p) => p.id === planId);
  const stored = useQuery({ ...storedPlanOf(patient.id, planId), enabled: plan !== undefined });
  const zones = stored.data ? plannedZones(stored.data.plan) : [];
  const ofPlan = series.filter((s) => s.planId === planId);
  const [seriesId, setSeriesId] = useState(ofPlan[0]?.id ?? '');
  const [date, setDate] = useState(clinic?.today ?? localToday());
  const [done, setDone] = useState<Record<string, boolean>>({});
  const [cores, setCores] = useState<Record<string, number | string>>({});
  const [anaesthesia, setAnaesthesia] = useState('');
  const [operator, setOperator] = useState(me?.email ?? '');
  const [needle, setNeedle] = useState('');
  const [notes, setNotes] = useState('');
  const [intervalReason, setIntervalReason] = useState('');

  // Every zone is done unless unticked; cores delivered default to the plan's.
  const isDone = (zone: PlannedZone) => done[zone.id] ?? true;
  const coresOf = (zone: PlannedZone) => cores[zone.id] ?? zone.coresPlanned ?? '';
  const sent = zones.filter(isDone);
  const verdict = sessionIntervalVerdict(
    date,
    recorded.map((s) => s.date),
  );
  const nouns: Record<string, string> = {
    planId: 'plan',
    seriesId: 'series',
    date: 'session day',
    zones: 'zones done',
    ...Object.fromEntries(
      sent.flatMap((zone, i) => [
        [`zones[${i}].zoneId`, `zone ${zone.label}`],
        [`zones[${i}].coresDelivered`, `cores delivered in ${zone.label}`],
      ]),
    ),
    anaesthesia: 'anaesthesia',
    operator: 'operator',
    needleGauge: 'needle gauge',
    notes: 'notes',
    intervalReason: 'reason for the shorter interval',
  };

  const { save, errors, other, failure } = useSaveForm({
    send: async () =>
      unwrap(
        await api.POST('/api/patients/{id}/sessions', {
          params: { path: { id: patient.id } },
          // The anaesthesia is left out when not chosen, so the API names it (the body is then
          // not a whole SessionBody: the server, not this form, decides what is missing).
          body: {
            planId,
            ...(seriesId ? { seriesId } : {}),
            date,
            zones: sent.map((zone) => ({
              zoneId: zone.id,
              coresDelivered: Number(coresOf(zone)),
            })),
            ...(anaesthesia ? { anaesthesia } : {}),
            ...(operator.trim() ? { operator: operator.trim() } : {}),
            ...(needle.trim() ? { needleGauge: needle.trim() } : {}),
            notes: notes.trim() || null,
            intervalReason: intervalReason.trim() || null,
          } as SessionBody,
        }),
      ),
    nouns,
    inputId,
    what: 'The session',
    onSaved: async () => {
      await queryClient.invalidateQueries({ queryKey: journeyKeys.sessions(patient.id) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(undefined);
  };

  return (
    <Card withBorder component="section" aria-labelledby="session-form">
      <Title order={3} id="session-form" mb="sm">
        The session
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby="session-form">
        <Stack gap="md">
          <FormProblems errors={errors} other={other} failure={failure} />
          {/* Shown once the save has settled (the lists refreshed), not while it finishes. */}
          {save.isSuccess && (
            <Alert color="teal.9" variant="outline" title="Saved" role="status">
              Session of {formatCalendarDate(save.data.date)} recorded.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              id={inputId('planId')}
              label="Plan delivered"
              withAsterisk
              value={planId}
              onChange={(e) => {
                setPlanId(e.currentTarget.value);
                setSeriesId(series.find((s) => s.planId === e.currentTarget.value)?.id ?? '');
              }}
              error={errors.planId}
              data={plans.map((p) => ({
                value: p.id,
                label: `Plan of ${formatDateTime(p.createdAt)} (${p.needle})`,
              }))}
            />
            <NativeSelect
              id={inputId('seriesId')}
              label="Series"
              value={seriesId}
              onChange={(e) => setSeriesId(e.currentTarget.value)}
              error={errors.seriesId}
              data={[
                { value: '', label: 'Not part of a series' },
                ...ofPlan.map((s) => ({
                  value: s.id,
                  label: `From ${formatCalendarDate(s.startDate)}, ${s.sessions.length} sessions`,
                })),
              ]}
            />
            <TextInput
              id={inputId('date')}
              type="date"
              label="Session day"
              withAsterisk
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={errors.date}
            />
          </SimpleGrid>
          <Alert
            color={verdict?.needsReason ? 'red.9' : 'blue.9'}
            title="The interval rule"
            variant="outline"
          >
            <Text size="sm">{intervalRuleText()}</Text>
            <Text size="sm" fw={600}>
              {verdict?.text ?? 'No other session is recorded for this patient.'}
            </Text>
            <Text size="xs" c="dimmed">
              Source: {INTERVAL_RULE_SOURCE}
            </Text>
          </Alert>
          <Stack gap="xs" role="group" aria-labelledby="session-zones">
            <Text fw={500} size="sm" id="session-zones">
              Zones done and cores delivered
            </Text>
            {stored.isPending && <Loader size="sm" aria-label="Loading the plan" />}
            {errors.zones && (
              <Text size="sm" c="red.8" id={inputId('zones')} tabIndex={-1}>
                {errors.zones}
              </Text>
            )}
            {zones.map((zone) => {
              const index = sent.indexOf(zone);
              const field = `zones[${index}].coresDelivered`;
              return (
                <Group key={zone.id} align="flex-end" gap="md">
                  <Checkbox
                    label={`Done: ${zone.label}`}
                    checked={isDone(zone)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setDone((d) => ({ ...d, [zone.id]: on }));
                    }}
                    w={220}
                  />
                  <NumberInput
                    id={index >= 0 ? inputId(field) : undefined}
                    label={`Cores delivered in ${zone.label}`}
                    description={
                      zone.coresPlanned === undefined
                        ? undefined
                        : `Planned: ${formatNumber(zone.coresPlanned)} cores`
                    }
                    disabled={!isDone(zone)}
                    allowDecimal={false}
                    value={coresOf(zone)}
                    onChange={(value) => setCores((c) => ({ ...c, [zone.id]: value }))}
                    error={
                      index >= 0 ? (errors[field] ?? errors[`zones[${index}].zoneId`]) : undefined
                    }
                    w={240}
                  />
                </Group>
              );
            })}
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              id={inputId('anaesthesia')}
              label="Anaesthesia"
              withAsterisk
              value={anaesthesia}
              onChange={(e) => setAnaesthesia(e.currentTarget.value)}
              error={errors.anaesthesia}
              data={[
                { value: '', label: 'Choose…' },
                ...ANAESTHESIA_CHOICES.map((value) => ({ value, label: anaesthesiaLabel(value) })),
              ]}
            />
            <TextInput
              id={inputId('operator')}
              label="Operator"
              description="Who operated the handpiece"
              value={operator}
              onChange={(e) => setOperator(e.currentTarget.value)}
              error={errors.operator}
            />
            <TextInput
              id={inputId('needleGauge')}
              label="Needle gauge"
              description={`Default: the plan's${plan ? ` (${plan.needle})` : ''}`}
              placeholder={plan?.needle}
              value={needle}
              onChange={(e) => setNeedle(e.currentTarget.value)}
              error={errors.needleGauge}
            />
          </SimpleGrid>
          <Textarea
            id={inputId('intervalReason')}
            label="Reason for a shorter interval"
            description="Required when this session is sooner than the minimum after (or before) another"
            withAsterisk={verdict?.needsReason}
            autosize
            minRows={2}
            value={intervalReason}
            onChange={(e) => setIntervalReason(e.currentTarget.value)}
            error={errors.intervalReason}
          />
          <Textarea
            id={inputId('notes')}
            label="Notes"
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={patient.archived}>
              Record the session
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function PastSessions({ sessions }: { sessions: readonly TreatmentSession[] }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="past-sessions">
      <Title order={3} id="past-sessions">
        Recorded sessions
      </Title>
      {sessions.length === 0 ? (
        <Text size="sm">No session recorded yet.</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th>Zones (cores delivered)</Table.Th>
              <Table.Th>Anaesthesia</Table.Th>
              <Table.Th>Needle</Table.Th>
              <Table.Th>Operator</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...sessions].reverse().map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatCalendarDate(s.date)}</Table.Td>
                <Table.Td>
                  {s.zones.map((z) => `${z.zoneId} (${formatNumber(z.coresDelivered)})`).join(', ')}
                </Table.Td>
                <Table.Td>{anaesthesiaLabel(s.anaesthesia)}</Table.Td>
                <Table.Td>{s.needleGauge}</Table.Td>
                <Table.Td>{s.operator}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
