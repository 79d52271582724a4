import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { EXTENSION } from './codes.js';
import { derivedId } from './ids.js';
import { narrative } from './narrative.js';

/**
 * A StructureDefinition (R4, differential only) for each extension the export writes, so a
 * receiving system can look up what an extension URL means, where it may stand and what value
 * it takes. The URLs are the ones in codes.ts (EXTENSION); they never change meaning.
 */

interface ExtensionSpec {
  readonly url: string;
  /** StructureDefinition.name: a computer-friendly name (invariant sdf-0). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The element paths it may stand on (context type `element`). */
  readonly context: readonly string[];
  /** The FHIR type of its value[x]. */
  readonly valueType: string;
}

const SPECS: readonly ExtensionSpec[] = [
  {
    url: EXTENSION.anaesthesia,
    name: 'Anaesthesia',
    title: 'Anaesthesia used for a Micro-Coring session',
    description:
      'The anaesthesia used for the session, one of: none, topical, local-infiltration, ' +
      'nerve-block. R4 Procedure has no element for it.',
    context: ['Procedure'],
    valueType: 'code',
  },
  {
    url: EXTENSION.zoneId,
    name: 'ZoneId',
    title: 'Treatment zone id',
    description:
      "The zone's id in the plan's face template (e.g. cheek-left), so the body site can be " +
      'matched to the plan; the coded body site and its text say where it is.',
    context: ['Procedure.bodySite'],
    valueType: 'string',
  },
  {
    url: EXTENSION.coresDelivered,
    name: 'CoresDelivered',
    title: 'Cores delivered in a zone',
    description: 'The number of cores taken in this zone during this session (≥ 0).',
    context: ['Procedure.bodySite'],
    valueType: 'integer',
  },
  {
    url: EXTENSION.achievedCoverage,
    name: 'AchievedCoverage',
    title: 'Coverage achieved in a zone by a live delivery',
    description:
      "The fraction (0–1) of the zone's treatable area the extracted cores removed, as the " +
      "handpiece session's field guard counted them.",
    context: ['Procedure.bodySite'],
    valueType: 'decimal',
  },
  {
    url: EXTENSION.coresRefused,
    name: 'CoresRefused',
    title: 'Cores refused in a zone by the field guard',
    description:
      'The number of cores the live session did not fire in this zone: closer than the bridge ' +
      'rule allows, outside the zone, in an exclusion, or past a coverage ceiling (≥ 0).',
    context: ['Procedure.bodySite'],
    valueType: 'integer',
  },
  {
    url: EXTENSION.deliveryDuration,
    name: 'DeliveryDuration',
    title: 'Active time of a live delivery',
    description:
      'From the handpiece session’s first event to its last, less the time paused (seconds).',
    context: ['Procedure'],
    valueType: 'Duration',
  },
  {
    url: EXTENSION.resolutionDate,
    name: 'ResolutionDate',
    title: 'Adverse event resolution date',
    description:
      'The day the adverse event resolved (absent while it is ongoing). R4 AdverseEvent has no ' +
      'element for it (R5 adds resolveDate).',
    context: ['AdverseEvent'],
    valueType: 'date',
  },
  {
    url: EXTENSION.sha256,
    name: 'AttachmentSha256',
    title: 'SHA-256 of an attachment',
    description:
      'The SHA-256 digest (64 lower-case hex digits) of the stored bytes. R4 Attachment.hash ' +
      'is a SHA-1 (base64) of data the export does not hold.',
    context: ['Media.content'],
    valueType: 'string',
  },
  {
    url: EXTENSION.consent,
    name: 'PhotoConsent',
    title: 'Consent a photo was taken under',
    description: "The patient's photography Consent the photo was taken under.",
    context: ['Media'],
    valueType: 'Reference',
  },
];

function element(path: string, rest: Partial<ElementDefinition>): ElementDefinition {
  return { id: path, path, ...rest };
}

function structureDefinition(spec: ExtensionSpec): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: derivedId('structure-definition', spec.url),
    text: narrative(
      `Extension "${spec.title}" (${spec.url}): ${spec.description}`,
      `Value: ${spec.valueType}, exactly one. On: ${spec.context.join(', ')}. At most once per element.`,
    ),
    url: spec.url,
    version: '1',
    name: spec.name,
    title: spec.title,
    status: 'active',
    experimental: false,
    publisher: 'microcore',
    description: spec.description,
    fhirVersion: '4.0.1',
    kind: 'complex-type',
    abstract: false,
    context: spec.context.map((expression) => ({ type: 'element', expression })),
    type: 'Extension',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
    derivation: 'constraint',
    differential: {
      element: [
        element('Extension', { short: spec.title, definition: spec.description, min: 0, max: '1' }),
        element('Extension.extension', { max: '0' }),
        element('Extension.url', { fixedUri: spec.url }),
        element('Extension.value[x]', { min: 1, type: [{ code: spec.valueType }] }),
      ],
    },
  };
}

/** The StructureDefinitions of every extension the export writes, in URL order. */
export function extensionDefinitions(): StructureDefinition[] {
  return [...SPECS].sort((a, b) => (a.url < b.url ? -1 : 1)).map(structureDefinition);
}
