import {
  Alert,
  Center,
  Group,
  Loader,
  NativeSelect,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatNumber } from '../format/locale';
import { WARNING_COLOUR } from '../planner/colours';
import { CalibrationSection } from './CalibrationSection';
import { EvidenceFigure } from './EvidenceFigure';
import { initialEvidenceQuery, useEvidenceSummary } from './queries';
import { SampleSizeForm } from './SampleSizeForm';
import {
  adverseEventTable,
  durabilityTable,
  durationTable,
  type OutcomeMeasure,
  outcomeTable,
} from './tables';
import type { EvidenceAnswer, EvidenceQuery } from './types';

/** The user timing the charts' benchmark waits for (bench/src/web/evidence.ts). */
export const EVIDENCE_DRAWN_MARK = 'microcore:evidence-drawn';

/**
 * /evidence: the clinic's observed outcomes (an admin) or the pooled de-identified ones (a
 * researcher), as charts with their tables and CSV files, and the sample-size calculator.
 * routes.tsx decides who gets here.
 */
export function EvidenceScreen() {
  useDocumentTitle('Evidence · microcore');
  const { me, clinic } = useAuth();
  const researcher = me?.role === 'researcher';
  const initial = initialEvidenceQuery(me, clinic);
  const [includeSynthetic, setIncludeSynthetic] = useState(initial.includeSynthetic);
  const query: EvidenceQuery = { ...initial, includeSynthetic };
  const overall = useEvidenceSummary(query, 'none');
  const byType = useEvidenceSummary(query, 'fitzpatrick');
  const bySessions = useEvidenceSummary(query, 'sessions');
  const [windowId, setWindowId] = useState('90d');
  const [measure, setMeasure] = useState<OutcomeMeasure>('improvement');

  const ready = overall.data && byType.data && bySessions.data;
  useEffect(() => {
    if (!ready) return;
    const frame = requestAnimationFrame(() => performance.mark(EVIDENCE_DRAWN_MARK));
    return () => cancelAnimationFrame(frame);
  }, [ready]);

  const failed = overall.error ?? byType.error ?? bySessions.error;
  return (
    <Stack gap="lg">
      <Title order={2}>Evidence</Title>
      {researcher && (
        <Switch
          label="Include the demo clinic’s synthetic patients (generated, not people)"
          checked={includeSynthetic}
          onChange={(event) => setIncludeSynthetic(event.currentTarget.checked)}
        />
      )}
      {failed ? (
        <Alert color="red" title="The evidence could not be read" role="alert">
          {failed.message}
        </Alert>
      ) : !(overall.data && byType.data && bySessions.data) ? (
        <Center py="xl">
          <Loader aria-label="Loading the evidence" />
        </Center>
      ) : (
        <Figures
          overall={overall.data}
          byType={byType.data}
          bySessions={bySessions.data}
          today={clinic?.today ?? overall.data.asOf ?? ''}
          windowId={windowId}
          setWindowId={setWindowId}
          measure={measure}
          setMeasure={setMeasure}
        />
      )}
      <CalibrationSection query={query} />
      <SampleSizeForm />
    </Stack>
  );
}

function Figures({
  overall,
  byType,
  bySessions,
  today,
  windowId,
  setWindowId,
  measure,
  setMeasure,
}: {
  overall: EvidenceAnswer;
  byType: EvidenceAnswer;
  bySessions: EvidenceAnswer;
  today: string;
  windowId: string;
  setWindowId: (id: string) => void;
  measure: OutcomeMeasure;
  setMeasure: (m: OutcomeMeasure) => void;
}) {
  const scope = overall.syntheticPatients > 0 ? `${overall.scope}-with-synthetic` : overall.scope;
  const day = overall.asOf ?? today;
  const outcomeControls = (
    <Group mb="xs" align="flex-end">
      <NativeSelect
        label="Follow-up window"
        value={windowId}
        onChange={(event) => setWindowId(event.currentTarget.value)}
        data={overall.windows.map((w) => ({ value: w.id, label: w.label }))}
      />
      <SegmentedControl
        aria-label="Outcome measure"
        value={measure}
        onChange={(value) => setMeasure(value as OutcomeMeasure)}
        data={[
          { value: 'improvement', label: 'Lemperle improvement' },
          { value: 'responders', label: 'Responders' },
        ]}
      />
    </Group>
  );
  return (
    <>
      <Stack gap={4}>
        <Text size="sm" fw={600} data-testid="evidence-patients">
          {formatNumber(overall.patients)} patients
          {overall.scope === 'clinic' ? ' of this clinic' : ' in the pool'} (
          {formatNumber(overall.patientsTreated)} treated)
          {overall.asOf ? `, records entered up to ${formatCalendarDate(overall.asOf)}` : ''}
        </Text>
        <Text size="sm">Scope: {overall.scopeLabel}.</Text>
        <Text size="sm" data-testid="evidence-basis">
          {overall.label}
        </Text>
        <Text size="xs" c="dimmed">
          Numbers are rounded for reading; each CSV holds the API’s full precision.
        </Text>
      </Stack>
      {overall.syntheticPatients > 0 && (
        <Alert
          color={WARNING_COLOUR}
          variant="light"
          title="Demo data"
          role="note"
          data-testid="demo-banner"
        >
          {formatNumber(overall.syntheticPatients)} of these {formatNumber(overall.patients)}{' '}
          patients are synthetic: generated by the demo from the model and published rates, not
          people. Read these figures as a demonstration, never as evidence.
        </Alert>
      )}
      <EvidenceFigure
        table={outcomeTable(byType, windowId, measure)}
        scope={scope}
        day={day}
        controls={outcomeControls}
      />
      <EvidenceFigure table={outcomeTable(bySessions, windowId, measure)} scope={scope} day={day} />
      <EvidenceFigure table={adverseEventTable(overall)} scope={scope} day={day} />
      <EvidenceFigure table={durationTable(overall)} scope={scope} day={day} />
      <EvidenceFigure table={durabilityTable(overall)} scope={scope} day={day} />
    </>
  );
}
