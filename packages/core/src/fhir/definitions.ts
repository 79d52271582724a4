import type { Bundle } from '@medplum/fhirtypes';
import {
  adverseEventTypesCodeSystem,
  photoViewsCodeSystem,
  scalesCodeSystem,
  screeningDecisionsCodeSystem,
  tagsCodeSystem,
} from './codeSystems.js';
import { MICROCORE_FHIR_BASE } from './codes.js';
import { extensionDefinitions } from './extensions.js';
import { derivedId, fullUrl } from './ids.js';
import { screeningQuestionnaire } from './screening.js';

/**
 * Every definition the export's resources point to, in one Bundle (type `collection`), for a
 * receiving system to load once: the StructureDefinition of each extension, the local
 * CodeSystems (complete) and the screening Questionnaire. No patient data; the same bytes on
 * every call (no timestamp).
 */
export function fhirDefinitions(): Bundle {
  const resources = [
    ...extensionDefinitions(),
    scalesCodeSystem(),
    adverseEventTypesCodeSystem(),
    tagsCodeSystem(),
    screeningDecisionsCodeSystem(),
    photoViewsCodeSystem(),
    screeningQuestionnaire(),
  ];
  return {
    resourceType: 'Bundle',
    id: derivedId('bundle', `${MICROCORE_FHIR_BASE}/definitions`),
    type: 'collection',
    entry: resources.map((resource) => ({ fullUrl: fullUrl(resource.id ?? ''), resource })),
  };
}
