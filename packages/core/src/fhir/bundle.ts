import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import { DEFAULT_HANDPIECE } from '../device/handpiece.js';
import { needleByGauge } from '../device/needles.js';
import { MicrocoreError } from '../errors.js';
import type { PatientJourney } from '../records/types.js';
import { adverseEventResource } from './adverseEvent.js';
import { appointmentResource } from './appointment.js';
import { carePlanResource } from './carePlan.js';
import {
  adverseEventTypesCodeSystem,
  photoViewsCodeSystem,
  scalesCodeSystem,
  screeningDecisionsCodeSystem,
  TAG_CODES,
  tagsCodeSystem,
} from './codeSystems.js';
import { TAGS_SYSTEM, V3_ACT_REASON } from './codes.js';
import { consentResource } from './consent.js';
import { handpieceDevice, needleDevice } from './devices.js';
import { derivedId, fullUrl } from './ids.js';
import { mediaResource } from './media.js';
import { assessmentObservations, patientObservations } from './observations.js';
import { organizationResource, patientResource } from './patient.js';
import { procedureResource } from './procedure.js';
import { screeningQuestionnaire, screeningResponse } from './screening.js';
import { type BuildContext, byDateThenId, ids, ref, zoneLabeller } from './shared.js';
import type { FhirExportContext } from './types.js';

/** FHIR `instant`: a full date-time with seconds and a zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function invalid(message: string, field: string): never {
  throw new MicrocoreError('fhir.invalid-input', message, field);
}

function checkInput(journey: PatientJourney, context: FhirExportContext): void {
  if (!INSTANT.test(context.generatedAt) || Number.isNaN(Date.parse(context.generatedAt))) {
    invalid(
      `generatedAt "${context.generatedAt}" is not an ISO instant; give one like 2026-11-25T21:45:00Z`,
      'generatedAt',
    );
  }
  if (context.baseUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(context.baseUrl)) {
    invalid(`baseUrl "${context.baseUrl}" is not an http(s) origin`, 'baseUrl');
  }
  const patientId = journey.patient.id;
  const lists = {
    screenings: journey.screenings,
    series: journey.series,
    sessions: journey.sessions,
    assessments: journey.assessments,
    adverseEvents: journey.adverseEvents,
    consents: journey.consents,
    photos: journey.photos,
    followUps: journey.followUps ?? [],
  };
  for (const [name, records] of Object.entries(lists)) {
    // Another patient's record in this bundle would leak it; refuse rather than drop silently.
    const stray = records.find((r) => r.patientId !== patientId);
    if (stray) {
      invalid(`${name} record "${stray.id}" belongs to another patient, not "${patientId}"`, name);
    }
  }
}

/** Patient-specific resources carry the synthetic tag, so it survives when a server splits the bundle. */
function tagged<T extends Resource>(resource: T, synthetic: boolean): T {
  if (!synthetic) return resource;
  const { resourceType, id, ...rest } = resource;
  return {
    resourceType,
    id,
    meta: {
      security: [{ system: V3_ACT_REASON, code: 'HTEST', display: 'test health data' }],
      tag: [{ system: TAGS_SYSTEM, ...TAG_CODES.synthetic }],
    },
    ...rest,
  } as T;
}

/**
 * One patient's journey as a FHIR R4 Bundle of type `collection`. Pure and deterministic: the
 * same journey and context give byte-identical JSON, whatever order the records come in.
 */
export function patientBundle(journey: PatientJourney, context: FhirExportContext): Bundle {
  checkInput(journey, context);
  const gauges = [
    ...new Set([
      ...journey.sessions.map((s) => needleByGauge(s.needleGauge).gauge),
      ...context.plans.map((p) => needleByGauge(p.needleGauge).gauge),
    ]),
  ].sort();
  const ctx: BuildContext = {
    journey,
    export: context,
    patientRef: ref(ids.patient(journey.patient.id)),
    organizationRef: ref(ids.organization(context.clinic.id), context.clinic.name),
    handpieceRef: ref(ids.handpiece()),
    needleRef: (gauge) => ref(ids.needle(needleByGauge(gauge).gauge)),
    zoneLabel: zoneLabeller(context.zoneLabels),
  };

  const assessments = byDateThenId(journey.assessments, (a) => a.date);
  const observationsByAssessment = assessments.map((a) => ({
    id: a.id,
    date: a.date,
    observations: assessmentObservations(ctx, a),
  }));
  const observationsOf = (assessmentId: string) =>
    (observationsByAssessment.find((a) => a.id === assessmentId)?.observations ?? []).map((o) =>
      ref(o.id ?? ''),
    );
  const assessmentRefs = new Map<string, Reference[]>();
  for (const { date, observations } of observationsByAssessment) {
    const list = assessmentRefs.get(date) ?? [];
    list.push(...observations.map((o) => ref(o.id ?? '')));
    assessmentRefs.set(date, list);
  }

  const synthetic = journey.patient.synthetic === true;
  const own = <T extends Resource>(r: T) => tagged(r, synthetic);
  const screened = journey.screenings.length > 0;
  const resources: Resource[] = [
    own(patientResource(ctx)),
    organizationResource(context.clinic),
    // The local code systems (and the screening's Questionnaire) the entries use travel with
    // them, so a reader needs nothing else; fhirDefinitions() has them all, with the extensions.
    scalesCodeSystem(),
    adverseEventTypesCodeSystem(),
    ...(synthetic ? [tagsCodeSystem()] : []),
    ...(screened ? [screeningDecisionsCodeSystem(), screeningQuestionnaire()] : []),
    ...(journey.photos.some((p) => p.view) ? [photoViewsCodeSystem()] : []),
    handpieceDevice(context.handpiece ?? DEFAULT_HANDPIECE),
    ...gauges.map((g) => needleDevice(needleByGauge(g))),
    ...byDateThenId(journey.screenings, (s) => s.date).map((s) => own(screeningResponse(ctx, s))),
    ...byDateThenId(journey.series, (s) => s.startDate).map((s) =>
      own(carePlanResource(ctx, s, assessmentRefs)),
    ),
    ...byDateThenId(journey.followUps ?? [], (f) => f.date).map((f) =>
      own(appointmentResource(ctx, f, observationsOf)),
    ),
    ...byDateThenId(journey.sessions, (s) => s.date).map((s) => own(procedureResource(ctx, s))),
    ...patientObservations(ctx).map(own),
    ...observationsByAssessment.flatMap((a) => a.observations).map(own),
    ...byDateThenId(journey.adverseEvents, (e) => e.onsetDate).map((e) =>
      own(adverseEventResource(ctx, e)),
    ),
    ...byDateThenId(journey.consents, (c) => c.date).map((c) => own(consentResource(ctx, c))),
    ...byDateThenId(journey.photos, (p) => p.takenDate).map((p) => own(mediaResource(ctx, p))),
  ];

  const seen = new Set<string>();
  const entry: BundleEntry[] = resources.map((resource) => {
    const url = fullUrl(resource.id ?? '');
    if (seen.has(url)) {
      invalid(`two records map to the same resource ${resource.resourceType}/${resource.id}`, 'id');
    }
    seen.add(url);
    return { fullUrl: url, resource };
  });

  return {
    resourceType: 'Bundle',
    id: derivedId('bundle', `${journey.patient.id}/${context.generatedAt}`),
    ...(synthetic
      ? {
          meta: {
            tag: [{ system: TAGS_SYSTEM, ...TAG_CODES.synthetic }],
          },
        }
      : {}),
    type: 'collection',
    timestamp: context.generatedAt,
    entry,
  };
}
