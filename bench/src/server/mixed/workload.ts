import { Rng } from '@microcore/core';
import { assessmentBody, planBody, RECORD_DATE, sessionBody } from './records.js';
import type { SeededClinic, SeededPatient } from './seed.js';

/**
 * The mixed clinic workload of the Speed section: 85 % reads of patient records, 14 %
 * writes of records, 1 % plans, each request drawn from a seeded RNG for a clinic, a user and a
 * patient chosen uniformly. Every body is valid: a request answered anything but its expected
 * status counts as an error.
 */
export type RequestClass = 'read' | 'write' | 'plan';

export interface MixRequest {
  readonly kind: string;
  readonly class: RequestClass;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly expectedStatus: number;
}

/** A signed-in clinic: its seeded patients and a bearer token for each of its three users. */
export interface ClinicWorld extends SeededClinic {
  readonly adminToken: string;
  readonly clinicianTokens: readonly [string, string];
}

export interface MixEntry {
  readonly kind: string;
  readonly class: RequestClass;
  /** Percent of all requests. */
  readonly percent: number;
  readonly method: MixRequest['method'];
  /** The path after /api/patients/{id}. */
  readonly suffix: string;
  readonly expectedStatus: number;
  /** What the body holds, for the results. */
  readonly description: string;
  /** The JSON body, when the request has one; `nextSession` numbers the patient's sessions. */
  body?(patient: SeededPatient, rng: Rng, nextSession: () => number): unknown;
}

export const MIX: readonly MixEntry[] = [
  {
    kind: 'GET /api/patients/{id}',
    description: 'one patient',
    class: 'read',
    percent: 65,
    method: 'GET',
    suffix: '',
    expectedStatus: 200,
  },
  {
    kind: 'GET …/sessions',
    description: "the patient's sessions",
    class: 'read',
    percent: 10,
    method: 'GET',
    suffix: '/sessions',
    expectedStatus: 200,
  },
  {
    kind: 'GET …/assessments',
    description: "the patient's assessments",
    class: 'read',
    percent: 10,
    method: 'GET',
    suffix: '/assessments',
    expectedStatus: 200,
  },
  {
    kind: 'POST …/sessions',
    description:
      "the patient's plan, two of its zones, topical anaesthesia, 6 weeks after their last session",
    class: 'write',
    percent: 4,
    method: 'POST',
    suffix: '/sessions',
    expectedStatus: 201,
    body: (patient, _rng, nextSession) => sessionBody(patient.planId, nextSession()),
  },
  {
    kind: 'POST …/assessments',
    description: 'Lemperle grades of two zones, GAIS, satisfaction',
    class: 'write',
    percent: 4,
    method: 'POST',
    suffix: '/assessments',
    expectedStatus: 201,
    body: (_patient, rng) => assessmentBody(rng),
  },
  {
    kind: 'POST …/adverse-events',
    description: 'mild erythema, probably related',
    class: 'write',
    percent: 2,
    method: 'POST',
    suffix: '/adverse-events',
    expectedStatus: 201,
    body: () => ({
      type: 'erythema',
      onsetDate: RECORD_DATE,
      severity: 'mild',
      relatedness: 'probable',
    }),
  },
  {
    // A patient has one active consent per scope (a second is 409), so the consent write
    // withdraws the patient's seeded treatment consent: a change the first time, and after that
    // the idempotent repeat the API promises (still a locked read and an audit record).
    kind: 'PATCH …/consents/{consentId}',
    description: 'withdraw the treatment consent',
    class: 'write',
    percent: 2,
    method: 'PATCH',
    suffix: '/consents/{consentId}',
    expectedStatus: 200,
    body: () => ({ status: 'withdrawn', withdrawnDate: RECORD_DATE }),
  },
  {
    kind: 'PATCH /api/patients/{id}',
    description: 'a new phone number',
    class: 'write',
    percent: 2,
    method: 'PATCH',
    suffix: '',
    expectedStatus: 200,
    body: (_patient, rng) => ({ phone: `+44 20 7946 ${String(rng.int(10_000)).padStart(4, '0')}` }),
  },
  {
    kind: 'POST …/plans',
    description:
      '`{zones: [cheek-left, cheek-right, jawline-left, jawline-right, submental], needle: "22G", mode: "clinical", seed}`: 10,753 cores',
    class: 'plan',
    percent: 1,
    method: 'POST',
    suffix: '/plans',
    expectedStatus: 201,
    body: (_patient, rng) => planBody(rng.int(1_000_000)),
  },
];

const TOTAL_PERCENT = MIX.reduce((sum, entry) => sum + entry.percent, 0);
if (TOTAL_PERCENT !== 100) throw new Error(`the mix adds up to ${TOTAL_PERCENT} %, not 100 %`);

/**
 * The requests of the mix in a reproducible order: reads by any of the clinic's three users
 * (an admin reads records too), writes and plans by one of its two clinicians.
 */
export class Workload {
  private readonly rng: Rng;
  /** Sessions per patient so far: the seeded one each, then those this workload sent. */
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly clinics: readonly ClinicWorld[],
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  next(): MixRequest {
    const rng = this.rng;
    const entry = pick(rng.next() * TOTAL_PERCENT);
    const clinic = this.clinics[rng.int(this.clinics.length)];
    const patient = clinic.patients[rng.int(clinic.patients.length)];
    const user = entry.class === 'read' ? rng.int(3) : 1 + rng.int(2);
    const token = user === 0 ? clinic.adminToken : clinic.clinicianTokens[user - 1];
    const body = entry.body?.(patient, rng, () => {
      const n = this.sessions.get(patient.id) ?? 1;
      this.sessions.set(patient.id, n + 1);
      return n;
    });
    return {
      kind: entry.kind,
      class: entry.class,
      method: entry.method,
      path: `/api/patients/${patient.id}${entry.suffix.replace('{consentId}', patient.consentId)}`,
      headers:
        body === undefined
          ? { authorization: `Bearer ${token}` }
          : { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      expectedStatus: entry.expectedStatus,
    };
  }
}

function pick(draw: number): MixEntry {
  let below = 0;
  for (const entry of MIX) {
    below += entry.percent;
    if (draw < below) return entry;
  }
  return MIX[MIX.length - 1];
}
