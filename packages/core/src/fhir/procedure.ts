import type { Annotation, CodeableConcept, Procedure } from '@medplum/fhirtypes';
import { needleByGauge } from '../device/needles.js';
import type { SessionDeliveryZone, TreatmentSessionRecord } from '../records/types.js';
import { EXTENSION, UCUM } from './codes.js';
import { fhirText, narrative } from './narrative.js';
import { type BuildContext, bodySite, ids, recordIdentifier, ref } from './shared.js';

/**
 * A zone as a body site, with its zone id and the cores delivered there as extensions; with what
 * the live delivery measured there (coverage achieved, cores refused) when one made the record.
 */
function zoneSite(
  ctx: BuildContext,
  zoneId: string,
  coresDelivered: number,
  delivered: SessionDeliveryZone | undefined,
): CodeableConcept {
  return {
    extension: [
      { url: EXTENSION.zoneId, valueString: zoneId },
      { url: EXTENSION.coresDelivered, valueInteger: coresDelivered },
      ...(delivered
        ? [
            {
              url: EXTENSION.achievedCoverage,
              valueDecimal: round6(delivered.achievedCoverageFraction),
            },
            {
              url: EXTENSION.coresRefused,
              valueInteger: Object.values(delivered.refused).reduce((a, b) => a + b, 0),
            },
          ]
        : []),
    ],
    ...bodySite(zoneId, ctx.zoneLabel(zoneId)),
  };
}

/** One recorded session: a completed procedure, based on its series' CarePlan when it has one. */
export function procedureResource(ctx: BuildContext, session: TreatmentSessionRecord): Procedure {
  const inSeries =
    session.seriesId != null && ctx.journey.series.some((s) => s.id === session.seriesId);
  const total = session.zones.reduce((sum, z) => sum + z.coresDelivered, 0);
  // The counts again in words, for readers that ignore extensions.
  const counts = session.zones
    .map((z) => `${ctx.zoneLabel(z.zoneId)} ${z.coresDelivered}`)
    .join('; ');
  const note: Annotation[] = [
    { text: `Cores delivered: ${counts} (total ${total}). Anaesthesia: ${session.anaesthesia}.` },
  ];
  if (session.notes) note.push({ text: fhirText(session.notes) });
  const delivery = session.delivery ?? null;
  const deliveredZone = (zoneId: string) => delivery?.zones.find((z) => z.zoneId === zoneId);
  const deliveryLines = delivery
    ? [
        `Live delivery: ${delivery.fields} fields, ${Math.round(delivery.activeS)} s active, ${delivery.alarms} alarms; coverage achieved:`,
        ...delivery.zones.map(
          (z) =>
            `${ctx.zoneLabel(z.zoneId)}: ${(100 * z.achievedCoverageFraction).toFixed(2)} % (planned ${(100 * z.plannedCoverageFraction).toFixed(2)} %)`,
        ),
      ]
    : [];
  if (delivery) note.push({ text: deliveryLines.join(' ') });
  return {
    resourceType: 'Procedure',
    id: ids.session(session.id),
    text: narrative(
      `Micro-Coring session on ${session.date}, operator ${session.operator}, at ${ctx.export.clinic.name}; needle ${needleByGauge(session.needleGauge).gauge}; anaesthesia: ${session.anaesthesia}.`,
      `Cores delivered (total ${total}):`,
      session.zones.map((z) => `${ctx.zoneLabel(z.zoneId)}: ${z.coresDelivered}`),
      ...(session.notes ? [`Notes: ${session.notes}`] : []),
      ...deliveryLines,
    ),
    extension: [
      { url: EXTENSION.anaesthesia, valueCode: session.anaesthesia },
      ...(delivery
        ? [
            {
              url: EXTENSION.deliveryDuration,
              valueDuration: {
                value: round6(delivery.activeS),
                unit: 's',
                system: UCUM,
                code: 's',
              },
            },
          ]
        : []),
    ],
    identifier: [recordIdentifier('session', session.id)],
    ...(inSeries && session.seriesId ? { basedOn: [ref(ids.series(session.seriesId))] } : {}),
    status: 'completed',
    // No SNOMED CT code for micro-coring was found; a wrong code would be worse than text.
    code: { text: 'Micro-Coring (dermal micro-coring) skin treatment' },
    subject: ctx.patientRef,
    performedDateTime: session.date,
    performer: [
      { actor: { display: fhirText(session.operator) }, onBehalfOf: ctx.organizationRef },
    ],
    bodySite: session.zones.map((z) =>
      zoneSite(ctx, z.zoneId, z.coresDelivered, deliveredZone(z.zoneId)),
    ),
    note,
    focalDevice: [{ manipulated: ctx.needleRef(session.needleGauge) }],
    usedReference: [ctx.handpieceRef],
  };
}

/** Six decimals: a decimal, not a double's every digit. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
