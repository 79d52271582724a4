import { verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { chainHash } from '../src/audit.js';
import { type AuditCheckpoint, signCheckpoint } from '../src/auditCheckpoint.js';
import {
  type AuditKey,
  auditKeyPathBeside,
  createAuditKeyFile,
  generateAuditKey,
  loadAuditKey,
  parseAuditKey,
} from '../src/auditKey.js';
import { ConfigError, configFromEnv, DEFAULT_CONFIG } from '../src/config.js';
import { startServer } from '../src/main.js';
import { DEMO_USERS } from '../src/seed.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  TEST_COST,
  type World,
} from './helpers.js';

/**
 * A key made with `openssl genpkey -algorithm ed25519` (a test fixture, signs nothing real), the
 * base64 of its 32-byte seed, and its id as openssl computes it:
 * `openssl pkey -in key.pem -pubout -outform DER | sha256sum`.
 */
const OPENSSL_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBMiEBGtYsVmpnWtDte/zWtbSusQ0UH3wEAToxaCtfb3
-----END PRIVATE KEY-----
`;
const OPENSSL_SEED = 'EyIQEa1ixWamda0O17/Na1tK6xDRQffAQBOjFoK19vc=';
const OPENSSL_KEY_ID = '57c400149c7ea7511bd8ad4e94f3b4050d1bf1b1d58d7cf6069c0c4924fd9ea1';

interface Saved {
  checkpoint: AuditCheckpoint;
  signature: string;
  publicKey: string;
}

describe('the audit key', () => {
  it('reads an openssl PEM and the base64 of its seed as the same key, with the id openssl gives', () => {
    const fromPem = parseAuditKey(OPENSSL_PEM, 'MICROCORE_AUDIT_KEY');
    const fromSeed = parseAuditKey(OPENSSL_SEED, 'MICROCORE_AUDIT_KEY');
    expect(fromPem.keyId).toBe(OPENSSL_KEY_ID);
    expect(fromSeed.keyId).toBe(OPENSSL_KEY_ID);
    expect(fromSeed.publicKeyPem).toBe(fromPem.publicKeyPem);
  });

  it('MICROCORE_AUDIT_KEY: a bad value is a configuration error that does not quote it', () => {
    for (const bad of [
      'too-short',
      `${OPENSSL_SEED.slice(0, -4)}AAAA==`,
      OPENSSL_PEM.slice(0, 60),
    ]) {
      let message = '';
      try {
        configFromEnv({ MICROCORE_AUDIT_KEY: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^MICROCORE_AUDIT_KEY /);
      expect(message).not.toContain(bad);
    }
    expect(configFromEnv({ MICROCORE_AUDIT_KEY: OPENSSL_SEED }).auditKey?.keyId).toBe(
      OPENSSL_KEY_ID,
    );
    expect(() =>
      configFromEnv({ MICROCORE_AUDIT_KEY: OPENSSL_SEED, MICROCORE_AUDIT_KEY_FILE: '/k.pem' }),
    ).toThrow(/not both/);
  });

  it('with DATABASE_URL a key or a key file is required, not made up per process', () => {
    const url = 'postgres://app@localhost/microcore';
    expect(() => configFromEnv({ DATABASE_URL: url })).toThrow(ConfigError);
    expect(() => configFromEnv({ DATABASE_URL: url })).toThrow(/MICROCORE_AUDIT_KEY_FILE/);
    expect(
      configFromEnv({ DATABASE_URL: url, MICROCORE_AUDIT_KEY: OPENSSL_SEED }).auditKey,
    ).toBeDefined();
    expect(
      configFromEnv({ DATABASE_URL: url, MICROCORE_AUDIT_KEY_FILE: '/etc/k.pem' }).auditKeyFile,
    ).toBe('/etc/k.pem');
  });

  describe('the embedded database’s key file', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'microcore-audit-key-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('is created beside the data folder, not inside it, with mode 0600, once', () => {
      const dataDir = join(folder, 'data');
      const expected = join(folder, 'data.audit-key.pem');
      // `data` and `data/` are one folder, so one key file.
      expect(auditKeyPathBeside(dataDir)).toBe(expected);
      expect(auditKeyPathBeside(`${dataDir}/`)).toBe(expected);
      expect(auditKeyPathBeside(join(dataDir, '.'))).toBe(expected);
      expect(() => auditKeyPathBeside('/')).toThrow(/MICROCORE_AUDIT_KEY_FILE/);

      const config = { ...DEFAULT_CONFIG, dataDir: `${dataDir}/` };
      const first = loadAuditKey(config);
      expect(first).toMatchObject({ source: expected, created: true });
      expect(statSync(expected).mode & 0o777).toBe(0o600);
      expect(readFileSync(expected, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const again = loadAuditKey({ ...config, dataDir });
      expect(again).toMatchObject({ source: expected, created: false });
      expect(again.key.keyId).toBe(first.key.keyId);
      // Nothing left behind but the key (no temporary file).
      expect(readdirSync(folder)).toEqual(['data.audit-key.pem']);
    });

    it('two starts creating it at once keep the first key', () => {
      const path = join(folder, 'raced.audit-key.pem');
      const mine = generateAuditKey();
      const theirs = generateAuditKey();
      expect(createAuditKeyFile(path, mine)).toEqual({ key: expect.anything(), created: true });
      // The second creator finds the file there when it links its own: it reads and uses it.
      const second = createAuditKeyFile(path, theirs);
      expect(second.created).toBe(false);
      expect(second.key.keyId).toBe(mine.keyId);
      expect(readdirSync(folder).filter((name) => name.includes('raced'))).toEqual([
        'raced.audit-key.pem',
      ]);
    });

    it('MICROCORE_AUDIT_KEY_FILE names the file; an unreadable one stops the start in one line', () => {
      const path = join(folder, 'chosen.pem');
      const loaded = loadAuditKey({ ...DEFAULT_CONFIG, auditKeyFile: path, databaseUrl: 'x' });
      expect(loaded).toMatchObject({ source: path, created: true });
      expect(() =>
        loadAuditKey({
          ...DEFAULT_CONFIG,
          auditKeyFile: join(folder, 'no-such-folder', 'k.pem'),
        }),
      ).toThrow(/cannot create the audit key file .*no-such-folder.* \(ENOENT\)/);
    });
  });
});

describe('npm start on the embedded database', () => {
  it('makes the key file beside the data folder once; a checkpoint taken before a restart verifies after it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'microcore-audit-start-'));
    const dataDir = join(folder, 'data');
    const config = configFromEnv({
      PORT: '0',
      MICROCORE_DATA_DIR: dataDir,
      MICROCORE_LOG_LEVEL: 'silent',
      MICROCORE_DEMO_PATIENTS: '0',
      MICROCORE_DEMO_PASSWORD: 'audit-start-password',
    });
    const start = async () => {
      const lines: string[] = [];
      const server = await startServer({ ...config, passwordCost: TEST_COST }, (line) =>
        lines.push(line),
      );
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: DEMO_USERS[0], password: 'audit-start-password' },
      });
      return { server, lines: lines.join('\n'), token: login.json().token as string };
    };
    try {
      const first = await start();
      const keyFile = join(folder, 'data.audit-key.pem');
      const saved = await first.server.app.inject({
        method: 'GET',
        url: '/api/audit/checkpoint',
        headers: bearer(first.token),
      });
      await first.server.close();
      expect(first.lines).toContain(`from ${keyFile} (created now`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readdirSync(dataDir)).not.toContain('data.audit-key.pem');

      const second = await start();
      try {
        expect(second.lines).toContain(`from ${keyFile}`);
        expect(second.lines).not.toContain('created now');
        const verified = await second.server.app.inject({
          method: 'POST',
          url: '/api/audit/verify',
          headers: bearer(second.token),
          payload: saved.json(),
        });
        expect(verified.json()).toMatchObject({ ok: true });
      } finally {
        await second.server.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

onEachDatabase((kind) => {
  const key = generateAuditKey();
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind, { auditKey: key });
  });
  afterAll(() => world.close());

  const takeCheckpoint = async (token = world.tokens.adminA): Promise<Saved> => {
    const response = await world.app.inject({
      method: 'GET',
      url: '/api/audit/checkpoint',
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Saved;
  };
  const plainVerify = async () =>
    (
      await world.app.inject({
        method: 'GET',
        url: '/api/audit/verify',
        headers: bearer(world.tokens.adminA),
      })
    ).json();
  const verifyWith = (saved: unknown, token = world.tokens.adminA, app = world.app) =>
    app.inject({
      method: 'POST',
      url: '/api/audit/verify',
      headers: bearer(token),
      payload: saved as object,
    });

  /** Clinic A's chain as the owner sees it, every field, in chain order. */
  const chainRows = () =>
    world.storage.db
      .selectFrom('audit_log')
      .selectAll()
      .select(sql<string>`id::text`.as('id'))
      .where('clinic_id', '=', world.clinicA)
      .orderBy('audit_log.id')
      .execute();
  const owner = () => world.storage.db;

  /**
   * Run a tampering of clinic A's trail, then put the trail back as it was, so each test starts
   * from an intact chain.
   */
  async function tampered(work: () => Promise<void>): Promise<void> {
    const rows = await chainRows();
    const head = await owner()
      .selectFrom('audit_heads')
      .selectAll()
      .where('clinic_id', '=', world.clinicA)
      .executeTakeFirstOrThrow();
    try {
      await work();
    } finally {
      await sql`delete from audit_log where clinic_id = ${world.clinicA}`.execute(owner());
      await owner()
        .insertInto('audit_log')
        .values(rows.map((row) => ({ ...row, id: row.id })))
        .execute();
      await owner()
        .insertInto('audit_heads')
        .values(head)
        .onConflict((c) => c.column('clinic_id').doUpdateSet(head))
        .execute();
      expect(await plainVerify()).toMatchObject({ ok: true });
    }
  }

  /** Recompute every hash from the record at `fromIndex` on, and the head: a careful forger. */
  async function rehashFrom(fromIndex: number): Promise<void> {
    const rows = await chainRows();
    let prevHash = fromIndex === 0 ? '0'.repeat(64) : (rows[fromIndex - 1]?.hash as string);
    for (const row of rows.slice(fromIndex)) {
      const hash = chainHash(prevHash, {
        id: row.id,
        at: new Date(row.at).toISOString(),
        clinicId: row.clinic_id,
        userId: row.user_id,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        outcome: row.outcome,
      });
      await sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash}
                 where id = ${row.id}::bigint`.execute(owner());
      prevHash = hash;
    }
    const last = rows.at(-1);
    await sql`update audit_heads set last_id = ${last?.id ?? null}::bigint, last_hash = ${prevHash}
               where clinic_id = ${world.clinicA}`.execute(owner());
  }

  describe('audit checkpoints', () => {
    it('a checkpoint is the head, signed over its canonical JSON with a key anyone can check', async () => {
      await createPatient(world, world.tokens.clinicianA);
      const rows = await chainRows();
      const saved = await takeCheckpoint();
      const last = rows.at(-1);
      expect(saved.checkpoint).toEqual({
        version: 1,
        keyId: key.keyId,
        clinicId: world.clinicA,
        lastId: Number(last?.id),
        lastHash: last?.hash,
        records: rows.length,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      // Anyone with the answer alone: sort the keys, no whitespace, check with the public key.
      const entries = Object.entries(saved.checkpoint).sort(([a], [b]) => (a < b ? -1 : 1));
      const bytes = Buffer.from(JSON.stringify(Object.fromEntries(entries)));
      expect(verify(null, bytes, saved.publicKey, Buffer.from(saved.signature, 'base64'))).toBe(
        true,
      );
      expect(saved.publicKey).toBe(key.publicKeyPem);
    });

    it('the download is recorded, after the head it signed', async () => {
      const saved = await takeCheckpoint();
      const after = (await chainRows()).at(-1);
      expect(after).toMatchObject({
        action: 'audit.checkpoint',
        resource_type: 'audit',
        resource_id: String(saved.checkpoint.lastId),
        outcome: 'ok',
      });
      expect(Number(after?.id)).toBeGreaterThan(saved.checkpoint.lastId ?? 0);
    });

    it('an intact chain verifies against its checkpoint, with records appended since', async () => {
      const saved = await takeCheckpoint();
      const ok = await verifyWith(saved);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({
        ok: true,
        records: (await chainRows()).length,
        checkpoint: {
          lastId: saved.checkpoint.lastId,
          records: saved.checkpoint.records,
          at: saved.checkpoint.at,
        },
      });
      await createPatient(world, world.tokens.clinicianA);
      await createPatient(world, world.tokens.clinicianA);
      const later = await verifyWith(saved);
      expect(later.json()).toMatchObject({ ok: true });
      expect(later.json().records).toBeGreaterThan(saved.checkpoint.records + 1);
    });

    it('(1) a tail cut below the checkpoint, the head moved back: the plain verify says ok, the checkpoint says truncated', async () => {
      await createPatient(world, world.tokens.clinicianA);
      const saved = await takeCheckpoint();
      const lastId = saved.checkpoint.lastId as number;
      await tampered(async () => {
        const rows = await chainRows();
        const cut = rows[rows.length - 4];
        const keep = rows[rows.length - 5];
        expect(Number(cut?.id)).toBeLessThanOrEqual(lastId);
        await sql`delete from audit_log where clinic_id = ${world.clinicA}
                   and id >= ${cut?.id}::bigint`.execute(owner());
        await sql`update audit_heads set last_id = ${keep?.id}::bigint, last_hash = ${keep?.hash}
                   where clinic_id = ${world.clinicA}`.execute(owner());
        expect(await plainVerify()).toEqual({ ok: true, records: rows.length - 4 });
        const found = await verifyWith(saved);
        expect(found.statusCode).toBe(200);
        expect(found.json()).toMatchObject({
          ok: false,
          reason: 'truncated',
          firstBrokenId: lastId,
          checkpoint: { lastId, records: saved.checkpoint.records },
        });
        // The server goes on appending after the cut: the checkpoint's record is still missing.
        await createPatient(world, world.tokens.clinicianA);
        expect(await plainVerify()).toMatchObject({ ok: true });
        expect((await verifyWith(saved)).json()).toMatchObject({
          ok: false,
          reason: 'truncated',
          firstBrokenId: lastId,
        });
      });
    });

    it('(2) a record below the checkpoint rewritten and every hash after it recomputed: the plain verify says ok, the checkpoint says rewritten', async () => {
      const saved = await takeCheckpoint();
      await tampered(async () => {
        const rows = await chainRows();
        const victim = Math.floor(rows.length / 2);
        expect(Number(rows[victim]?.id)).toBeLessThan(saved.checkpoint.lastId as number);
        await sql`update audit_log set outcome = 'forbidden'
                   where id = ${rows[victim]?.id}::bigint`.execute(owner());
        await rehashFrom(victim);
        expect(await plainVerify()).toEqual({ ok: true, records: rows.length });
        expect((await verifyWith(saved)).json()).toMatchObject({
          ok: false,
          reason: 'rewritten',
          firstBrokenId: saved.checkpoint.lastId,
        });
      });
      // A record removed below the checkpoint and the rest relinked is a rewrite as well.
      await tampered(async () => {
        const rows = await chainRows();
        await sql`delete from audit_log where id = ${rows[2]?.id}::bigint`.execute(owner());
        await rehashFrom(2);
        expect(await plainVerify()).toMatchObject({ ok: true });
        expect((await verifyWith(saved)).json()).toMatchObject({ ok: false, reason: 'rewritten' });
      });
    });

    it('(3) the whole trail and its head deleted: the plain verify says ok, the checkpoint says missing', async () => {
      const saved = await takeCheckpoint();
      await tampered(async () => {
        await sql`delete from audit_log where clinic_id = ${world.clinicA}`.execute(owner());
        await sql`delete from audit_heads where clinic_id = ${world.clinicA}`.execute(owner());
        expect(await plainVerify()).toEqual({ ok: true, records: 0 });
        expect((await verifyWith(saved)).json()).toMatchObject({
          ok: false,
          reason: 'missing',
          firstBrokenId: saved.checkpoint.lastId,
        });
      });
    });

    it('(4) a checkpoint altered, or signed with another key, is refused naming the field, and the refusal is recorded', async () => {
      const saved = await takeCheckpoint();
      const flipped = `${saved.signature[0] === 'A' ? 'B' : 'A'}${saved.signature.slice(1)}`;
      const refusals: Array<[unknown, string]> = [
        [{ ...saved, signature: flipped }, 'signature'],
        // An earlier head under the real signature: the signature no longer covers it.
        [
          {
            ...saved,
            checkpoint: { ...saved.checkpoint, records: saved.checkpoint.records - 1 },
          },
          'signature',
        ],
      ];
      await tampered(async () => {
        // The forger cuts the tail and signs the shorter head with a key of their own.
        const rows = await chainRows();
        const keep = rows[rows.length - 4];
        await sql`delete from audit_log where clinic_id = ${world.clinicA}
                   and id > ${keep?.id}::bigint`.execute(owner());
        await sql`update audit_heads set last_id = ${keep?.id}::bigint, last_hash = ${keep?.hash}
                   where clinic_id = ${world.clinicA}`.execute(owner());
        expect(await plainVerify()).toMatchObject({ ok: true });
        const forged: AuditCheckpoint = {
          ...saved.checkpoint,
          lastId: Number(keep?.id),
          lastHash: keep?.hash as string,
          records: rows.length - 3,
        };
        const theirs = generateAuditKey();
        refusals.push(
          [signCheckpoint(theirs, { ...forged, keyId: theirs.keyId }), 'checkpoint.keyId'],
          // Our key's id, their signature.
          [signCheckpoint(theirs, forged), 'signature'],
        );
        for (const [body, field] of refusals) {
          const before = (await chainRows()).length;
          const problem = expectProblem(await verifyWith(body), 422);
          expect(problem.errors?.map((e) => e.field)).toEqual([field]);
          const recorded = (await chainRows()).slice(before);
          expect(recorded.map((r) => [r.action, r.outcome])).toEqual([['audit.verify', 'invalid']]);
        }
        // The genuine checkpoint still tells the truth.
        expect((await verifyWith(saved)).json()).toMatchObject({ ok: false, reason: 'truncated' });
      });
    });

    it('a checkpoint stays verifiable by a restarted server with the same key, and only by it', async () => {
      const saved = await takeCheckpoint();
      const restart = (auditKey: AuditKey) =>
        buildApp({
          db: world.appStorage.db,
          config: { passwordCost: TEST_COST, logLevel: 'silent', auditKey },
        });
      const same = await restart(
        parseAuditKey(key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'k'),
      );
      const other = await restart(generateAuditKey());
      try {
        expect((await verifyWith(saved, world.tokens.adminA, same)).json()).toMatchObject({
          ok: true,
        });
        const problem = expectProblem(await verifyWith(saved, world.tokens.adminA, other), 422);
        expect(problem.errors?.[0]?.field).toBe('checkpoint.keyId');
      } finally {
        await same.close();
        await other.close();
      }
    });

    it("another clinic's checkpoint is refused; clinicians and researchers get 403", async () => {
      const saved = await takeCheckpoint();
      const problem = expectProblem(await verifyWith(saved, world.tokens.adminB), 422);
      expect(problem.errors?.[0]?.field).toBe('checkpoint.clinicId');
      for (const token of [world.tokens.clinicianA, world.tokens.researcherA]) {
        expectProblem(
          await world.app.inject({
            method: 'GET',
            url: '/api/audit/checkpoint',
            headers: bearer(token),
          }),
          403,
        );
        expectProblem(await verifyWith(saved, token), 403);
      }
    });

    it('a malformed checkpoint is a 422 naming the field', async () => {
      const saved = await takeCheckpoint();
      for (const [body, field] of [
        [{ ...saved, checkpoint: { ...saved.checkpoint, lastHash: 'xyz' } }, 'checkpoint.lastHash'],
        [{ ...saved, checkpoint: { ...saved.checkpoint, extra: 1 } }, 'checkpoint.extra'],
        [{ ...saved, signature: 'not base64' }, 'signature'],
        [{ checkpoint: saved }, 'checkpoint.checkpoint'],
      ] as const) {
        const problem = expectProblem(await verifyWith(body), 422);
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
    });

    it('the key is in no table of the database and in no log line', async () => {
      const secrets = [
        key.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(16).toString('base64'),
        key.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(16).toString('hex'),
        key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1] as string,
      ];
      const { rows: tables } = await sql<{ name: string }>`
        select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
          from information_schema.tables
         where table_schema not in ('pg_catalog', 'information_schema')
           and table_type = 'BASE TABLE'`.execute(owner());
      expect(tables.map((t) => t.name)).toContain('public.audit_log');
      for (const { name } of tables) {
        const { rows } = await sql<{ row: string }>`
          select row_to_json(t)::text as row from ${sql.raw(name)} t`.execute(owner());
        const text = rows.map((r) => r.row).join('\n');
        for (const secret of secrets) expect(text, name).not.toContain(secret);
      }
      const logs = world.logs.join('');
      for (const secret of secrets) expect(logs).not.toContain(secret);
    });
  });
});
