import type {
  CodeableConcept,
  Device,
  Organization,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { DEFAULT_TEMPLATE } from '../anatomy/defaultTemplate.js';
import type { PatientJourney } from '../records/types.js';
import { identifierSystem, SNOMED, snomedBodySite } from './codes.js';
import { derivedId, fullUrl, resourceId } from './ids.js';
import type { FhirExportContext } from './types.js';

/** Everything a resource builder needs: the ids of the other entries and the zone labels. */
export interface BuildContext {
  readonly journey: PatientJourney;
  readonly export: FhirExportContext;
  readonly patientRef: Reference<Patient>;
  readonly organizationRef: Reference<Organization>;
  readonly handpieceRef: Reference<Device>;
  needleRef(gauge: string): Reference<Device>;
  zoneLabel(zoneId: string): string;
}

/** A reference to another entry of the bundle, by its fullUrl; the type is for the compiler only. */
export function ref<T extends Resource = Resource>(id: string, display?: string): Reference<T> {
  return display === undefined ? { reference: fullUrl(id) } : { reference: fullUrl(id), display };
}

export function recordIdentifier(kind: string, id: string) {
  return { system: identifierSystem(kind), value: id };
}

const DEFAULT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  DEFAULT_TEMPLATE.zones.map((z) => [z.id, z.label]),
);

export function zoneLabeller(labels?: Readonly<Record<string, string>>) {
  return (zoneId: string): string => labels?.[zoneId] ?? DEFAULT_LABELS[zoneId] ?? zoneId;
}

/** A zone as a body site: SNOMED CT where a code was verified, the zone's label always. */
export function bodySite(zoneId: string, label: string): CodeableConcept {
  const snomed = snomedBodySite(zoneId);
  return snomed
    ? { coding: [{ system: SNOMED, code: snomed.code, display: snomed.display }], text: label }
    : { text: label };
}

/** Resource ids by record kind, in one place so that builders and references agree. */
export const ids = {
  patient: (id: string) => resourceId('patient', id),
  organization: (clinicId: string) => derivedId('organization', clinicId),
  needle: (gauge: string) => derivedId('device/needle', gauge),
  handpiece: () => derivedId('device/handpiece', 'default'),
  series: (id: string) => resourceId('series', id),
  session: (id: string) => resourceId('session', id),
  assessmentObservation: (assessmentId: string, what: string) =>
    derivedId('assessment', `${assessmentId}/${what}`),
  patientObservation: (patientId: string, what: string) =>
    derivedId('patient-observation', `${patientId}/${what}`),
  adverseEvent: (id: string) => resourceId('adverse-event', id),
  consent: (id: string) => resourceId('consent', id),
  photo: (id: string) => resourceId('photo', id),
  followUp: (id: string) => resourceId('follow-up', id),
  screening: (id: string) => resourceId('screening', id),
  codeSystem: (url: string) => derivedId('code-system', url),
};

/** Records sorted by date, then id: the export does not depend on the order records came in. */
export function byDateThenId<T extends { readonly id: string }>(
  records: readonly T[],
  date: (r: T) => string,
): T[] {
  return [...records].sort((a, b) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}
