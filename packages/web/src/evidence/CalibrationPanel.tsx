import { Alert, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { formatNumber, formatPercent } from '../format/locale';
import { EstimateLabel } from '../prediction/EstimateLabel';
import { calibrationPlot } from './calibrationPlot';
import type { CalibrationAnswer } from './useCalibration';

export interface CalibrationPanelProps {
  /** GET /api/evidence/calibration's answer (useCalibration gives it). */
  readonly calibration: CalibrationAnswer;
  /** Heading level of the panel's title inside the screen (default 3). */
  readonly headingOrder?: 2 | 3 | 4;
}

const BOX = { width: 480, height: 400, margin: { left: 64, right: 16, top: 16, bottom: 56 } };
const grades = (value: number) => formatNumber(value, { maximumFractionDigits: 2 });

/**
 * Predicted against observed over the clinic's (or the pooled) patients: an SVG scatter of each
 * follow-up's observed Lemperle improvement against the prediction stored with the plan, the
 * prediction's 90 % interval as a bar, the identity line, and the share of observations inside
 * their interval with its 95 % CI beside the share the intervals claim. A table below carries
 * the same numbers for screen readers and for reading exact values.
 */
export function CalibrationPanel({ calibration, headingOrder = 3 }: CalibrationPanelProps) {
  const titleId = useId();
  const plot = calibrationPlot(calibration.points, BOX);
  const { left, right, top, bottom } = BOX.margin;
  const nominal = calibration.nominalCoverage;
  const ci = calibration.shareInsideCi95;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={titleId}
      data-testid="calibration-panel"
    >
      <Stack gap="sm">
        <Title order={headingOrder} id={titleId}>
          Predicted against observed
        </Title>
        <EstimateLabel interval="Each bar is the prediction stored with the patient's plan when it was saved: the range 90 % of patients like them were expected to fall in. The dots are what was observed at the follow-up." />
        <Text size="sm" data-testid="calibration-share">
          {calibration.count === 0 || calibration.shareInside === null || ci === null
            ? 'No follow-up has a stored prediction to compare with yet.'
            : `${formatNumber(calibration.insideCount)} of ${formatNumber(calibration.count)} observations inside their predicted interval: ${formatPercent(calibration.shareInside)} (95 % CI ${formatPercent(ci.low)}–${formatPercent(ci.high)})${nominal === null ? '' : `; the intervals claim ${formatPercent(nominal, 0)}`}.`}
        </Text>
        <Text size="xs" c="gray.7">
          {calibration.scopeLabel}
          {calibration.excluded.seriesNotComplete +
            calibration.excluded.sessionsDiffer +
            calibration.excluded.noBaseline >
          0
            ? `. Left out: ${calibration.excluded.seriesNotComplete} follow-ups of unfinished series, ${calibration.excluded.sessionsDiffer} whose sessions differ from the prediction's, ${calibration.excluded.noBaseline} without a baseline grade.`
            : '.'}
        </Text>
        {calibration.count > 0 && (
          <svg
            viewBox={`0 0 ${BOX.width} ${BOX.height}`}
            role="img"
            aria-label={`Scatter of observed against predicted Lemperle improvement, ${calibration.count} follow-ups; the table below lists them`}
            style={{ maxWidth: BOX.width, width: '100%', height: 'auto' }}
          >
            {plot.ticks.map((t) => (
              <g key={t}>
                <line
                  x1={plot.x(t)}
                  x2={plot.x(t)}
                  y1={top}
                  y2={BOX.height - bottom}
                  stroke="#dee2e6"
                />
                <line
                  x1={left}
                  x2={BOX.width - right}
                  y1={plot.y(t)}
                  y2={plot.y(t)}
                  stroke="#dee2e6"
                />
                <text
                  x={plot.x(t)}
                  y={BOX.height - bottom + 16}
                  textAnchor="middle"
                  fontSize="12"
                  fill="#343a40"
                >
                  {formatNumber(t)}
                </text>
                <text x={left - 8} y={plot.y(t) + 4} textAnchor="end" fontSize="12" fill="#343a40">
                  {formatNumber(t)}
                </text>
              </g>
            ))}
            <line
              x1={plot.x(plot.min)}
              y1={plot.y(plot.min)}
              x2={plot.x(plot.max)}
              y2={plot.y(plot.max)}
              stroke="#495057"
              strokeDasharray="6 4"
            />
            <text
              x={plot.x(plot.max) - 4}
              y={plot.y(plot.max) + 14}
              textAnchor="end"
              fontSize="11"
              fill="#495057"
            >
              observed = predicted
            </text>
            {plot.points.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: points have no identity (de-identified)
              <g key={i}>
                <line
                  x1={p.cx}
                  x2={p.cx}
                  y1={p.barLow}
                  y2={p.barHigh}
                  stroke="#1971c2"
                  strokeWidth="2"
                  opacity="0.6"
                />
                {p.inside ? (
                  <circle cx={p.cx} cy={p.cy} r="5" fill="#0c8599" />
                ) : (
                  <rect x={p.cx - 5} y={p.cy - 5} width="10" height="10" fill="#d9480f" />
                )}
              </g>
            ))}
            <text
              x={left + (BOX.width - left - right) / 2}
              y={BOX.height - 12}
              textAnchor="middle"
              fontSize="13"
              fill="#212529"
            >
              Predicted Lemperle improvement (grades)
            </text>
            <text
              transform={`translate(16 ${top + (BOX.height - top - bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              fontSize="13"
              fill="#212529"
            >
              Observed Lemperle improvement (grades)
            </text>
          </svg>
        )}
        {calibration.count > 0 && (
          <Text size="xs" c="gray.7">
            Circle: inside its interval; square: outside. Positive is better.
          </Text>
        )}
        {calibration.count > 0 && (
          <Table.ScrollContainer minWidth={480}>
            <Table striped withTableBorder data-testid="calibration-table">
              <Table.Caption>
                Each follow-up beside its stored prediction (Lemperle grades, positive = better)
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Follow-up (days after the last session)</Table.Th>
                  <Table.Th scope="col">Predicted (grades)</Table.Th>
                  <Table.Th scope="col">90 % interval (grades)</Table.Th>
                  <Table.Th scope="col">Observed (grades)</Table.Th>
                  <Table.Th scope="col">Inside</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {calibration.points.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: points have no identity (de-identified)
                  <Table.Tr key={i}>
                    <Table.Td>{formatNumber(p.daysAfterLastSession)}</Table.Td>
                    <Table.Td>{grades(p.predicted.mean)}</Table.Td>
                    <Table.Td>
                      {grades(p.predicted.low)} to {grades(p.predicted.high)}
                    </Table.Td>
                    <Table.Td>{grades(p.observed)}</Table.Td>
                    <Table.Td>{p.inside ? 'yes' : 'no'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {calibration.count === 0 && (
          <Alert color="gray" variant="light">
            Calibration needs follow-ups at 90 or 180 days of patients whose plan kept a prediction.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
