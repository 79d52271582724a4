import { Writable } from 'node:stream';
import { type App, buildApp } from '../src/app.js';
import type { ScryptCost } from '../src/auth/password.js';
import type { ServerConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { createClinic } from '../src/seed.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export { type DatabaseKind, onEachDatabase } from './databases.js';

/** Cheap scrypt for tests (the production cost is in DEFAULT_SCRYPT_COST). */
export const TEST_COST: ScryptCost = { logN: 10, r: 8, p: 1, keyLength: 32 };
export const PASSWORD = 'correct horse battery staple';

export interface World {
  readonly kind: DatabaseKind;
  readonly database: TestDatabase;
  readonly app: App;
  /** The owner's connection: the tests inspect and tamper through it (RLS does not bind it). */
  readonly storage: Storage;
  /** The app's connection (PostgreSQL: the microcore_app role; PGlite: `storage` itself). */
  readonly appStorage: Storage;
  readonly logs: string[];
  readonly clinicA: string;
  readonly clinicB: string;
  /** Bearer tokens by user: adminA, clinicianA, researcherA, adminB, clinicianB. */
  readonly tokens: Record<
    'adminA' | 'clinicianA' | 'researcherA' | 'adminB' | 'clinicianB',
    string
  >;
  close(): Promise<void>;
}

/**
 * A fresh database of the given kind, migrated by its owner, with two clinics and their users,
 * and the app connected as the app role.
 */
export async function makeWorld(
  kind: DatabaseKind,
  config: Partial<ServerConfig> = {},
  options: { clock?: () => Date } = {},
): Promise<World> {
  const database = await createTestDatabase(kind);
  const storage = await openStorage(database.owner);
  await migrate(storage.db);
  const appStorage = kind === 'pglite' ? storage : await openStorage(database.app);
  const a = await createClinic(
    appStorage.db,
    'Clinic A',
    [
      { email: 'admin@a.test', role: 'admin', password: PASSWORD },
      { email: 'clinician@a.test', role: 'clinician', password: PASSWORD },
      { email: 'researcher@a.test', role: 'researcher', password: PASSWORD },
    ],
    TEST_COST,
  );
  const b = await createClinic(
    appStorage.db,
    'Clinic B',
    [
      { email: 'admin@b.test', role: 'admin', password: PASSWORD },
      { email: 'clinician@b.test', role: 'clinician', password: PASSWORD },
    ],
    TEST_COST,
  );
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({
    db: appStorage.db,
    config: { passwordCost: TEST_COST, ...config },
    logStream,
    ...options,
  });
  await app.ready();
  const login = async (email: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`login ${email}: ${response.body}`);
    return response.json().token as string;
  };
  const tokens = {
    adminA: await login('admin@a.test'),
    clinicianA: await login('clinician@a.test'),
    researcherA: await login('researcher@a.test'),
    adminB: await login('admin@b.test'),
    clinicianB: await login('clinician@b.test'),
  };
  return {
    kind,
    database,
    app,
    storage,
    appStorage,
    logs,
    clinicA: a.clinicId,
    clinicB: b.clinicId,
    tokens,
    close: async () => {
      await app.close();
      if (appStorage !== storage) await appStorage.close();
      await storage.close();
      await database.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const PATIENT = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1961-12-10',
  sex: 'female',
  fitzpatrickType: 2,
  laxityGrade: 2.5,
  email: 'ada@example.org',
  phone: '+44 20 7946 0018',
};

export async function createPatient(
  world: World,
  token: string,
  patient: Record<string, unknown> = PATIENT,
): Promise<string> {
  const response = await world.app.inject({
    method: 'POST',
    url: '/api/patients',
    headers: bearer(token),
    payload: patient,
  });
  if (response.statusCode !== 201) throw new Error(`create patient: ${response.body}`);
  return response.json().id as string;
}

/** A photography consent for the patient, given on `date`, recorded as the token's user; its id. */
export async function photographyConsent(
  world: World,
  token: string,
  patientId: string,
  date = '2025-01-02',
): Promise<string> {
  const response = await world.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/consents`,
    headers: bearer(token),
    payload: { scope: 'photography', date },
  });
  if (response.statusCode !== 201) throw new Error(`photography consent: ${response.body}`);
  return response.json().id as string;
}

/** A small, fast plan request. */
export const PLAN_REQUEST = { zones: ['submental'], needle: '23G', coverage: 5, seed: 7 };

export async function createPlan(world: World, token: string, patientId: string): Promise<string> {
  const response = await world.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/plans`,
    headers: bearer(token),
    payload: PLAN_REQUEST,
  });
  if (response.statusCode !== 201) throw new Error(`create plan: ${response.body}`);
  return response.json().id as string;
}

/** The problem+json checks every refusal must pass. */
export function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
): {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
} {
  if (response.statusCode !== status)
    throw new Error(
      `expected ${status}, got ${response.statusCode}: ${JSON.stringify(response.json())}`,
    );
  if (!String(response.headers['content-type']).startsWith('application/problem+json'))
    throw new Error(`not problem+json: ${response.headers['content-type']}`);
  const body = response.json() as ReturnType<typeof expectProblem>;
  if (body.status !== status || !body.type.startsWith('https://microcore.dev/problems/'))
    throw new Error(`bad problem body: ${JSON.stringify(body)}`);
  return body;
}

/** A treatment series booked against the patient's plan. */
export async function createSeries(
  world: World,
  token: string,
  patientId: string,
  planId: string,
): Promise<string> {
  const response = await world.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/series`,
    headers: bearer(token),
    payload: { planId, startDate: '2027-01-04' },
  });
  if (response.statusCode !== 201) throw new Error(`create series: ${response.body}`);
  return response.json().id as string;
}

/**
 * A request to the world's app as a user (clinician A unless another token is given), with a
 * JSON body when there is one. `world` is read at each call, since it is made in a beforeAll.
 */
export function requester(world: () => World) {
  return (
    method: 'POST' | 'PATCH' | 'GET',
    url: string,
    payload?: unknown,
    token = world().tokens.clinicianA,
  ) =>
    world().app.inject({
      method,
      url,
      headers: bearer(token),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

/** Clinician A's patient (PATIENT) with one saved plan (zones: submental). */
export async function patientWithPlan(world: World) {
  const patient = await createPatient(world, world.tokens.clinicianA);
  const plan = await createPlan(world, world.tokens.clinicianA, patient);
  return { patient, plan };
}
