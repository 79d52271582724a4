import { Alert, Anchor, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/problem';
import { formatCalendarDate, formatDateTime } from '../format/locale';
import { patientQuery } from '../patients/queries';
import { Planner, type SavedPlan } from './Planner';
import { isPlan, packPlan } from './packedPlan';
import classes from './planner.module.css';
import { describeError, useStoredPlan } from './plannerApi';
import { readStoredRequest } from './planSettings';

/** How long a patient read is taken as current by the planner's header (name, birth date), ms. */
const JUST_READ_MS = 10_000;

/**
 * The planner's route: /patients/:patientId/planner plans anew; /patients/:patientId/plans/:planId
 * reopens a stored plan as it was saved (its settings, seed and cores).
 */
export default function PlannerScreen() {
  const { patientId = '', planId } = useParams();
  // A cold load has just read the patient (routes.tsx preloadPlanner): not read again on mount.
  const patient = useQuery({ ...patientQuery(patientId), staleTime: JUST_READ_MS });
  const stored = useStoredPlan(patientId, planId);
  // Read and packed once per stored plan (hashing 10,000 cores is not for every render).
  const saved = useMemo((): SavedPlan | 'unreadable' | undefined => {
    if (!stored.data) return undefined;
    const body = readStoredRequest(stored.data.input);
    const plan = stored.data.plan;
    if (!body || !isPlan(plan)) return 'unreadable';
    return { id: stored.data.id, createdAt: stored.data.createdAt, body, packed: packPlan(plan) };
  }, [stored.data]);

  if (patient.isError || stored.isError) {
    const error = patient.error ?? stored.error;
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert color="red" title={notFound ? 'Not found' : 'The planner could not open'} role="alert">
        {notFound
          ? planId
            ? 'No such plan for this patient in your clinic.'
            : 'No such patient in your clinic.'
          : describeError(error)}
      </Alert>
    );
  }
  if (patient.isPending || (planId !== undefined && stored.isPending)) {
    return (
      <Center h={240}>
        <Loader aria-label="Loading the planner" />
      </Center>
    );
  }

  if (saved === 'unreadable') {
    return (
      <Alert color="red" title="This plan cannot be reopened here" role="alert">
        The stored plan is not one this version of the planner reads.
      </Alert>
    );
  }

  const p = patient.data;
  return (
    <Stack gap="sm" className={classes.screen}>
      <Group justify="space-between" align="baseline">
        <div>
          <Title order={2}>
            {saved ? `Plan of ${formatDateTime(saved.createdAt)}` : 'New plan'}
          </Title>
          <Text size="sm" c="dimmed">
            {p.givenName} {p.familyName} · born {formatCalendarDate(p.birthDate)} · Fitzpatrick type{' '}
            {p.fitzpatrickType}
            {p.synthetic ? ' · demo patient' : ''}
          </Text>
        </div>
        <Anchor component={Link} to={`/patients/${patientId}`}>
          Back to the patient
        </Anchor>
      </Group>
      <Planner key={saved?.id ?? 'new'} patientId={patientId} saved={saved} />
    </Stack>
  );
}
