import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { notFound } from '../http/problems.js';
import { refuseFutureDates } from '../records/fields.js';
import { findPatient } from '../records/patient.js';
import {
  PATIENT_READERS,
  type PatientScope,
  type RecordKind,
  type Versions,
} from '../records/recordKind.js';
import {
  checkingChanges,
  correctionBody,
  historyEntrySchema,
  lockCurrent,
  nextVersion,
  recordHistory,
  requireChangeable,
  strikeBody,
} from '../records/versions.js';
import { commonErrors, problemSchema } from './schemas.js';

/**
 * The generic builders: the standard create / list / read / patch routes of a patient's record
 * kind (records/recordKind.ts), under /api/patients/{id}/<path>. Each route declares its roles
 * and its audit action in its config (the route table), and runs through the one audited path
 * (audited.ts); the kind's module supplies only its schemas, its mapping and its queries.
 */

type Params = Record<string, string>;

/** `adverse-event` → `AdverseEvent`. */
const pascalCase = (kebab: string) =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase());

/**
 * The operationIds of a kind's routes, from its name (one record) and its path (the list):
 * `createAdverseEvent`, `listAdverseEvents`, `getAdverseEvent`, `patchAdverseEvent`,
 * `correctAdverseEvent`, `strikeOutAdverseEvent`, `getAdverseEventHistory`. A route of
 * the kind written by hand (a plan's create, a photo's upload and bytes) takes its id from here
 * too, so the web app's client names every kind's calls alike.
 */
export function kindOperationIds(kind: Pick<RecordKind<unknown>, 'name' | 'path'>) {
  const one = pascalCase(kind.name);
  return {
    create: `create${one}`,
    list: `list${pascalCase(kind.path)}`,
    read: `get${one}`,
    patch: `patch${one}`,
    correct: `correct${one}`,
    strikeOut: `strikeOut${one}`,
    history: `get${one}History`,
  } as const;
}

export function patientRecordRoutes<Json>(context: RouteContext, kind: RecordKind<Json>) {
  const base = `/api/patients/:id/${kind.path}`;
  const one = `${base}/:${kind.idParam}`;
  const patientParams = z.object({ id: idParam });
  const recordParams = z.object({ id: idParam, [kind.idParam]: idParam });
  const tags = [kind.tag];
  const operationId = kindOperationIds(kind);

  /** The scope's patient (404 when the clinic has none with this id). */
  const withPatient = async (
    scope: Omit<PatientScope, 'patient'>,
    params: Params,
  ): Promise<PatientScope> => ({
    ...scope,
    patient: await findPatient(scope.tx, scope.user.clinicId, params.id),
  });

  return async (app: FastifyInstance) => {
    const { create, read, patch } = kind;
    if (create) {
      app.route({
        method: 'POST',
        url: base,
        config: {
          roles: kind.writers,
          audit: { action: `${kind.name}.create`, resourceType: kind.resourceType },
        },
        schema: {
          operationId: operationId.create,
          summary: create.summary,
          ...(create.description ? { description: create.description } : {}),
          tags,
          params: patientParams,
          body: create.body,
          response: {
            201: create.response ?? kind.json,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const body = request.body as Record<string, unknown>;
          const created = await auditedWrite(context, request, async (scope) => {
            refuseFutureDates(body, create.notAfterToday ?? [], scope.today);
            const patientScope = await withPatient(scope, request.params as Params);
            const done = await create.insert(patientScope, body);
            return { value: { ...done, patientId: patientScope.patient.id }, resourceId: done.id };
          });
          reply.code(201);
          if (read)
            reply.header(
              'location',
              `/api/patients/${created.patientId}/${kind.path}/${created.id}`,
            );
          return created.json;
        },
      });
    }

    app.route({
      method: 'GET',
      url: base,
      config: {
        roles: PATIENT_READERS,
        audit: { action: `${kind.name}.list`, resourceType: 'patient' },
      },
      schema: {
        operationId: operationId.list,
        summary: kind.list.summary,
        ...(kind.list.description ? { description: kind.list.description } : {}),
        tags,
        params: patientParams,
        response: {
          200: z.object({ items: z.array(kind.list.item ?? kind.json) }),
          404: problemSchema,
          ...commonErrors,
        },
      },
      handler: (request: FastifyRequest) =>
        auditedRead(context, request, async (scope) => {
          const patientScope = await withPatient(scope, request.params as Params);
          return {
            value: { items: await kind.list.items(patientScope) },
            resourceId: patientScope.patient.id,
          };
        }),
    });

    if (read) {
      app.route({
        method: 'GET',
        url: one,
        config: {
          roles: PATIENT_READERS,
          audit: { action: `${kind.name}.read`, resourceType: kind.resourceType },
        },
        schema: {
          operationId: operationId.read,
          summary: read.summary,
          tags,
          params: recordParams,
          response: { 200: kind.json, 404: problemSchema, ...commonErrors },
        },
        handler: (request: FastifyRequest) =>
          auditedRead(context, request, async (scope) => {
            const params = request.params as Params;
            const record = await read.record(
              await withPatient(scope, params),
              params[kind.idParam],
            );
            if (record === undefined) throw notFound(kind.noun);
            return { value: record, resourceId: params[kind.idParam] };
          }),
      });
    }

    if (patch) {
      app.route({
        method: 'PATCH',
        url: one,
        config: {
          roles: kind.writers,
          audit: { action: patch.action ?? `${kind.name}.update`, resourceType: kind.resourceType },
        },
        schema: {
          operationId: operationId.patch,
          summary: patch.summary,
          ...(patch.description ? { description: patch.description } : {}),
          tags,
          params: recordParams,
          body: patch.body,
          response: { 200: kind.json, 404: problemSchema, ...commonErrors },
        },
        handler: (request: FastifyRequest) => {
          const body = request.body as Record<string, unknown>;
          return auditedWrite(context, request, async (scope) => {
            refuseFutureDates(body, patch.notAfterToday ?? [], scope.today);
            const params = request.params as Params;
            const id = params[kind.idParam];
            const record = await patch.update(await withPatient(scope, params), id, body);
            if (record === undefined) throw notFound(kind.noun);
            return { value: record, resourceId: id };
          });
        },
      });
    }

    if (kind.versions) versionRoutes(app, context, kind, kind.versions);
  };
}

/**
 * A versioned kind's corrections, strike-outs and history (records/versions.ts). The audit
 * record names the record (its id); who, when and why are in the version it made, which the
 * database keeps unchangeable (docs/server.md "Corrections").
 */
function versionRoutes<Json>(
  app: FastifyInstance,
  context: RouteContext,
  kind: RecordKind<Json>,
  versions: Versions<Json>,
) {
  const one = `/api/patients/:id/${kind.path}/:${kind.idParam}`;
  const params = z.object({ id: idParam, [kind.idParam]: idParam });
  const tags = [kind.tag];
  const operationId = kindOperationIds(kind);
  const { correct } = versions;

  /** The patient, and the record's current version locked for the change (404 when none). */
  const locked = async (scope: Omit<PatientScope, 'patient'>, request: FastifyRequest) => {
    const p = request.params as Params;
    const patientScope = {
      ...scope,
      patient: await findPatient(scope.tx, scope.user.clinicId, p.id),
    };
    const id = p[kind.idParam];
    const current = await lockCurrent(
      scope.tx,
      versions.table,
      scope.user.clinicId,
      patientScope.patient.id,
      id,
    );
    if (!current) throw notFound(kind.noun);
    return { patientScope, id, current };
  };

  const answered = async (scope: PatientScope, id: string) => {
    const record = await versions.current(scope, id);
    if (record === undefined) throw new Error(`${kind.noun} ${id} vanished inside its change`);
    return record;
  };

  const body = correctionBody(correct.fields);
  app.route({
    method: 'POST',
    url: `${one}/corrections`,
    config: {
      roles: kind.writers,
      audit: { action: `${kind.name}.correct`, resourceType: kind.resourceType },
    },
    schema: {
      operationId: operationId.correct,
      summary: `Correct one of the patient’s ${kind.noun}s: a new version, the earlier ones kept`,
      description:
        `${correct.description} The corrected ${kind.noun} must pass the checks of its ` +
        'creation (refusals are 422 naming `changes.<field>`; nothing is written). ' +
        '`expectedVersion` is the version you read: another change since, or a record struck ' +
        'out, is 409. Answers the record as it now reads; every version stays in its history.',
      tags,
      params,
      body,
      response: { 200: kind.json, 404: problemSchema, 409: problemSchema, ...commonErrors },
    },
    handler: (request: FastifyRequest) => {
      const { expectedVersion, reason, changes } = request.body as z.infer<typeof body>;
      return auditedWrite(context, request, async (scope) => {
        const { patientScope, id, current } = await locked(scope, request);
        requireChangeable(current, kind.noun, expectedVersion);
        const next = nextVersion(current, scope.user, 'corrected', reason);
        await checkingChanges(() => {
          refuseFutureDates(changes, correct.notAfterToday ?? [], scope.today);
          return correct.apply(patientScope, id, changes, next);
        });
        return { value: await answered(patientScope, id), resourceId: id };
      });
    },
  });

  app.route({
    method: 'POST',
    url: `${one}/entered-in-error`,
    config: {
      roles: kind.writers,
      audit: { action: `${kind.name}.strike-out`, resourceType: kind.resourceType },
    },
    schema: {
      operationId: operationId.strikeOut,
      summary: `Strike out one of the patient’s ${kind.noun}s as entered in error (kept, never counted)`,
      description:
        `The ${kind.noun} stays readable, with its history, as \`recordStatus: ` +
        '"entered-in-error"`; statistics, the research pool and the FHIR export leave it out; ' +
        'it takes no further change. A reason is required. 409 when it was changed since ' +
        '`expectedVersion`, is already struck out, or current records still name it.',
      tags,
      params,
      body: strikeBody,
      response: { 200: kind.json, 404: problemSchema, 409: problemSchema, ...commonErrors },
    },
    handler: (request: FastifyRequest) => {
      const { expectedVersion, reason } = request.body as z.infer<typeof strikeBody>;
      return auditedWrite(context, request, async (scope) => {
        const { patientScope, id, current } = await locked(scope, request);
        requireChangeable(current, kind.noun, expectedVersion);
        await versions.beforeStrike?.(patientScope, id);
        await scope.tx
          .updateTable(versions.table as 'consents')
          .set(nextVersion(current, scope.user, 'entered-in-error', reason))
          .where('clinic_id', '=', scope.user.clinicId)
          .where('id', '=', id)
          .execute();
        return { value: await answered(patientScope, id), resourceId: id };
      });
    },
  });

  app.route({
    method: 'GET',
    url: `${one}/history`,
    config: {
      roles: PATIENT_READERS,
      audit: { action: `${kind.name}.history`, resourceType: kind.resourceType },
    },
    schema: {
      operationId: operationId.history,
      summary: `Every version of one of the patient’s ${kind.noun}s, oldest first`,
      tags,
      params,
      response: {
        200: z.object({ items: z.array(historyEntrySchema(kind.json)) }),
        404: problemSchema,
        ...commonErrors,
      },
    },
    handler: (request: FastifyRequest) =>
      auditedRead(context, request, async (scope) => {
        const p = request.params as Params;
        const patient = await findPatient(scope.tx, scope.user.clinicId, p.id);
        const id = p[kind.idParam];
        const items = await recordHistory(
          scope.tx,
          versions.table,
          scope.user.clinicId,
          patient.id,
          id,
          versions.toJson,
        );
        if (items.length === 0) throw notFound(kind.noun);
        return { value: { items }, resourceId: id };
      }),
  });
}
