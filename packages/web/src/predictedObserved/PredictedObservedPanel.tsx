import { Alert, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { formatCalendarDate, formatDateTime, formatNumber } from '../format/locale';
import { usePatientPlans } from '../patients/queries';
import { useAssessments, useSeries, useSessions } from '../patients/recordQueries';
import { EstimateLabel } from '../prediction/EstimateLabel';
import { pairFollowUps } from './pairFollowUps';

const signed = (value: number) =>
  formatNumber(value, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const grades = (value: number) => `${signed(value)} ${Math.abs(value) === 1 ? 'grade' : 'grades'}`;

/**
 * "Predicted beside observed" on the patient page: each follow-up window's observed Lemperle
 * improvement beside the prediction stored with the plan when it was saved, with its interval,
 * and whether the observation fell inside it. A plan saved before predictions were stored shows
 * that none was; nothing is recomputed with today's model.
 */
export function PredictedObservedPanel({
  patientId,
  fitzpatrickType,
}: {
  patientId: string;
  fitzpatrickType: number;
}) {
  const plans = usePatientPlans(patientId);
  const sessions = useSessions(patientId);
  const assessments = useAssessments(patientId);
  const series = useSeries(patientId);
  const failed = plans.error ?? sessions.error ?? assessments.error ?? series.error;
  const ready = plans.data && sessions.data && assessments.data && series.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="predicted-observed">
      <Title order={3} id="predicted-observed">
        Predicted beside observed
      </Title>
      {failed && (
        <Alert color="red" title="The follow-ups could not be compared">
          {failed.message}
        </Alert>
      )}
      {!failed && !ready && <Loader size="sm" aria-label="Loading the follow-ups" />}
      {ready && (
        <Comparison
          result={pairFollowUps({
            fitzpatrickType,
            plans: plans.data.items,
            sessions: sessions.data.items,
            assessments: assessments.data.items,
            series: series.data.items,
          })}
        />
      )}
    </Stack>
  );
}

function Comparison({ result }: { result: ReturnType<typeof pairFollowUps> }) {
  if (result.kind === 'no-session')
    return (
      <Text size="sm">
        No session recorded yet: follow-ups are compared from the last session of the series.
      </Text>
    );
  if (result.kind === 'no-prediction')
    return (
      <Text size="sm" data-testid="no-stored-prediction">
        No prediction stored with this plan
        {result.planCreatedAt ? ` (saved ${formatDateTime(result.planCreatedAt)})` : ''}: plans
        saved before predictions were kept have none, and none is made afterwards.
      </Text>
    );
  const { prediction, rows } = result;
  const { inputs } = prediction;
  const baseline =
    inputs.baselineSource === 'assessment' && inputs.baselineAssessmentDate
      ? `baseline grade ${formatNumber(inputs.baselineLemperle, { maximumFractionDigits: 2 })} from the assessment of ${formatCalendarDate(inputs.baselineAssessmentDate)}`
      : `baseline grade ${formatNumber(inputs.baselineLemperle)} assumed (no assessment before the plan)`;
  return (
    <Stack gap="sm">
      <EstimateLabel
        interval={`The prediction was made when the plan was saved (${formatDateTime(prediction.madeAt)}), for ${inputs.sessions === 1 ? 'one session' : `${inputs.sessions} sessions ${inputs.intervalWeeks} weeks apart`} and a ${baseline}. Its interval is the range 90 % of patients like this one fall in (5th–95th percentile). Change is the Lemperle improvement from before the first session, mean over the treated zones: positive is better.`}
      />
      <Table.ScrollContainer minWidth={560}>
        <Table striped withTableBorder data-testid="predicted-observed-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Follow-up</Table.Th>
              <Table.Th scope="col">Observed change</Table.Th>
              <Table.Th scope="col">Predicted change (90 % interval)</Table.Th>
              <Table.Th scope="col">Inside the interval</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.windowId}>
                <Table.Th scope="row">{row.windowLabel}</Table.Th>
                <Table.Td>
                  {row.observed === null
                    ? 'not recorded yet'
                    : row.observed.improvementGrades === null
                      ? `day ${formatNumber(row.observed.daysAfterLastSession)}: no baseline grade to compare with`
                      : `${grades(row.observed.improvementGrades)} (day ${formatNumber(row.observed.daysAfterLastSession)})`}
                </Table.Td>
                <Table.Td>
                  {signed(row.predicted.mean)} ({signed(row.predicted.low)} to{' '}
                  {signed(row.predicted.high)}) grades
                </Table.Td>
                <Table.Td>
                  {row.inside === null ? (
                    '—'
                  ) : row.inside ? (
                    <Badge color="teal.9" variant="filled">
                      Inside
                    </Badge>
                  ) : (
                    <Badge color="red.9" variant="filled">
                      Outside
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows[0] && rows[0].sessionsDone !== rows[0].sessionsAssumed && (
        <Text size="sm">
          The prediction assumed {rows[0].sessionsAssumed}{' '}
          {rows[0].sessionsAssumed === 1 ? 'session' : 'sessions'}; {rows[0].sessionsDone}{' '}
          {rows[0].sessionsDone === 1 ? 'is' : 'are'} recorded, so the comparison is not like for
          like (the clinic's calibration leaves such follow-ups out).
        </Text>
      )}
      <Text size="xs" c="gray.7">
        Model {prediction.model.parametersId}
      </Text>
    </Stack>
  );
}
