import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { DEFAULT_TEMPLATE, type PlanWarning, type RingMm, scaleTemplate } from '@microcore/core';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/problem';
import { clearDraft, draftText, newPlanSettings, saveDraft, tabStorage } from './draftStore';
import { ExclusionControls } from './ExclusionControls';
import { defaultExclusion, type ExclusionKind, translateRing } from './exclusionShapes';
import { faceFeatures } from './faceLandmarks';
import { formatNumber } from './formatters';
import { MeasurementControls } from './MeasurementControls';
import { NeedlePicker } from './NeedlePicker';
import { PlanCanvas, type PlanCanvasHandle } from './PlanCanvas';
import { PlanFigures } from './PlanFigures';
import { PlanMessages } from './PlanMessages';
import type { PackedPlan } from './packedPlan';
import classes from './planner.module.css';
import { describeError, useSavePlan } from './plannerApi';
import {
  fromRequestBody,
  type PlannerSettings,
  type PlanRequestBody,
  settingsScale,
  toRequestBody,
} from './planSettings';
import { TechniqueControls } from './TechniqueControls';
import { usePlanRunner } from './usePlanRunner';
import { boundsOfRings } from './viewTransform';
import { ZoneControls } from './ZoneControls';

/** A stored plan as reopened: its request body and its cores as the server keeps them. */
export interface SavedPlan {
  readonly id: string;
  readonly createdAt: string;
  readonly body: PlanRequestBody;
  readonly packed: PackedPlan;
}

interface PlannerProps {
  readonly patientId: string;
  readonly saved: SavedPlan | undefined;
}

const NO_WARNINGS: readonly PlanWarning[] = [];

/**
 * The planner: the settings on the left, the plan drawn to scale with its figures, warnings and
 * refusals on the right, planned in a worker on every change. A reopened plan shows its stored
 * cores until a setting changes; saving sends the request body, which the server plans again
 * with the same seed (the same cores: the reopened plan's check says so).
 */
export function Planner({ patientId, saved }: PlannerProps) {
  const [settings, setSettings] = useState<PlannerSettings>(() =>
    saved ? fromRequestBody(saved.body) : newPlanSettings(draftText(patientId)),
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [kind, setKind] = useState<ExclusionKind>('mole');
  const [tool, setTool] = useState<ExclusionKind | null>(null);
  const nextId = useRef(1);
  // The exclusions as they are now, for naming a new one from a stable callback.
  const exclusionsRef = useRef(settings.exclusions);
  exclusionsRef.current = settings.exclusions;
  const canvasRef = useRef<PlanCanvasHandle>(null);
  const helpId = useId();
  const navigate = useNavigate();
  const save = useSavePlan(patientId);

  const body = useMemo(() => toRequestBody(settings), [settings]);
  const savedKey = useMemo(
    () => (saved ? JSON.stringify(toRequestBody(fromRequestBody(saved.body))) : null),
    [saved],
  );
  const dirty = savedKey === null || JSON.stringify(body) !== savedKey;
  const run = usePlanRunner(body);
  // A reopened plan shows its stored cores until a setting changes.
  const shown = saved && !dirty ? saved.packed : run.packed;
  const planFresh = !run.planning && run.refusal === null;
  const mismatch =
    saved !== undefined && !dirty && planFresh && run.packed !== null
      ? run.packed.coresHash !== saved.packed.coresHash
      : false;

  useEffect(() => {
    const storage = tabStorage();
    if (!saved && storage) saveDraft(storage, patientId, settings);
  }, [saved, patientId, settings]);

  // Made again only when the measurements change: a new scale redraws the face and the canvas.
  const landmarks = settings.landmarks;
  const scale = useMemo(() => {
    try {
      return settingsScale({ landmarks });
    } catch {
      return { x: 1, y: 1 };
    }
  }, [landmarks]);
  const face = useMemo(() => faceFeatures(scale), [scale]);
  const templateZones = useMemo(() => scaleTemplate(DEFAULT_TEMPLATE, scale).zones, [scale]);
  const zones = useMemo(
    () =>
      templateZones.map((z) => ({
        id: z.id,
        polygon: z.polygon,
        planned: settings.zones.includes(z.id),
      })),
    [templateZones, settings.zones],
  );
  const contentBounds = useMemo(
    () => boundsOfRings([...face.map((f) => f.pointsMm), ...templateZones.map((z) => z.polygon)]),
    [face, templateZones],
  );
  const cores = useMemo(
    () =>
      shown
        ? {
            positionsMm: shown.positionsMm,
            zoneStarts: shown.zoneStarts,
            coreDiameterMm: shown.summary.needle.coreDiameterMm,
          }
        : null,
    [shown],
  );

  // Every callback below is stable (state updaters, refs), so the memoised controls and the
  // canvas are drawn again only when their own part of the settings changes: a slider step
  // re-renders its zone's row, and a new plan the figures and the canvas.
  const onNeedle = useCallback(
    (needle: string) => setSettings((s) => ({ ...s, needle, bridgeMm: null })),
    [],
  );
  const addExclusion = useCallback((exclusionKind: ExclusionKind, polygon: RingMm) => {
    // Ids unique on the screen, a restored draft's included.
    const taken = (id: string) => exclusionsRef.current.some((e) => e.id === id);
    let id = `new-${nextId.current++}`;
    while (taken(id)) id = `new-${nextId.current++}`;
    setSettings((s) => ({
      ...s,
      exclusions: [...s.exclusions, { id, kind: exclusionKind, polygon }],
    }));
    setSelected(id);
  }, []);
  const moveExclusion = useCallback(
    (id: string, dxMm: number, dyMm: number) =>
      setSettings((s) => ({
        ...s,
        exclusions: s.exclusions.map((e) =>
          e.id === id ? { ...e, polygon: translateRing(e.polygon, dxMm, dyMm) } : e,
        ),
      })),
    [],
  );
  const deleteExclusion = useCallback((id: string) => {
    setSettings((s) => ({ ...s, exclusions: s.exclusions.filter((e) => e.id !== id) }));
    setSelected((current) => (current === id ? null : current));
  }, []);
  const onKind = useCallback((k: ExclusionKind) => {
    setKind(k);
    setTool((armed) => (armed ? k : armed));
  }, []);
  const onAddAtCentre = useCallback(() => {
    const centre = canvasRef.current?.centreMm() ?? [0, 60];
    addExclusion(kind, defaultExclusion(kind, centre));
  }, [kind, addExclusion]);
  const onToolDone = useCallback(() => setTool(null), []);

  const onSave = () =>
    save.mutate(body, {
      onSuccess: (stored) => {
        const storage = tabStorage();
        if (storage) clearDraft(storage, patientId);
        navigate(`/patients/${patientId}/plans/${stored.id}`);
      },
    });

  const canSave = dirty && planFresh && run.packed !== null && !save.isPending;
  const saveProblem = save.error instanceof ApiError ? save.error.problem : undefined;

  return (
    <div className={classes.layout}>
      <Stack className={classes.controls} gap="md" component="section" aria-label="Plan settings">
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Zones and coverage
          </Title>
          <ZoneControls
            zones={settings.zones}
            coveragePercent={settings.coveragePercent}
            mode={settings.mode}
            onUpdate={setSettings}
          />
        </Paper>
        <Paper withBorder p="sm">
          <NeedlePicker gauge={settings.needle} onChange={onNeedle} />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Technique
          </Title>
          <TechniqueControls
            needle={settings.needle}
            bridgeMm={settings.bridgeMm}
            pattern={settings.pattern}
            mode={settings.mode}
            seed={settings.seed}
            onUpdate={setSettings}
          />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Patient's measurements
          </Title>
          <MeasurementControls landmarks={settings.landmarks} onUpdate={setSettings} />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Exclusions (mole, scar, filler site)
          </Title>
          <ExclusionControls
            exclusions={settings.exclusions}
            selected={selected}
            kind={kind}
            tool={tool}
            onKind={onKind}
            onTool={setTool}
            onAddAtCentre={onAddAtCentre}
            onSelect={setSelected}
            onMove={moveExclusion}
            onDelete={deleteExclusion}
          />
        </Paper>
      </Stack>

      <Stack gap="sm" component="section" aria-label="The plan">
        <Group justify="space-between" align="center">
          <Group gap="xs">
            <Title order={3} size="h4" id={`${helpId}-title`}>
              Plan drawing
            </Title>
            {run.planning ? <Loader size="xs" aria-label="Planning" /> : null}
            {shown ? (
              <Badge
                color="teal.9"
                variant="outline"
                data-plan-cores={shown.summary.totals.cores}
                data-plan-seed={shown.summary.seed}
              >
                {formatNumber(shown.summary.totals.cores)} cores · seed {shown.summary.seed}
              </Badge>
            ) : null}
            {saved && !dirty ? (
              mismatch ? (
                <Badge color="red.9" data-verified="false">
                  plan.mismatch
                </Badge>
              ) : planFresh && run.packed ? (
                <Badge color="teal.9" variant="outline" data-verified="true">
                  Same cores as planned in this browser
                </Badge>
              ) : null
            ) : null}
          </Group>
          <Group gap="xs">
            {saved && !dirty ? (
              <Button
                component={Link}
                to={`/patients/${patientId}/plans/${saved.id}/print`}
                variant="default"
              >
                Print sheet
              </Button>
            ) : null}
            <Button onClick={onSave} disabled={!canSave} loading={save.isPending}>
              {saved ? (dirty ? 'Save as a new plan' : 'Saved') : 'Save plan'}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" id={helpId}>
          Drag to pan; wheel or pinch to zoom. Keys on the drawing: + and − zoom, arrows pan, 0
          fits; with an exclusion selected, Shift+arrows move it 1 mm and Delete removes it; while
          drawing an exclusion, Enter places it at the centre and Esc stops.
        </Text>
        <PlanCanvas
          handleRef={canvasRef}
          face={face}
          zones={zones}
          cores={cores}
          coresHash={shown?.coresHash ?? null}
          exclusions={settings.exclusions}
          selectedExclusion={selected}
          tool={tool}
          contentBounds={contentBounds}
          onSelectExclusion={setSelected}
          onAddExclusion={addExclusion}
          onMoveExclusion={moveExclusion}
          onDeleteExclusion={deleteExclusion}
          onToolDone={onToolDone}
          describedBy={helpId}
        />
        {mismatch ? (
          <Alert color="red" title="plan.mismatch" role="alert">
            The stored plan's cores differ from the cores this browser plans for the same settings
            and seed. Do not treat from this plan; report it.
          </Alert>
        ) : null}
        {save.isError ? (
          <Alert color="red" title="The plan was not saved" role="alert">
            {saveProblem?.code ? (
              <Badge color="red.9" mr="xs">
                {saveProblem.code}
              </Badge>
            ) : null}
            {describeError(save.error)}
            {saveProblem?.errors?.map((e) => (
              <Text key={`${e.field}:${e.message}`} size="sm">
                {e.field}: {e.message}
              </Text>
            ))}
          </Alert>
        ) : null}
        <PlanMessages
          refusal={run.refusal}
          warnings={shown?.summary.warnings ?? NO_WARNINGS}
          stale={run.refusal !== null && shown !== null}
        />
        {shown ? <PlanFigures summary={shown.summary} /> : null}
      </Stack>
    </div>
  );
}
