import {
  type AdverseEventSeverity,
  type AdverseEventType,
  type Anaesthesia,
  type ConsentScope,
  DEFAULT_TEMPLATE,
  type Relatedness,
} from '@microcore/core';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { appendAudit } from '../../audit.js';
import { auditedRead } from '../../auditedRead.js';
import type { SessionUser } from '../../auth/sessions.js';
import type { Tx } from '../../db/open.js';
import { type FieldError, Problem } from '../../http/problems.js';
import { findPatient, UUID } from '../patients.js';
import { dateText } from '../schemas.js';

/**
 * What the record routes share: who may write, the date rule, the enums of records/types.ts,
 * the zone ids, and one way to refuse with every field's reason.
 */

/** Clinicians and admins record sessions, assessments, events, consents and photos. */
export const RECORD_WRITERS = ['admin', 'clinician'] as const;

/**
 * A literal list that must hold every member of the union T: adding a member to the core's type
 * without adding it here fails the build, so the API and the database CHECKs stay in step.
 */
const everyOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)) =>
    values;

export const ANAESTHESIA = everyOf<Anaesthesia>()([
  'none',
  'topical',
  'local-infiltration',
  'nerve-block',
]);
export const ADVERSE_EVENT_TYPES = everyOf<AdverseEventType>()([
  'erythema',
  'oedema',
  'bruising',
  'hyperpigmentation',
  'hypopigmentation',
  'scarring',
  'infection',
  'other',
]);
export const SEVERITIES = everyOf<AdverseEventSeverity>()(['mild', 'moderate', 'severe']);
export const RELATEDNESS = everyOf<Relatedness>()([
  'not-related',
  'unlikely',
  'possible',
  'probable',
  'definite',
]);
export const CONSENT_SCOPES = everyOf<ConsentScope>()(['treatment', 'photography', 'research']);

/** The zone ids a record may name outside a plan (assessments, photos): the face template's. */
export const TEMPLATE_ZONE_IDS: readonly string[] = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

/** Today by the server's clock, in its local time zone, as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const EARLIEST_YEAR = 1900;

/** A calendar date of a record: YYYY-MM-DD, real, not after today (server clock). */
export const recordDate = dateText('YYYY-MM-DD, a calendar date, not after today', (text) =>
  text > today()
    ? `is in the future (today is ${today()})`
    : Number(text.slice(0, 4)) < EARLIEST_YEAR
      ? `must be in ${EARLIEST_YEAR} or later`
      : undefined,
);

/** An id the client names in a body or query (a UUID; whose it is, the handler checks). */
export const recordId = z.string().regex(UUID, 'not an id (a UUID)');

export const notes = z.string().max(4000).nullable().optional();

/** Refuse with 422, naming every field and its reason; nothing has been written. */
export function refuse(errors: FieldError[]): never {
  throw new Problem('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });
}

export function signedIn(user: SessionUser | undefined): SessionUser {
  if (!user) throw new Problem('unauthenticated', 'sign in (POST /api/auth/login) first');
  return user;
}

/** Append the audit record of a successful read or write, in the work's own transaction. */
export function audit(
  tx: Tx,
  user: SessionUser,
  action: string,
  resourceType: string,
  resourceId: string | null,
): Promise<void> {
  return appendAudit(tx, {
    clinicId: user.clinicId,
    userId: user.id,
    action,
    resourceType,
    resourceId,
    outcome: 'ok',
  });
}

/** The patient may get new records only while not archived (as with plans). */
export function requireActive(patient: { archived_at: unknown }): void {
  if (patient.archived_at !== null)
    throw new Problem('conflict', 'the patient is archived; restore them to add records');
}

/** A session of this patient (for an assessment or an adverse event that names one), or 422. */
export async function findSessionOf(
  tx: Tx,
  clinicId: string,
  patientId: string,
  sessionId: string,
  field = 'sessionId',
): Promise<{ id: string; date: string }> {
  const row = await tx
    .selectFrom('treatment_sessions')
    .select(['id', 'date'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!row) refuse([{ field, message: 'no treatment session of this patient has this id' }]);
  return row;
}

export const isoTime = (value: Date | string) => new Date(value).toISOString();
export const optionalNumber = (value: string | number | null) =>
  value === null ? null : Number(value);

/** `true` when A is assignable to B; a build error otherwise (A's JSON matches B's record). */
export type IsA<A extends B, B> = A extends B ? true : never;

/**
 * GET /api/patients/{id}/<records>: the patient's records as `{ items }`, 404 for another
 * clinic's patient; the read is recorded through the AuditQueue (group commit) and committed
 * before the answer goes out (auditedRead).
 */
export function listForPatient<Item>(
  context: Pick<RouteContext, 'db' | 'auditQueue'>,
  user: SessionUser | undefined,
  patientIdParam: string,
  action: string,
  rows: (tx: Tx, scope: { clinicId: string; patientId: string }) => Promise<Item[]>,
): Promise<{ items: Item[] }> {
  const reader = signedIn(user);
  return auditedRead(context, reader, async (tx) => {
    const patient = await findPatient(tx, reader.clinicId, patientIdParam);
    const items = await rows(tx, { clinicId: reader.clinicId, patientId: patient.id });
    return {
      value: { items },
      record: { action, resourceType: 'patient', resourceId: patient.id },
    };
  });
}
