import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/problem.js';
import { patientQuery } from '../patients/queries.js';
import { storedPlanQuery } from '../patients/recordQueries.js';
import { ColourScale } from './ColourScale.js';
import { CourseChart } from './CourseChart.js';
import { areaChart, gaisChart, lemperleChart } from './chartData.js';
import { DaySlider } from './DaySlider.js';
import { DowntimeView } from './DowntimeView.js';
import { dayFigures } from './dayFigures.js';
import { EstimateLabel } from './EstimateLabel.js';
import { ESTIMATE_LABEL } from './estimateLabel.js';
import { FieldImage } from './FieldImage.js';
import { scaleMaximum, scaleTicks } from './fieldScale.js';
import { formatDate, formatNumber, formatPercent } from './format.js';
import { downtimeWindows, PHASE_NAMES, phaseOnDay } from './healingCourse.js';
import { planOutline } from './planOutline.js';
import { defaultSessions, predictionChoices } from './predictionChoices.js';
import { lastResult } from './predictionState.js';
import type { PredictRequest } from './predictProtocol.js';
import { usePrediction } from './usePrediction.js';
import './prediction.css';

const LAST_DAY = 180;

/**
 * The prediction for a stored plan: the tightening field on a chosen day as a heat map with its
 * colour scale and displacement arrows, the healing phase of that day, the course over 0–180 days
 * (area loss, Lemperle change, GAIS improvement, each with its interval) and the downtime. The
 * core's simulation runs in a Web Worker (usePrediction); this component only lays it out.
 */
export default function PredictionScreen() {
  const { patientId = '', planId = '' } = useParams();
  // The app's own queries: the patient and the plan are shared with the planner and the patient
  // page (one cache entry each), not fetched again under keys of this screen's.
  const patient = useQuery(patientQuery(patientId));
  const stored = useQuery(storedPlanQuery(patientId, planId));
  const [sessions, setSessions] = useState<number | null>(null);
  const [intervalWeeks, setIntervalWeeks] = useState(6);
  const [baselineLemperle, setBaselineLemperle] = useState(3);
  const [day, setDay] = useState(90);
  const chosenSessions =
    sessions ?? (patient.data ? defaultSessions(patient.data.laxityGrade) : null);

  useEffect(() => {
    document.title = 'Prediction — microcore';
  }, []);

  const request = useMemo<PredictRequest | null>(
    () =>
      stored.data && chosenSessions !== null
        ? {
            plan: stored.data.plan,
            sessions: chosenSessions,
            intervalWeeks,
            baselineLemperle,
            fitzpatrick: patient.data?.fitzpatrickType,
            lastDay: LAST_DAY,
          }
        : null,
    [stored.data, chosenSessions, intervalWeeks, baselineLemperle, patient.data?.fitzpatrickType],
  );
  const { state, cancel, rerun } = usePrediction(request);
  const result = lastResult(state);
  const outline = useMemo(() => planOutline(stored.data?.plan), [stored.data]);

  const failure = patient.error ?? stored.error;
  if (failure)
    return (
      <Stack className="mc-prediction">
        <Title order={2}>Prediction</Title>
        <Alert color="red" title="The prediction cannot be shown">
          {isNotFound(failure)
            ? `${patient.error ? 'The patient' : 'The plan'} was not found.`
            : failure.message}{' '}
          <Anchor component={Link} to="/">
            Back to the start
          </Anchor>
        </Alert>
      </Stack>
    );

  return (
    <Stack className="mc-prediction" gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Prediction</Title>
          {patient.data && (
            <Text size="sm" c="gray.7" data-testid="prediction-patient">
              {patient.data.givenName} {patient.data.familyName} · Fitzpatrick type{' '}
              {patient.data.fitzpatrickType} · laxity grade{' '}
              {formatNumber(patient.data.laxityGrade, 1)}
              {stored.data && ` · plan of ${formatDate(stored.data.createdAt)}`}
              {outline &&
                ` · ${outline.gauge}, ${formatNumber(outline.cores)} cores, coverage ${formatPercent(outline.coverageFraction, 1)}`}
            </Text>
          )}
        </div>
        <Button className="mc-no-print" variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </Group>

      <EstimateLabel interval="Every figure on this page is the model’s estimate for patients like this one, given with the range (interval) that most of them fall in. It is not a promise of this patient’s outcome." />

      {result && <DomainAlert warnings={result.simulation.warnings} />}

      <Paper withBorder p="md" className="mc-no-print">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Sessions in the series"
            description={
              patient.data
                ? `Recommended for laxity grade ${formatNumber(patient.data.laxityGrade, 1)}: ${defaultSessions(patient.data.laxityGrade)}`
                : undefined
            }
            styles={{ description: { color: 'var(--mantine-color-gray-7)' } }}
            data={predictionChoices.sessions}
            value={chosenSessions === null ? null : String(chosenSessions)}
            onChange={(v) => v && setSessions(Number(v))}
            allowDeselect={false}
          />
          <Select
            label="Weeks between sessions (weeks)"
            data={predictionChoices.intervalWeeks}
            value={String(intervalWeeks)}
            onChange={(v) => v && setIntervalWeeks(Number(v))}
            allowDeselect={false}
            disabled={chosenSessions === 1}
          />
          <Select
            label="Lemperle grade before treatment (0–5)"
            data={predictionChoices.lemperle}
            value={String(baselineLemperle)}
            onChange={(v) => v && setBaselineLemperle(Number(v))}
            allowDeselect={false}
          />
        </SimpleGrid>
        {state.status === 'running' && (
          <Group mt="md" align="center" data-testid="prediction-progress">
            <Progress
              value={state.fraction * 100}
              flex={1}
              aria-label={`Prediction progress: ${state.step}`}
            />
            <Text size="sm">{state.step}</Text>
            <Button variant="default" size="xs" onClick={cancel}>
              Cancel
            </Button>
          </Group>
        )}
        {state.status === 'cancelled' && (
          <Group mt="md">
            <Text size="sm">The prediction was cancelled.</Text>
            <Button size="xs" onClick={rerun}>
              Run it again
            </Button>
          </Group>
        )}
        {state.status === 'error' && (
          <Alert mt="md" color="red" title="The model refused this plan">
            {state.message}
            {state.field && ` (field: ${state.field})`}
          </Alert>
        )}
      </Paper>

      {!result && state.status !== 'error' && (
        <Text size="sm">Computing the prediction in your browser…</Text>
      )}

      {result && outline && (
        <PredictionViews
          result={result}
          totalMs={state.status === 'done' ? state.totalMs : null}
          zones={outline.zones.map((z) => z.polygon)}
          day={day}
          onDay={setDay}
          stale={state.status === 'running'}
        />
      )}
    </Stack>
  );
}

function PredictionViews({
  result,
  totalMs,
  zones,
  day,
  onDay,
  stale,
}: {
  result: NonNullable<ReturnType<typeof lastResult>>;
  totalMs: number | null;
  zones: readonly (readonly (readonly [number, number])[])[];
  day: number;
  onDay: (day: number) => void;
  stale: boolean;
}) {
  const { simulation, course, field } = result;
  // The domain warnings stand at the top of the page (DomainAlert); the rest here.
  const otherWarnings = simulation.warnings.filter(
    (w) => w.code !== 'model.estimate' && !isDomainWarning(w.code),
  );
  const cohortSize = simulation.outcome.cohortSize;
  const sessionDays = simulation.sessions.map((s) => s.day);
  const figures = dayFigures(course, day, cohortSize);
  const phase = phaseOnDay(day, {
    sessionDays,
    closedWithinHours: simulation.wound.closedWithinHours,
    downtimeDays: simulation.downtimeDays,
  });
  const largestEta = course.eta.reduce((m, v) => Math.max(m, v), 0);
  const maximum = useMemo(() => scaleMaximum(field.nodalAreaLoss, course.eta), [field, course]);
  // The first colour also stands for skin that does not tighten or is stretched: "≤ 0 %".
  const tickLabels = scaleTicks(maximum).map(
    (v, k) => `${k === 0 ? '≤ ' : ''}${formatPercent(v, 2)}`,
  );
  const charts = useMemo(
    () => [
      areaChart(course, cohortSize),
      lemperleChart(course, cohortSize),
      gaisChart(course, cohortSize),
    ],
    [course, cohortSize],
  );
  const frame = useMemo(
    () => ({
      eta: course.eta[day],
      scaleMaximum: maximum,
      zones,
      header: [
        ESTIMATE_LABEL,
        `Day ${formatNumber(day)} (${PHASE_NAMES[phase.phase].toLowerCase()}): tightening ${figures.areaLoss} (${figures.areaInterval})`,
      ] as const,
      tickLabels,
    }),
    [course, day, maximum, zones, phase.phase, figures.areaLoss, figures.areaInterval, tickLabels],
  );

  return (
    <Stack gap="md" className={stale ? 'mc-stale' : undefined} aria-busy={stale}>
      <Paper withBorder p="md" className="mc-print-block">
        <Title order={3} size="h4" mb="xs">
          Tightening on day {formatNumber(day)}
        </Title>
        <EstimateLabel
          interval={`Tightening of the treated skin on day ${formatNumber(day)}: ${figures.areaLoss} (${figures.areaInterval}).`}
        />
        <div className="mc-field-layout">
          <FieldImage
            field={field}
            largestEta={largestEta}
            frame={frame}
            description={`Heat map of the predicted tightening on day ${day}: up to ${formatPercent(course.eta[day] * Math.max(0, ...field.nodalAreaLoss), 2)} in the treated zones, with arrows for the skin's displacement. ${ESTIMATE_LABEL}.`}
            fileName={`prediction-day-${day}.png`}
          />
          <Stack gap="sm" className="mc-field-side">
            <ColourScale tickLabels={tickLabels} caption="Tightening (area loss), %" />
            <DaySlider
              day={day}
              lastDay={LAST_DAY}
              sessionDays={sessionDays}
              phase={phase}
              onChange={onDay}
            />
            <List size="sm" spacing={4} data-testid="day-figures">
              <List.Item>
                Tightening (area loss): <strong>{figures.areaLoss}</strong> ({figures.areaInterval})
              </List.Item>
              <List.Item>
                Lemperle improvement: <strong>{figures.lemperle}</strong> (
                {figures.lemperleInterval})
              </List.Item>
              <List.Item>
                GAIS improved or better: <strong>{figures.gais}</strong> ({figures.gaisInterval})
              </List.Item>
              <List.Item>
                Wounds of the latest session covered: <strong>{figures.epithelialCover}</strong>
              </List.Item>
            </List>
          </Stack>
        </div>
      </Paper>

      <Paper withBorder p="md" className="mc-print-block">
        <Title order={3} size="h4" mb="xs">
          Course over {LAST_DAY} days
        </Title>
        <EstimateLabel
          interval={`Lines: the nominal (area) or mean (Lemperle, GAIS) prediction; bands: ${charts[0].bandLabel.replace(' (%)', '')} for area and Lemperle, and the 90 % interval of the GAIS share over the calibration’s uncertainty.`}
        />
        <SimpleGrid cols={{ base: 1, md: 3 }} mt="sm">
          {charts.map((spec, k) => (
            <CourseChart
              key={spec.title}
              spec={spec}
              day={day}
              summary={
                [
                  `day ${day}: ${figures.areaLoss} (${figures.areaInterval})`,
                  `day ${day}: ${figures.lemperle} (${figures.lemperleInterval})`,
                  `day ${day}: ${figures.gais} (${figures.gaisInterval})`,
                ][k]
              }
            />
          ))}
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md" className="mc-print-block">
        <Title order={3} size="h4" mb="xs">
          Downtime
        </Title>
        <EstimateLabel
          interval={`The surface is expected to be covered again ${formatNumber(simulation.downtimeDays, 1)} days after a session (range ${formatNumber(simulation.downtimeInterval.low)}–${formatNumber(simulation.downtimeInterval.high)} days); the cores close within ${formatNumber(simulation.wound.closedWithinHours, 1)} hours.`}
        />
        <DowntimeView
          windows={downtimeWindows(
            sessionDays,
            simulation.downtimeDays,
            simulation.downtimeInterval,
          )}
          lastDay={LAST_DAY}
          day={day}
        />
      </Paper>

      {otherWarnings.length > 0 && (
        <Alert color="yellow" title="Warnings from the model">
          <List size="sm">
            {otherWarnings.map((w) => (
              <List.Item key={w.code}>
                <code>{w.code}</code>: {w.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Text
        size="xs"
        c="gray.7"
        data-testid="prediction-timing"
        data-elapsed-ms={result.elapsedMs}
        data-total-ms={totalMs ?? undefined}
        data-steps={result.steps.map((s) => `${s.step}@${Math.round(s.atMs)}`).join('; ')}
      >
        Computed in your browser in {formatNumber(result.elapsedMs / 1000, 2)} s
        {totalMs !== null && ` (${formatNumber(totalMs / 1000, 2)} s with loading the model)`}:{' '}
        {formatNumber(simulation.model.unknowns)} unknowns, {formatNumber(cohortSize)} virtual
        patients, seed {simulation.model.seed}.
      </Text>
    </Stack>
  );
}

function isDomainWarning(code: string): boolean {
  return code.startsWith('domain.');
}

/**
 * Where the prediction leaves what the published studies covered (skin type, sessions, coverage,
 * follow-up, baseline grade), from the model's own domain warnings: shown above the figures.
 */
function DomainAlert({
  warnings,
}: {
  warnings: readonly { readonly code: string; readonly message: string }[];
}) {
  const domain = warnings.filter((w) => isDomainWarning(w.code));
  if (domain.length === 0) return null;
  return (
    <Alert color="yellow" title="Outside the published evidence" data-testid="domain-warnings">
      <List size="sm">
        {domain.map((w) => (
          <List.Item key={w.code}>
            <code>{w.code}</code>: {w.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
