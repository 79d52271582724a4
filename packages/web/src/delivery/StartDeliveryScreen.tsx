import {
  Alert,
  Anchor,
  Button,
  Center,
  Loader,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/problem';
import { formatCalendarDate, formatDateTime } from '../format/locale';
import { patientQuery } from '../patients/queries';
import { seriesQuery, storedPlanQuery } from '../patients/recordQueries';
import { ANAESTHESIA_CHOICES, anaesthesiaLabel } from '../session/anaesthesia';
import { newConsoleId, rememberConsole } from './consoleIdentity';
import { type Anaesthesia, startDeliverySession } from './deliveryApi';
import { START_FIELDS as FIELDS, type StartField as Field, startProblems } from './startProblems';

/**
 * Start a delivery session of a saved plan: anaesthesia, the series it belongs to (optional) and,
 * when the server says this session comes sooner than the clinic's minimum interval, the reason.
 * The server's refusals are shown beside their field (422) or above the form (409, others). The
 * session is started from a new console id kept for this tab, then its live screen opens.
 */
export default function StartDeliveryScreen() {
  const { id = '', planId = '' } = useParams();
  const navigate = useNavigate();
  const patient = useQuery(patientQuery(id));
  const plan = useQuery(storedPlanQuery(id, planId));
  const series = useQuery(seriesQuery(id));
  const [anaesthesia, setAnaesthesia] = useState<Anaesthesia>('topical');
  const [seriesId, setSeriesId] = useState('');
  const [intervalReason, setIntervalReason] = useState('');
  const [askReason, setAskReason] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : 'Patient';
  useDocumentTitle(`Start a delivery session · ${name} · microcore`);

  const error = patient.error ?? plan.error;
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert
        color="red"
        title={notFound ? 'Not found' : 'The plan could not be opened'}
        role="alert"
      >
        {notFound ? 'No such plan for this patient in your clinic.' : error.message}
      </Alert>
    );
  }
  if (!patient.data || !plan.data) {
    return (
      <Center h={240}>
        <Loader aria-label="Loading the plan" />
      </Center>
    );
  }
  const ofPlan = (series.data?.items ?? []).filter((s) => s.planId === planId);

  const start = async () => {
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    const consoleId = newConsoleId();
    try {
      const session = await startDeliverySession(id, {
        planId,
        consoleId,
        anaesthesia,
        ...(seriesId ? { seriesId } : {}),
        ...(intervalReason.trim() ? { intervalReason: intervalReason.trim() } : {}),
      });
      rememberConsole(session.id, consoleId);
      navigate(`/patients/${id}/delivery/${session.id}`);
    } catch (caught) {
      setBusy(false);
      if (!(caught instanceof ApiError)) {
        setFailure(
          `The session could not be started: ${caught instanceof Error ? caught.message : String(caught)}`,
        );
        return;
      }
      const { byField, other } = startProblems(caught.problem);
      if (byField.intervalReason) setAskReason(true);
      setErrors(byField);
      const first = FIELDS.find((f) => byField[f]);
      if (first) setTimeout(() => document.getElementById(`delivery-${first}`)?.focus(), 0);
      if (other.length > 0 || Object.keys(byField).length === 0)
        setFailure(
          `The server refused to start the session: ${[caught.problem.detail || caught.message, ...other].join('; ')}`,
        );
    }
  };

  return (
    <Stack gap="md" maw={560}>
      <Title order={2}>Start a delivery session</Title>
      <Text>
        {name} · plan of {formatDateTime(plan.data.createdAt)}.{' '}
        <Anchor component={Link} to={`/patients/${id}`}>
          Back to the patient
        </Anchor>
      </Text>
      {failure && (
        <Alert color="red" title="Not started" role="alert">
          {failure}
        </Alert>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <Stack gap="sm">
          <NativeSelect
            id="delivery-anaesthesia"
            label="Anaesthesia"
            withAsterisk
            value={anaesthesia}
            onChange={(e) => setAnaesthesia(e.currentTarget.value as Anaesthesia)}
            data={ANAESTHESIA_CHOICES.map((value) => ({ value, label: anaesthesiaLabel(value) }))}
            error={errors.anaesthesia}
          />
          <NativeSelect
            id="delivery-seriesId"
            label="Treatment series"
            description="Optional: the series of this plan the session belongs to"
            value={seriesId}
            onChange={(e) => setSeriesId(e.currentTarget.value)}
            data={[
              { value: '', label: 'None' },
              ...ofPlan.map((s) => ({
                value: s.id,
                label: `Series from ${formatCalendarDate(s.startDate)}`,
              })),
            ]}
            error={errors.seriesId}
          />
          {askReason && (
            <Textarea
              id="delivery-intervalReason"
              label="Reason for a shorter interval"
              description="This session is sooner than the clinic's minimum interval after another: say why"
              withAsterisk
              value={intervalReason}
              onChange={(e) => setIntervalReason(e.currentTarget.value)}
              error={errors.intervalReason}
            />
          )}
          <Button type="submit" loading={busy} w="fit-content">
            Start the session
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
