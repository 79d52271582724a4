import type { SessionBody, TreatmentSession } from '../journey/types';
import type { PlannedZone } from './planZones';

/**
 * The session form's fields as typed, and the body they make. The same values serve recording a
 * session and correcting one (filled from the record). Nothing is checked here: the server does.
 */
export interface SessionValues {
  planId: string;
  seriesId: string;
  date: string;
  /** Zones ticked or unticked by hand; the others are `doneByDefault`. */
  done: Readonly<Record<string, boolean>>;
  doneByDefault: boolean;
  /** Cores delivered typed by hand; the others are the recorded or planned count. */
  cores: Readonly<Record<string, number | string>>;
  anaesthesia: string;
  operator: string;
  needle: string;
  notes: string;
  intervalReason: string;
}

export const isZoneDone = (values: SessionValues, zone: PlannedZone) =>
  values.done[zone.id] ?? values.doneByDefault;

export const coresOf = (values: SessionValues, zone: PlannedZone) =>
  values.cores[zone.id] ?? zone.coresPlanned ?? '';

/** A recorded session as the form's values (its zones ticked with their cores, the rest not). */
export function sessionValuesOf(session: TreatmentSession): SessionValues {
  return {
    planId: session.planId,
    seriesId: session.seriesId ?? '',
    date: session.date,
    done: Object.fromEntries(session.zones.map((z) => [z.zoneId, true])),
    doneByDefault: false,
    cores: Object.fromEntries(session.zones.map((z) => [z.zoneId, z.coresDelivered])),
    anaesthesia: session.anaesthesia,
    operator: session.operator,
    needle: session.needleGauge,
    notes: session.notes ?? '',
    intervalReason: session.intervalReason ?? '',
  };
}

/**
 * The body the values make. A choice not made is left out, so the API names it (the body is then
 * not a whole SessionBody: the server, not this form, decides what is missing).
 */
export function sessionBody(values: SessionValues, zones: readonly PlannedZone[]): SessionBody {
  return {
    planId: values.planId,
    ...(values.seriesId ? { seriesId: values.seriesId } : {}),
    date: values.date,
    zones: zones
      .filter((zone) => isZoneDone(values, zone))
      .map((zone) => ({ zoneId: zone.id, coresDelivered: Number(coresOf(values, zone)) })),
    ...(values.anaesthesia ? { anaesthesia: values.anaesthesia } : {}),
    ...(values.operator.trim() ? { operator: values.operator.trim() } : {}),
    ...(values.needle.trim() ? { needleGauge: values.needle.trim() } : {}),
    notes: values.notes.trim() || null,
    intervalReason: values.intervalReason.trim() || null,
  } as SessionBody;
}

/** How running text names each field of the body, the zones sent being `sent`. */
export function sessionNouns(sent: readonly PlannedZone[]): Record<string, string> {
  return {
    planId: 'plan',
    seriesId: 'series',
    date: 'session day',
    zones: 'zones done',
    ...Object.fromEntries(
      sent.flatMap((zone, i) => [
        [`zones[${i}].zoneId`, `zone ${zone.label}`],
        [`zones[${i}].coresDelivered`, `cores delivered in ${zone.label}`],
      ]),
    ),
    anaesthesia: 'anaesthesia',
    operator: 'operator',
    needleGauge: 'needle gauge',
    notes: 'notes',
    intervalReason: 'reason for the shorter interval',
  };
}
