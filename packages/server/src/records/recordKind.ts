import type { z } from 'zod';
import type { Scope } from '../audited.js';
import type { RecordTable, Role } from '../db/schema.js';
import type { PatientRow } from './patient.js';
import type { nextVersion } from './versions.js';

/**
 * A kind of record that belongs to a patient (a plan, a screening, a session, …), described once:
 * its JSON, its row → JSON mapping and its queries. The generic builders in
 * `routes/patientRecordRoutes.ts` turn it into the standard routes under
 * `/api/patients/{id}/<path>`:
 *
 *   POST  …/<path>                create   (when `create` is given)
 *   GET   …/<path>                list     (always)
 *   GET   …/<path>/{<idParam>}    read     (when `read` is given)
 *   PATCH …/<path>/{<idParam>}    update   (when `patch` is given)
 *   POST  …/{<idParam>}/corrections       correct      ┐
 *   POST  …/{<idParam>}/entered-in-error  strike out   ├ (when `versions` is given)
 *   GET   …/{<idParam>}/history           every version┘
 *
 * each with its roles, its audit declaration (`<name>.create`, `<name>.list`, `<name>.read`,
 * `<name>.update`), the patient lookup (another clinic's patient is 404), the archived check for
 * writes, the "not after today" check of the body's date fields against the clinic's day, one
 * transaction under row-level security, and the audit record. The module holds only what is
 * particular to the kind. `journeys.ts`, the FHIR export and the demo seed use the same modules.
 */

/** The patient a record route works on, within the request's scope. */
export interface PatientScope extends Scope {
  readonly patient: PatientRow;
}

/** Who may read a patient's records (identifying data: no researchers). */
export const PATIENT_READERS: readonly Role[] = ['admin', 'clinician'];

/** Who records the clinical records of a journey (sessions, follow-ups, events, consents, photos). */
export const RECORD_WRITERS: readonly Role[] = ['admin', 'clinician'];

export interface RecordKind<
  Json,
  Create extends z.ZodType = z.ZodType,
  Patch extends z.ZodType = z.ZodType,
> {
  /** The audit actions' prefix: `session` → `session.create`, `session.list`, … */
  readonly name: string;
  /** The audit records' resource type for a record of this kind, e.g. `treatment-session`. */
  readonly resourceType: string;
  /** In messages: `no such <noun>`. */
  readonly noun: string;
  /** The URL segment under /api/patients/{id}/. */
  readonly path: string;
  /** The path parameter naming one record, e.g. `sessionId`. */
  readonly idParam: string;
  /** The OpenAPI tag. */
  readonly tag: string;
  /** The JSON of one record, as every route of the kind answers it. */
  readonly json: z.ZodType<Json>;
  /** Roles that may create and patch (reads: PATIENT_READERS). */
  readonly writers: readonly Role[];

  readonly list: {
    readonly summary: string;
    readonly description?: string;
    /** The list's item, when it is not the whole record (plans list summaries). */
    readonly item?: z.ZodType;
    readonly items: (scope: PatientScope) => Promise<unknown[]>;
  };
  readonly read?: {
    readonly summary: string;
    readonly record: (scope: PatientScope, id: string) => Promise<Json | undefined>;
  };
  readonly create?: {
    readonly summary: string;
    readonly description?: string;
    readonly body: Create;
    /** The answer, when it adds to the record (a session's warnings). */
    readonly response?: z.ZodType;
    /** Body fields that hold a date that may not be after the clinic's today. */
    readonly notAfterToday?: readonly string[];
    /** Check and insert; answers the 201 body and the new record's id. */
    readonly insert: (
      scope: PatientScope,
      body: z.infer<Create>,
    ) => Promise<{ readonly id: string; readonly json: unknown }>;
  };
  readonly patch?: {
    /** The audit action, when `<name>.update` would say less (`consent.withdraw`). */
    readonly action?: string;
    readonly summary: string;
    readonly description?: string;
    readonly body: Patch;
    readonly notAfterToday?: readonly string[];
    /** Check and update the record with this (canonical) id; undefined when there is none. */
    readonly update: (
      scope: PatientScope,
      id: string,
      body: z.infer<Patch>,
    ) => Promise<Json | undefined>;
  };
  readonly versions?: Versions<Json>;
}

/** The columns of a record's next version (records/versions.ts nextVersion). */
export type NextVersion = ReturnType<typeof nextVersion>;

/**
 * A kind whose records can be corrected and struck out (records/versions.ts; migrations/019).
 */
export interface Versions<Json> {
  readonly table: RecordTable;
  /** A stored row, or a version's copy of one, as the record's JSON. */
  readonly toJson: (row: never) => Json;
  /** The record's current version, or undefined when the patient has no such record. */
  readonly current: (scope: PatientScope, id: string) => Promise<Json | undefined>;
  readonly correct: {
    readonly description: string;
    /** The creation body's fields a correction may change (no defaults: absent is unchanged). */
    readonly fields: z.ZodObject;
    readonly notAfterToday?: readonly string[];
    /**
     * Check the record as corrected by `changes` with the creation's rules, and store it as the
     * next version (the locked current one is `id`). Refusals name the record's fields.
     */
    readonly apply: (
      scope: PatientScope,
      id: string,
      changes: Record<string, unknown>,
      next: NextVersion,
    ) => Promise<void>;
  };
  /** Refuse (409) striking out a record that current records still name. */
  readonly beforeStrike?: (scope: PatientScope, id: string) => Promise<void>;
}

/** A kind, typed from its parts (so `insert` sees its body's type). */
export function recordKind<Json, Create extends z.ZodType, Patch extends z.ZodType>(
  kind: RecordKind<Json, Create, Patch>,
): RecordKind<Json, Create, Patch> {
  return kind;
}
