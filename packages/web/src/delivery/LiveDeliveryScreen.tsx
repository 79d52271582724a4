import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { DEFAULT_HANDPIECE, type StoredPlan } from '@microcore/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/AuthProvider';
import { formatNumber } from '../format/locale';
import { patientQuery } from '../patients/queries';
import { storedPlanQuery } from '../patients/recordQueries';
import { SAVED_COLOUR, WARNING_COLOUR } from '../planner/colours';
import { isPlan } from '../planner/packedPlan';
import { fitView } from '../planner/viewTransform';
import { Facts } from '../shell/Facts';
import { AlarmBanner } from './AlarmBanner';
import { ClaimedPanel } from './ClaimedPanel';
import { tabConsoleFor } from './consoleIdentity';
import { type DeliverySession, getDeliverySession } from './deliveryApi';
import { DEMO_SPEEDS, type DemoSpeed } from './demoHandpiece';
import { LIVE_CANVAS_SIZE, LiveCanvas } from './LiveCanvas';
import { LiveController } from './liveController';
import type { LiveSnapshot } from './liveSession';
import { type PlanScene, planScene } from './planScene';
import { useDeliveryWatch } from './useDeliveryWatch';
import { useDemoConsole } from './useDemoConsole';
import { ZoneBars } from './ZoneBars';

/** The handpiece's field side, mm (the guard's default handpiece: the server runs the same). */
const FIELD_SIDE_MM = DEFAULT_HANDPIECE.fieldSideMm;

/** How often the figures beside the drawing are brought up to date, ms (the drawing: every frame). */
const PANEL_EVERY_MS = 250;

/**
 * A delivery session live: the plan faint, the session drawn on it as the server acknowledges
 * it, per-zone progress, the totals, the alarms, the next field; pause, resume and end. In the
 * demo clinic the handpiece is the simulated practitioner in a worker (useDemoConsole). Opened
 * again (a reload, another day) it reads the session and draws it as it stands.
 */
export default function LiveDeliveryScreen() {
  const { id = '', deliveryId = '' } = useParams();
  const patient = useQuery(patientQuery(id));
  // Read once per visit: the console keeps it current from then on.
  const session = useQuery({
    queryKey: ['delivery-session', id, deliveryId],
    queryFn: ({ signal }) => getDeliverySession(id, deliveryId, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const planId = session.data?.planId;
  const stored = useQuery({ ...storedPlanQuery(id, planId ?? ''), enabled: planId !== undefined });
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : 'Patient';
  useDocumentTitle(`Delivery · ${name} · microcore`);

  const plan = stored.data && isPlan(stored.data.plan) ? stored.data.plan : undefined;
  const scene = useMemo(
    () => (plan && stored.data ? planScene(plan, stored.data.input) : undefined),
    [plan, stored.data],
  );

  const error = session.error ?? stored.error ?? patient.error;
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert
        color="red"
        title={notFound ? 'Not found' : 'The session could not be opened'}
        role="alert"
      >
        {notFound ? 'No such delivery session for this patient in your clinic.' : error.message}
      </Alert>
    );
  }
  if (!session.data || !stored.data) {
    return (
      <Center h={240}>
        <Loader aria-label="Loading the session" />
      </Center>
    );
  }
  if (!plan || !scene) {
    return (
      <Alert color="red" title="This plan cannot be drawn here" role="alert">
        The stored plan is not one this version of the app reads.
      </Alert>
    );
  }
  return (
    <LiveSessionView
      patientId={id}
      patientName={name}
      session={session.data}
      plan={plan}
      scene={scene}
    />
  );
}

function LiveSessionView({
  patientId,
  patientName,
  session,
  plan,
  scene,
}: {
  patientId: string;
  patientName: string;
  session: DeliverySession;
  plan: StoredPlan;
  scene: PlanScene;
}) {
  const { clinic } = useAuth();
  const view = useMemo(() => fitView(scene.bounds, LIVE_CANVAS_SIZE), [scene]);
  const controller = useMemo(
    () =>
      new LiveController(
        view,
        scene.coreDiameterMm,
        FIELD_SIDE_MM,
        scene.plannedCores,
        session.state,
        session.sessionRecordId,
        session.placements,
      ),
    [view, scene, session],
  );
  const [snapshot, setSnapshot] = useState<LiveSnapshot>(controller.session.snapshot);
  useEffect(() => {
    let seen = -1;
    const timer = setInterval(() => {
      if (controller.version === seen) return;
      seen = controller.version;
      setSnapshot(controller.session.snapshot);
    }, PANEL_EVERY_MS);
    return () => clearInterval(timer);
  }, [controller]);

  // Known once this page holds it (not a duplicated tab's copy): the console waits for it.
  const [consoleId, setConsoleId] = useState<string>();
  useEffect(() => {
    let current = true;
    void tabConsoleFor(session.id).then((id) => {
      if (current) setConsoleId(id);
    });
    return () => {
      current = false;
    };
  }, [session.id]);
  const [speed, setSpeed] = useState<DemoSpeed>(10);
  const [attempt, setAttempt] = useState(0);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const demo = clinic?.demo === true;
  const open = session.status !== 'ended';
  const [consoleState, send] = useDemoConsole({
    run: demo && open && consoleId !== undefined,
    attempt,
    plan,
    state: session.state,
    patientId,
    sessionId: session.id,
    consoleId: consoleId ?? '',
    speed,
    controller,
  });

  const ended = snapshot.status === 'ended';
  const paused = snapshot.status === 'paused';
  const claimed = consoleState.stopped?.code === 'delivery.claimed';
  // A screen that does not drive the session follows it: outside the demo (the clinic's
  // handpiece sends the events), or while another console holds it and no takeover was made.
  const watching = open && (!demo || claimed);
  const watchConnected = useDeliveryWatch({
    run: watching,
    patientId,
    sessionId: session.id,
    controller,
  });
  const canDrive = demo && !ended && consoleState.stopped === undefined && !consoleState.failure;
  const t = snapshot.totals;
  const zoneLabels = Object.fromEntries(plan.zones.map((z) => [z.id, z.label ?? z.id]));
  const drawingLabel = `The plan, faint, with the session on it: ${formatNumber(t.extracted)} cores extracted (filled dots), ${formatNumber(t.failed)} failed (red rings), ${formatNumber(t.refused)} refused (crosses); the next suggested field is the thick dashed square.`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>Live delivery · {patientName}</Title>
          <Anchor component={Link} to={`/patients/${patientId}`} size="sm">
            Back to the patient
          </Anchor>
        </Stack>
        <Group gap="xs">
          <Badge
            color={ended ? 'gray' : paused ? WARNING_COLOUR : SAVED_COLOUR}
            size="lg"
            aria-label={`Session ${ended ? 'ended' : paused ? 'paused' : 'running'}`}
          >
            {ended ? 'Ended' : paused ? 'Paused' : 'Running'}
          </Badge>
          {demo && !ended && !watching && (
            <Badge variant="light" color={consoleState.connected ? SAVED_COLOUR : 'gray'} size="lg">
              {consoleState.connected ? 'Console connected' : 'Console not connected'}
            </Badge>
          )}
          {watching && !ended && (
            <Badge variant="light" color={watchConnected ? SAVED_COLOUR : 'gray'} size="lg">
              {watchConnected ? 'Following live' : 'Not following: reconnecting'}
            </Badge>
          )}
        </Group>
      </Group>

      <AlarmBanner alarms={snapshot.alarms} />

      {claimed && (
        <ClaimedPanel
          patientId={patientId}
          sessionId={session.id}
          consoleId={consoleId ?? ''}
          onTakenOver={() => setAttempt((n) => n + 1)}
        />
      )}
      {consoleState.stopped && !claimed && (
        <Alert color="red" title="The console stopped" role="alert">
          The server refused the console's events: {consoleState.stopped.detail} (
          {consoleState.stopped.code})
        </Alert>
      )}
      {consoleState.failure && (
        <Alert color="red" title="The demo console failed" role="alert">
          {consoleState.failure}. Reload the page to go on from what the server holds.
        </Alert>
      )}
      {!demo && !ended && (
        <Alert color="gray" title="No console here">
          This clinic's handpiece sends the session's events; this screen follows them as the server
          commits them, and cannot send any. The simulated handpiece runs only in the demo clinic.
        </Alert>
      )}
      {ended && snapshot.sessionRecordId && (
        <Alert color={SAVED_COLOUR} title="The session has ended" role="status">
          Its session record is written (record {snapshot.sessionRecordId}).{' '}
          <Anchor component={Link} to={`/patients/${patientId}`} c="inherit" underline="always">
            Back to the patient
          </Anchor>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="xs">
          <LiveCanvas
            controller={controller}
            plan={scene}
            view={view}
            fieldSideMm={FIELD_SIDE_MM}
            label={drawingLabel}
          />
          <Text size="xs" c="dimmed">
            Filled green dots: cores extracted. Red rings: cores that did not come out. Grey dashed
            rings: no outcome reported. Orange crosses: cores the guard refused. Blue squares:
            fields placed; the thick dashed square is the next field suggested.
          </Text>
        </Stack>
        <Stack gap="md">
          {demo && !ended && (
            <Stack gap="xs">
              <Text fw={600} id="demo-speed">
                Demo speed
              </Text>
              <SegmentedControl
                aria-labelledby="demo-speed"
                value={String(speed)}
                onChange={(value) => {
                  const next = (value === 'full' ? 'full' : Number(value)) as DemoSpeed;
                  setSpeed(next);
                  send({ type: 'speed', speed: next });
                }}
                data={DEMO_SPEEDS.map((s) => ({
                  value: String(s),
                  label: s === 'full' ? 'Full speed' : `×${s}`,
                }))}
              />
            </Stack>
          )}
          {!ended && (
            <Group>
              {paused ? (
                <Button onClick={() => send({ type: 'resume' })} disabled={!canDrive}>
                  Resume
                </Button>
              ) : (
                <Button
                  onClick={() => send({ type: 'pause' })}
                  disabled={!canDrive}
                  variant="default"
                >
                  Pause
                </Button>
              )}
              <Button color="red.9" onClick={() => setConfirmEnd(true)} disabled={!canDrive}>
                End session
              </Button>
            </Group>
          )}
          <Facts
            items={[
              [
                'Cores extracted',
                `${formatNumber(t.extracted)} of ${formatNumber(t.targetCores)} planned`,
              ],
              ['Failed', formatNumber(t.failed)],
              ['Awaiting an outcome', formatNumber(t.pending)],
              ...(t.unreported > 0 ? [['Unreported', formatNumber(t.unreported)] as const] : []),
              ['Refused', formatNumber(t.refused)],
              ['Fields placed', formatNumber(snapshot.fields)],
              ['Active time', minutesSeconds(snapshot.activeS)],
              [
                'Next field',
                snapshot.nextField
                  ? `${zoneLabels[snapshot.nextField.zone] ?? snapshot.nextField.zone}: ${formatNumber(snapshot.nextField.plannedCoresLeft)} cores left there`
                  : 'none',
              ],
              ['Events committed', formatNumber(snapshot.lastSeq)],
            ]}
          />
          <ZoneBars zones={snapshot.zones} labels={zoneLabels} />
        </Stack>
      </SimpleGrid>

      <Modal opened={confirmEnd} onClose={() => setConfirmEnd(false)} title="End the session?">
        <Stack gap="sm">
          <Text size="sm">
            Ending writes the session record with what has been delivered so far; nothing more can
            be sent afterwards.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmEnd(false)}>
              Keep going
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                send({ type: 'end' });
                setConfirmEnd(false);
              }}
            >
              End the session
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** 754.2 s → "12 min 34 s". */
function minutesSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
