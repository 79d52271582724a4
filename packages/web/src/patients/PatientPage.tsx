import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/problem';
import type { Patient, PlanSummary, Screening } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import {
  ageYears,
  formatCalendarDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  localToday,
} from '../format/locale';
import { PredictedObservedPanel } from '../predictedObserved/PredictedObservedPanel';
import { Facts } from '../shell/Facts';
import { NotFound } from '../shell/NotFound';
import {
  DECISION_BADGES,
  decisionLabel,
  FITZPATRICK_HINTS,
  fitzpatrickLabel,
  laxityLabel,
  sexLabel,
} from './labels';
import { PlanThumbnail } from './PlanThumbnail';
import { usePatient, usePatientPlans, usePatientScreenings } from './queries';

/**
 * One patient: who they are, their skin, their latest screening and their saved plans, each
 * opening in the planner. Another clinic's patient is answered 404 by the API and shown as not
 * found, like one that never existed.
 */
export function PatientPage() {
  const { id = '' } = useParams();
  const patient = usePatient(id);
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : 'Patient';
  useDocumentTitle(`${name} · microcore`);
  if (patient.isPending) return <Loader aria-label="Loading the patient" />;
  if (isNotFound(patient.error)) return <NotFound what="patient" />;
  if (patient.isError)
    return (
      <Alert color="red" title="The patient could not be loaded">
        {patient.error.message}
      </Alert>
    );
  return <PatientDetails patient={patient.data} />;
}

function PatientDetails({ patient }: { patient: Patient }) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  const age = ageYears(patient.birthDate, today);
  const base = `/patients/${patient.id}`;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>
              {patient.givenName} {patient.familyName}
            </Title>
            {patient.synthetic && (
              <Badge variant="light" color="gray">
                Demo patient: generated, not a real person
              </Badge>
            )}
            {patient.archived && (
              <Badge variant="light" color="gray">
                Archived
              </Badge>
            )}
          </Group>
          <Anchor component={Link} to="/patients" size="sm">
            All patients
          </Anchor>
        </Stack>
        <Group>
          <Button component={Link} to={`${base}/edit`} variant="default">
            Edit details
          </Button>
          {patient.archived ? (
            <Button disabled>New plan</Button>
          ) : (
            <Button component={Link} to={`${base}/planner`}>
              New plan
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder component="section" aria-labelledby="patient-details">
          <Title order={3} size="h4" id="patient-details" mb="sm">
            Details
          </Title>
          <Facts
            items={[
              [
                'Birth date',
                `${formatCalendarDate(patient.birthDate)}${age === undefined ? '' : ` (${formatNumber(age)} years)`}`,
              ],
              ['Sex', sexLabel(patient.sex)],
              ['Email', patient.email ?? '—'],
              ['Phone', patient.phone ?? '—'],
              ['Registered', formatDateTime(patient.createdAt)],
            ]}
          />
        </Card>
        <Card withBorder component="section" aria-labelledby="patient-skin">
          <Title order={3} size="h4" id="patient-skin" mb="sm">
            Skin
          </Title>
          <Facts
            items={[
              [
                'Fitzpatrick type',
                `${fitzpatrickLabel(patient.fitzpatrickType)} (${FITZPATRICK_HINTS[patient.fitzpatrickType] ?? ''})`,
              ],
              ['Laxity grade', `${laxityLabel(patient.laxityGrade)} of 4`],
            ]}
          />
        </Card>
        <Card withBorder component="section" aria-labelledby="patient-screening">
          <Title order={3} size="h4" id="patient-screening" mb="sm">
            Latest screening
          </Title>
          <LatestScreening patientId={patient.id} />
        </Card>
      </SimpleGrid>
      <nav aria-label="The patient's records">
        <Group gap="md">
          <Anchor component={Link} to={`${base}/timeline`}>
            Timeline
          </Anchor>
          <Anchor component={Link} to={`${base}/adverse-events`}>
            Adverse events
          </Anchor>
          <Anchor component={Link} to={`${base}/consents`}>
            Consents
          </Anchor>
        </Group>
      </nav>
      <Group component="nav" aria-label="Clinical journey" gap="sm">
        <Button component={Link} to={`${base}/screening`} variant="default">
          Screening
        </Button>
        <Button component={Link} to={`${base}/series`} variant="default">
          Treatment series
        </Button>
        <Button component={Link} to={`${base}/sessions/new`} variant="default">
          Record a session
        </Button>
        <Button component={Link} to={`${base}/follow-ups`} variant="default">
          Follow-ups
        </Button>
      </Group>
      <PlanList patientId={patient.id} archived={patient.archived} />
      <PredictedObservedPanel patientId={patient.id} fitzpatrickType={patient.fitzpatrickType} />
      <Anchor component={Link} to={`${base}/photos`}>
        Photos: take or upload, mark the pupils, before and after
      </Anchor>
    </Stack>
  );
}

function LatestScreening({ patientId }: { patientId: string }) {
  const screenings = usePatientScreenings(patientId);
  if (screenings.isPending) return <Loader size="sm" aria-label="Loading the screenings" />;
  if (screenings.isError)
    return <Text size="sm">The screenings could not be loaded: {screenings.error.message}</Text>;
  // The list is newest first.
  const latest: Screening | undefined = screenings.data.items[0];
  if (!latest) return <Text size="sm">Not screened yet.</Text>;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge
          color={DECISION_BADGES[latest.decision]?.color ?? 'gray.8'}
          c={DECISION_BADGES[latest.decision]?.text ?? 'white'}
        >
          {decisionLabel(latest.decision)}
        </Badge>
        <Text size="sm">on {formatCalendarDate(latest.date)}</Text>
      </Group>
      {latest.reasons.length > 0 && (
        <List size="sm" spacing={4}>
          {latest.reasons.map((reason) => (
            <List.Item key={reason.code}>{sentence(reason.message)}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The core's reasons are clauses ("the treatment is planned…"): shown as sentences. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const numberIn = (record: Record<string, unknown>, key: string): number | undefined =>
  typeof record[key] === 'number' ? record[key] : undefined;

const PATTERNS: Record<string, string> = { 'blue-noise': 'Blue noise', fields: 'Handpiece fields' };

function PlanList({ patientId, archived }: { patientId: string; archived: boolean }) {
  const plans = usePatientPlans(patientId);
  return (
    <Stack gap="sm" component="section" aria-labelledby="patient-plans">
      <Title order={3} id="patient-plans">
        Plans
      </Title>
      {plans.isPending && <Loader size="sm" aria-label="Loading the plans" />}
      {plans.isError && (
        <Alert color="red" title="The plans could not be loaded">
          {plans.error.message}
        </Alert>
      )}
      {plans.data && plans.data.items.length === 0 && (
        <Text size="sm">
          No plans yet.{archived ? ' Restore the patient to plan a treatment.' : ''}
        </Text>
      )}
      {plans.data && plans.data.items.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {plans.data.items.map((plan) => (
            <PlanCard key={plan.id} patientId={patientId} plan={plan} archived={archived} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function PlanCard({
  patientId,
  plan,
  archived,
}: {
  patientId: string;
  plan: PlanSummary;
  archived: boolean;
}) {
  const { me } = useAuth();
  // Clinicians and admins deliver (the server's record writers); a researcher sees no patients.
  const delivers = me?.role === 'clinician' || me?.role === 'admin';
  const cores = numberIn(plan.totals, 'cores');
  const minutes = numberIn(plan.totals, 'estimatedMinutes');
  const coverage = numberIn(plan.totals, 'coverageFraction');
  const created = formatDateTime(plan.createdAt);
  // Settings the plan was asked for, beyond the summary's: shown when they were given.
  const bridgeMm = numberIn(plan.input, 'bridgeMm');
  const pattern = typeof plan.input.pattern === 'string' ? plan.input.pattern : undefined;
  return (
    <Card withBorder component="article" aria-label={`Plan of ${created}`}>
      <Group align="flex-start" wrap="nowrap" gap="md">
        <PlanThumbnail zoneIds={plan.zones} cores={cores} />
        <Stack gap="xs">
          <Anchor component={Link} to={`/patients/${patientId}/plans/${plan.id}`} fw={600}>
            Plan of {created}
          </Anchor>
          <Facts
            items={[
              ['Planned by', plan.createdBy?.email ?? 'not recorded'],
              ['Needle', plan.needle],
              ['Coverage target', formatPercent(plan.coverageTarget)],
              ...(coverage === undefined
                ? []
                : [['Coverage planned', formatPercent(coverage)] as const]),
              ['Zones', formatNumber(plan.zones.length)],
              ...(bridgeMm === undefined
                ? []
                : [
                    [
                      'Skin bridge (mm)',
                      formatNumber(bridgeMm, { maximumFractionDigits: 2 }),
                    ] as const,
                  ]),
              ...(pattern === undefined
                ? []
                : [['Pattern', PATTERNS[pattern] ?? pattern] as const]),
              ...(minutes === undefined
                ? []
                : [
                    [
                      'Estimated time (min)',
                      formatNumber(minutes, { maximumFractionDigits: 1 }),
                    ] as const,
                  ]),
              ['Mode', plan.mode === 'research' ? 'Research' : 'Clinical'],
              ['Warnings', formatNumber(plan.warnings)],
            ]}
          />
          {delivers && !archived && (
            <Button
              component={Link}
              to={`/patients/${patientId}/plans/${plan.id}/delivery`}
              size="xs"
              variant="default"
              w="fit-content"
              aria-label={`Start session: plan of ${created}`}
            >
              Start session
            </Button>
          )}
        </Stack>
      </Group>
    </Card>
  );
}
