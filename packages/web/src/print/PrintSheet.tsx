import './printPage.css';
import { Alert, Anchor, Button, Center, Loader } from '@mantine/core';
import { DEFAULT_TEMPLATE, type PlanWarning, type StoredPlan } from '@microcore/core';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, formatDateTime } from '../format/locale';
import { usePatient } from '../patients/queries';
import { EXCLUSION_KINDS, ringCentre } from '../planner/exclusionShapes';
import { faceFeatures } from '../planner/faceLandmarks';
import { formatMinutes, formatMm, formatNumber, formatPercent } from '../planner/formatters';
import { isPlan, packPlan } from '../planner/packedPlan';
import { describeError, useStoredPlan } from '../planner/plannerApi';
import {
  type PlanRequestBody,
  readStoredRequest,
  requestToPlanInput,
} from '../planner/planSettings';
import classes from './print.module.css';
import { type SheetDrawing, sheetDrawing } from './sheetDrawing';

/** The drawing's box on the page, mm: the left part of the sheet under its head. */
const DRAWING_BOX_MM = { width: 122, height: 130 } as const;

const KIND_LABEL = Object.fromEntries(EXCLUSION_KINDS.map((k) => [k.kind, k.label]));

/**
 * The plan sheet for the treatment room, one A4 page: the patient and the plan named, the face
 * with its zones, cores and exclusions to a stated scale, the settings, the figures per zone and
 * in all, the warnings, and lines for the clinician's signature. Print it, or save it as PDF.
 */
export default function PrintSheet() {
  const { patientId = '', planId = '' } = useParams();
  const patient = usePatient(patientId);
  const stored = useStoredPlan(patientId, planId);
  const { me } = useAuth();

  const content = useMemo(() => {
    if (!stored.data) return undefined;
    const body = readStoredRequest(stored.data.input);
    const plan = stored.data.plan;
    if (!body || !isPlan(plan)) return null;
    const packed = packPlan(plan);
    const scale = requestToPlanInput(body).scale ?? { x: 1, y: 1 };
    const drawing = sheetDrawing(
      {
        face: faceFeatures(scale),
        zones: plan.zones.map((z) => ({ id: z.id, polygon: z.polygon })),
        positionsMm: packed.positionsMm,
        zoneStarts: packed.zoneStarts,
        coreDiameterMm: plan.needle.coreDiameterMm,
        exclusions: (body.exclusions ?? []).map((e) => e.polygon as [number, number][]),
      },
      DRAWING_BOX_MM.width,
      DRAWING_BOX_MM.height,
    );
    return { body, plan, drawing, hash: packed.coresHash };
  }, [stored.data]);

  const error = patient.error ?? stored.error;
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert color="red" title={notFound ? 'Not found' : 'The sheet could not open'} role="alert">
        {notFound ? 'No such plan for this patient in your clinic.' : describeError(error)}
      </Alert>
    );
  }
  if (content === null) {
    return (
      <Alert color="red" title="This plan cannot be printed here" role="alert">
        The stored plan is not one this version of the app reads.
      </Alert>
    );
  }
  if (!patient.data || !content || !stored.data) {
    return (
      <Center h={240}>
        <Loader aria-label="Loading the plan sheet" />
      </Center>
    );
  }

  const p = patient.data;
  const { plan, body, drawing } = content;
  return (
    <>
      <div className={classes.toolbar}>
        <Button onClick={() => window.print()}>Print or save as PDF</Button>
        <Anchor component={Link} to={`/patients/${patientId}/plans/${planId}`}>
          Back to the plan
        </Anchor>
      </div>
      <article
        className={classes.sheet}
        aria-label="Plan sheet"
        data-total-cores={plan.totals.cores}
      >
        <header className={classes.head}>
          <h1>
            Micro-Coring treatment plan
            {plan.mode === 'research' ? ' — RESEARCH MODE, not for treating a patient' : ''}
          </h1>
          <dl>
            <dt>Patient</dt>
            <dd>
              {p.familyName}, {p.givenName}
            </dd>
            <dt>Born</dt>
            <dd>{formatCalendarDate(p.birthDate)}</dd>
            <dt>Patient ID</dt>
            <dd>{p.id}</dd>
          </dl>
          <dl>
            <dt>Planned</dt>
            <dd>{formatDateTime(stored.data.createdAt)}</dd>
            <dt>Printed</dt>
            <dd>{formatDateTime(new Date().toISOString())}</dd>
            <dt>Planned by</dt>
            <dd>{stored.data.createdBy?.email ?? 'not recorded'}</dd>
            <dt>Printed by</dt>
            <dd>{me?.email ?? '—'}</dd>
            <dt>Plan ID</dt>
            <dd>{stored.data.id}</dd>
          </dl>
        </header>
        <div className={classes.body}>
          <figure className={classes.figure} style={{ width: `${drawing.widthMm}mm` }}>
            <SheetSvg drawing={drawing} cores={plan.totals.cores} />
            <figcaption>
              Skin-surface chart, drawn at 1 : {formatNumber(drawing.ratio, 2)} (the bar is 10 mm of
              skin); x towards the patient's left. Cores to scale, {plan.needle.gauge} (
              {formatMm(plan.needle.coreDiameterMm, 3)}); exclusions in red.
            </figcaption>
          </figure>
          <section className={classes.settings} aria-label="Settings">
            <h2>Settings</h2>
            <Settings plan={plan} body={body} />
          </section>
        </div>
        <h2>Figures</h2>
        <Figures plan={plan} />
        {plan.warnings.length > 0 ? (
          <>
            <h2>Warnings</h2>
            <Warnings warnings={plan.warnings} />
          </>
        ) : null}
        <div className={classes.signature}>
          <div>Clinician (name, signature)</div>
          <div>Date of treatment</div>
        </div>
      </article>
    </>
  );
}

function SheetSvg({ drawing, cores }: { drawing: SheetDrawing; cores: number }) {
  const barY = drawing.heightMm - 3;
  return (
    <svg
      width={`${drawing.widthMm}mm`}
      height={`${drawing.heightMm}mm`}
      viewBox={`0 0 ${drawing.widthMm} ${drawing.heightMm}`}
      role="img"
      aria-label={`The plan drawn to scale: ${cores} cores`}
    >
      <g fill="none" stroke="#777" strokeWidth={0.2}>
        {drawing.face.map((d) => (
          <path key={d} d={d} />
        ))}
      </g>
      <g fill="#e3f2ef" stroke="#0b7a6e" strokeWidth={0.25}>
        {drawing.zones.map((zone) => (
          <path key={zone.id} d={zone.d} />
        ))}
      </g>
      <g fill="#7a1f1f">
        {drawing.cores.map((zone) => (
          <path key={zone.id} d={zone.d} />
        ))}
      </g>
      <g fill="#f2c4bf" fillOpacity={0.85} stroke="#b03a2e" strokeWidth={0.3}>
        {drawing.exclusions.map((d, k) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: exclusions have no id on the sheet
          <path key={k} d={d} />
        ))}
      </g>
      <g fill="#000">
        <rect x={2} y={barY} width={drawing.barMm} height={0.6} />
        <text x={drawing.barMm + 3.5} y={barY + 0.9} fontSize={2.6} fontFamily="sans-serif">
          10 mm
        </text>
      </g>
    </svg>
  );
}

function Settings({ plan, body }: { plan: StoredPlan; body: PlanRequestBody }) {
  const labels = new Map(DEFAULT_TEMPLATE.zones.map((z) => [z.id, z.label]));
  return (
    <dl>
      <dt>Zones</dt>
      <dd>{plan.zones.map((z) => labels.get(z.id) ?? z.id).join('; ')}</dd>
      <dt>Needle</dt>
      <dd>
        {plan.needle.gauge}, core {formatMm(plan.needle.coreDiameterMm, 3)}
      </dd>
      <dt>Coverage</dt>
      <dd>
        {formatPercent(plan.coverageTarget, 1)}
        {body.zoneCoverage
          ? `; ${Object.entries(body.zoneCoverage)
              .map(([id, v]) => `${labels.get(id) ?? id} ${formatNumber(v, 1)} %`)
              .join('; ')}`
          : ''}
      </dd>
      <dt>Skin bridge</dt>
      <dd>at least {formatMm(plan.bridgeMinMm, 3)}</dd>
      <dt>Pattern</dt>
      <dd>{plan.pattern === 'fields' ? 'field by field' : 'even (blue noise)'}</dd>
      <dt>Mode</dt>
      <dd>{plan.mode}</dd>
      <dt>Seed</dt>
      <dd>{plan.seed}</dd>
      <dt>Measurements</dt>
      <dd>
        {body.landmarks
          ? [
              body.landmarks.bizygomaticWidthMm === undefined
                ? null
                : `bizygomatic ${formatMm(body.landmarks.bizygomaticWidthMm, 1)}`,
              body.landmarks.lowerFaceHeightMm === undefined
                ? null
                : `lower face ${formatMm(body.landmarks.lowerFaceHeightMm, 1)}`,
            ]
              .filter(Boolean)
              .join('; ')
          : 'none (reference face)'}
      </dd>
      <dt>Exclusions</dt>
      <dd>
        {(body.exclusions ?? []).length === 0
          ? 'none'
          : (body.exclusions ?? [])
              .map((e, k) => {
                const [x, y] = ringCentre(e.polygon as [number, number][]);
                return `${k + 1}. ${KIND_LABEL[e.kind] ?? e.kind} at ${formatNumber(x, 1)}, ${formatNumber(y, 1)} mm`;
              })
              .join('; ')}
      </dd>
    </dl>
  );
}

function Figures({ plan }: { plan: StoredPlan }) {
  const { totals } = plan;
  return (
    <table className={classes.table}>
      <thead>
        <tr>
          <th>Zone</th>
          <th>Cores</th>
          <th>Coverage (target)</th>
          <th>Smallest bridge</th>
          <th>Densest 1 cm²</th>
          <th>Passes</th>
        </tr>
      </thead>
      <tbody>
        {plan.zones.map((zone) => (
          <tr key={zone.id}>
            <td>{zone.label}</td>
            <td>{formatNumber(zone.coreCount)}</td>
            <td>
              {formatPercent(zone.coverageFraction)} ({formatPercent(zone.coverageTarget, 1)})
            </td>
            <td>{formatMm(zone.minBridgeMm)}</td>
            <td>{formatPercent(zone.worstWindowCoverageFraction)}</td>
            <td>{formatNumber(zone.fieldCount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>All zones</th>
          <th>{`${formatNumber(totals.cores)} cores`}</th>
          <th>{formatPercent(totals.coverageFraction)}</th>
          <th>{formatMm(totals.minBridgeMm)}</th>
          <th>{formatPercent(totals.worstWindowCoverageFraction)}</th>
          <th>{formatNumber(totals.fields)}</th>
        </tr>
        <tr>
          <td colSpan={6}>
            {formatNumber(totals.strokes)} strokes of the {plan.handpiece.needleCount}-needle
            handpiece; estimated treatment time {formatMinutes(totals.estimatedMinutes)}; treated
            area {formatNumber(totals.areaMm2 / 100, 1)} cm².
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Warnings({ warnings }: { warnings: readonly PlanWarning[] }) {
  return (
    <ul className={classes.warnings}>
      {warnings.map((w) => (
        <li key={`${w.code}:${w.zone ?? ''}:${w.message}`}>
          <strong>{w.code}</strong>: {w.message}
        </li>
      ))}
    </ul>
  );
}
