import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { roleUrl } from './postgresCluster.js';

/**
 * `npm start` as a person runs it: the real process, its exit code and what it prints. Every
 * reason not to start is one line on stderr that says what to do, exit code 2, no stack trace,
 * and nothing created or seeded; and two servers never share an embedded database's folder.
 */
const bin = join(import.meta.dirname, '..', 'bin', 'microcore-server.js');
const password = 'startup-test-password';
/** A start on a new folder runs initdb, the migrations and the seed: long on a busy machine. */
const START_TIMEOUT_MS = 240_000;
const LOCK_LINE = (folder: string, pid: number | undefined) =>
  `microcore-server: the data folder ${folder} is in use by process ${pid} (another microcore server); stop it, or set MICROCORE_DATA_DIR to another folder`;

const scratch: string[] = [];
/** A new empty folder (removed after the file's tests). */
function emptyFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'microcore-startup-'));
  chmodSync(folder, 0o755); // reachable by the unprivileged user some tests run as
  scratch.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of scratch) rmSync(folder, { recursive: true, force: true });
});

interface Launch {
  readonly child: ChildProcess;
  /** Listening (with the URL it printed) or exited, whichever comes first. */
  readonly outcome: Promise<Outcome>;
}
type Outcome =
  | { readonly listening: string; readonly stdout: string }
  | { readonly exitCode: number | null; readonly stdout: string; readonly stderr: string };

function launch(
  env: NodeJS.ProcessEnv,
  options: { uid?: number; wrapper?: string[] } = {},
): Launch {
  const command = [...(options.wrapper ?? []), process.execPath, bin];
  const child = spawn(command[0], command.slice(1), {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      DATABASE_MIGRATION_URL: '',
      MICROCORE_DEMO: '',
      MICROCORE_DEMO_PASSWORD: password,
      MICROCORE_DEMO_PATIENTS: '0',
      MICROCORE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  let stdout = '';
  let stderr = '';
  const outcome = new Promise<Outcome>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Up once the docs line is out too: the lines are separate writes and may arrive apart.
      const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match && /API docs: \S+\n/.test(stdout)) resolve({ listening: match[1], stdout });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
  return { child, outcome };
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: string;
}

async function start(env: NodeJS.ProcessEnv, options?: { wrapper?: string[] }): Promise<Running> {
  const { child, outcome } = launch(env, options);
  const result = await outcome;
  if (!('listening' in result))
    throw new Error(`the server exited (${result.exitCode}): ${result.stderr}${result.stdout}`);
  return { child, url: result.listening, stdout: result.stdout };
}

interface Refused {
  readonly exitCode: number | null | 'listening';
  readonly stdout: string;
  readonly stderr: string;
}

/** A start that should fail: its exit; a server that comes up instead is stopped and reported. */
async function run(
  env: NodeJS.ProcessEnv,
  options?: { uid?: number; wrapper?: string[] },
): Promise<Refused> {
  const { child, outcome } = launch(env, options);
  const result = await outcome;
  if ('listening' in result) {
    await stopped(child, 'SIGTERM');
    return { exitCode: 'listening', stdout: result.stdout, stderr: '' };
  }
  return result;
}

/** Exit code 2 (or `exitCode`), exactly one line on stderr matching `line`, no stack frames. */
function expectOneLine(result: Refused, line: RegExp | string, exitCode = 2): void {
  expect(result.exitCode, `${result.stderr}${result.stdout}`).toBe(exitCode);
  const lines = result.stderr.split('\n').filter((text) => text !== '');
  expect(lines, result.stderr).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).not.toMatch(/listening/);
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function createPatient(url: string, token: string, givenName: string): Promise<string> {
  const response = await fetch(`${url}/api/patients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      givenName,
      familyName: 'Startup',
      birthDate: '1970-01-01',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 2,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Every acknowledged patient is there, and the audit chain verifies. */
async function expectIntact(url: string, acknowledged: readonly string[]): Promise<void> {
  const token = await login(url, 'clinician@demo.clinic');
  for (const id of acknowledged) {
    const response = await fetch(`${url}/api/patients/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status, `acknowledged patient ${id}`).toBe(200);
  }
  const admin = await login(url, 'admin@demo.clinic');
  const verify = await fetch(`${url}/api/audit/verify`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(await verify.json()).toMatchObject({ ok: true });
}

/** Nothing was written where a data folder would have been created. */
function expectUntouched(parent: string, before: readonly string[] = []): void {
  expect(readdirSync(parent).sort()).toEqual([...before].sort());
}

const isRoot = process.getuid?.() === 0;
/** Root passes every permission check: the permission cases run as `nobody` then. */
const UNPRIVILEGED = isRoot ? { uid: 65534 } : {};

describe('start-up errors: one line, exit code 2, nothing created', () => {
  it('PORT that is not a whole port number', async () => {
    for (const port of ['80.5', 'abc', '70000']) {
      const parent = emptyFolder();
      const result = await run({ PORT: port, MICROCORE_DATA_DIR: join(parent, 'data') });
      expectOneLine(
        result,
        new RegExp(
          `^microcore-server: PORT must be a (whole )?number from 0 to 65535, got "${port}"$`,
        ),
      );
      expectUntouched(parent);
    }
  });

  it(
    'a busy port is found before a new data folder is created and seeded',
    async () => {
      const busy = net.createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as net.AddressInfo).port;
      try {
        const parent = emptyFolder();
        const result = await run({ PORT: String(port), MICROCORE_DATA_DIR: join(parent, 'data') });
        expectOneLine(
          result,
          `microcore-server: port ${port} on 127.0.0.1 is in use by another program (EADDRINUSE: address already in use); stop it, or set PORT to a free port (PORT=0: any free one)`,
        );
        expectUntouched(parent);
      } finally {
        await new Promise((resolve) => busy.close(resolve));
      }
    },
    START_TIMEOUT_MS,
  );

  it('a HOST that does not resolve, or is not an address of this machine', async () => {
    const parent = emptyFolder();
    const data = join(parent, 'data');
    expectOneLine(
      await run({ HOST: 'no-such-host.invalid', MICROCORE_DATA_DIR: data }),
      /^microcore-server: HOST no-such-host\.invalid cannot be resolved to an address \(E[A-Z_]+\); set HOST to an address of this machine/,
    );
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): no machine has it.
    expectOneLine(
      await run({ HOST: '192.0.2.1', MICROCORE_DATA_DIR: data }),
      /^microcore-server: HOST 192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL/,
    );
    expectUntouched(parent);
  });

  it.skipIf(!privilegedPortsGuarded())('a port below 1024 without the privilege', async () => {
    const parent = emptyFolder();
    const result = await run(
      { PORT: '80', MICROCORE_DATA_DIR: join(parent, 'data') },
      UNPRIVILEGED,
    );
    expectOneLine(
      result,
      /^microcore-server: port 80 on 127\.0\.0\.1 needs privileges this process does not have \(EACCES: permission denied\); set PORT to 1024 or above/,
    );
    expectUntouched(parent);
  });

  it('a data folder whose parent does not exist is not created (nor its parents)', async () => {
    const parent = emptyFolder();
    const folder = join(parent, 'typo', 'data');
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: folder }),
      `microcore-server: the data folder ${folder} does not exist, nor does the folder it would be created in (${join(parent, 'typo')}); create ${join(parent, 'typo')} first, or set MICROCORE_DATA_DIR to another folder`,
    );
    expectUntouched(parent);
  });

  it('a file where the data folder should be, or in its path', async () => {
    const parent = emptyFolder();
    const file = join(parent, 'data');
    writeFileSync(file, 'not a folder');
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: file }),
      `microcore-server: the data folder ${file} is a file, not a folder; move the file away, or set MICROCORE_DATA_DIR to another folder`,
    );
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: join(file, 'inside') }),
      /^microcore-server: the data folder .*\/data\/inside cannot exist: a part of its path is a file, not a folder; set MICROCORE_DATA_DIR/,
    );
    expectUntouched(parent, ['data']);
  });

  it('a read-only data folder, and one that cannot be created', async () => {
    const parent = emptyFolder();
    const readOnly = join(parent, 'read-only');
    mkdirSync(readOnly, { mode: 0o555 });
    chmodSync(readOnly, 0o555);
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: readOnly }, UNPRIVILEGED),
      `microcore-server: the data folder ${readOnly} is not writable (EACCES: permission denied); give the server's user write access to it, or set MICROCORE_DATA_DIR to another folder`,
    );
    expect(readdirSync(readOnly)).toEqual([]);
    const data = join(readOnly, 'data');
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: data }, UNPRIVILEGED),
      `microcore-server: cannot create the data folder ${data} (EACCES: permission denied); create it with write access for the server's user, or set MICROCORE_DATA_DIR to another folder`,
    );
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('a folder that holds other files and no database is left alone', async () => {
    const parent = emptyFolder();
    writeFileSync(join(parent, 'notes.txt'), 'a clinic manager’s notes');
    expectOneLine(
      await run({ MICROCORE_DATA_DIR: parent }),
      `microcore-server: the data folder ${parent} holds files that are not a database (such as "notes.txt"); set MICROCORE_DATA_DIR: point it at an empty or new folder`,
    );
    expectUntouched(parent, ['notes.txt']);
  });

  describe('an unreachable DATABASE_URL: never the password, nothing migrated', () => {
    const secret = `pw-${randomBytes(6).toString('hex')}`;
    // The audit key that a shared PostgreSQL requires, so that the database is what is tested.
    const auditKey = { MICROCORE_AUDIT_KEY: randomBytes(32).toString('base64') };

    it('nothing listens there', async () => {
      const result = await run({
        ...auditKey,
        DATABASE_URL: `postgres://microcore:${secret}@127.0.0.1:1/microcore`,
      });
      expectOneLine(
        result,
        'microcore-server: nothing accepts connections at DATABASE_URL (postgres://microcore@127.0.0.1:1/microcore) (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1); start PostgreSQL there, or fix DATABASE_URL',
      );
      expect(result.stderr).not.toContain(secret);
    });

    it('a password in the query (libpq style) or one that is not percent-encoding is not printed', async () => {
      for (const url of [
        `postgres://microcore@127.0.0.1:1/microcore?password=${secret}`,
        `postgres://microcore:%zz${secret}@127.0.0.1:1/microcore`,
      ]) {
        const result = await run({ ...auditKey, DATABASE_URL: url });
        expectOneLine(result, /^microcore-server: nothing accepts connections at DATABASE_URL/);
        expect(result.stderr).not.toContain(secret);
      }
    });

    it('its host does not resolve', async () => {
      const result = await run({
        ...auditKey,
        DATABASE_URL: `postgres://microcore:${secret}@no-such-host.invalid/microcore`,
      });
      expectOneLine(
        result,
        /^microcore-server: the host of DATABASE_URL \(postgres:\/\/microcore@no-such-host\.invalid\/microcore\) cannot be resolved \(E[A-Z_]+: .*\); fix the host in DATABASE_URL$/,
      );
      expect(result.stderr).not.toContain(secret);
    });

    const cluster = inject('postgres');
    it.skipIf(!cluster)('the password is wrong', async () => {
      if (!cluster) return;
      const url = roleUrl(cluster, { user: cluster.app.user, password: secret }, 'postgres');
      const result = await run({ ...auditKey, DATABASE_URL: url });
      expectOneLine(
        result,
        new RegExp(
          `^microcore-server: PostgreSQL at DATABASE_URL \\(postgres://${cluster.app.user}@127\\.0\\.0\\.1:${cluster.port}/postgres\\) refused the login \\(28P01: password authentication failed for user "${cluster.app.user}"\\); check the user and password in DATABASE_URL$`,
        ),
      );
      expect(result.stderr).not.toContain(secret);
    });
  });

  it(
    'anything unforeseen is one line too, with exit code 1: a damaged database folder',
    async () => {
      const parent = emptyFolder();
      writeFileSync(join(parent, 'PG_VERSION'), '17\n'); // a database's marker, and nothing else
      expectOneLine(
        await run({ MICROCORE_DATA_DIR: parent }),
        /^microcore-server: could not start \(.+\); MICROCORE_LOG_LEVEL=debug prints where it happened$/,
        1,
      );
    },
    START_TIMEOUT_MS,
  );
});

/** A migrated, seeded data folder (with whatever the server keeps beside it), copied per test. */
let template: string;
function copyOfTemplate(): string {
  const parent = emptyFolder();
  cpSync(template, parent, { recursive: true });
  return join(parent, 'data');
}

describe('one server per data folder', () => {
  beforeAll(async () => {
    template = emptyFolder();
    const server = await start({ MICROCORE_DATA_DIR: join(template, 'data') });
    expect(await stopped(server.child, 'SIGTERM')).toBe(0);
  }, START_TIMEOUT_MS);

  it(
    'a second server exits 2 naming the folder and the first one’s pid; the first keeps serving and loses nothing',
    async () => {
      const folder = copyOfTemplate();
      const first = await start({ MICROCORE_DATA_DIR: folder });
      let restarted: Running | undefined;
      try {
        const token = await login(first.url, 'clinician@demo.clinic');
        const acknowledged: string[] = [];
        for (let i = 0; i < 5; i++)
          acknowledged.push(await createPatient(first.url, token, `A${i}`));

        const second = await run({ MICROCORE_DATA_DIR: folder });
        expectOneLine(second, LOCK_LINE(folder, first.child.pid));

        for (let i = 5; i < 10; i++)
          acknowledged.push(await createPatient(first.url, token, `A${i}`));
        expect(await stopped(first.child, 'SIGTERM')).toBe(0);
        expect(existsSync(join(folder, '.microcore.lock'))).toBe(false); // released on close

        restarted = await start({ MICROCORE_DATA_DIR: folder });
        await expectIntact(restarted.url, acknowledged);
      } finally {
        await stopped(first.child, 'SIGKILL');
        if (restarted) await stopped(restarted.child, 'SIGKILL');
      }
    },
    3 * START_TIMEOUT_MS,
  );

  it(
    'after a SIGKILL the next start comes up, and of two that find the stale lock at once exactly one does',
    async () => {
      const folder = copyOfTemplate();
      const killed = await start({ MICROCORE_DATA_DIR: folder });
      const token = await login(killed.url, 'clinician@demo.clinic');
      const acknowledged = [await createPatient(killed.url, token, 'Killed')];
      await stopped(killed.child, 'SIGKILL');
      expect(existsSync(join(folder, '.microcore.lock'))).toBe(true); // left behind, stale

      const starters = [
        launch({ MICROCORE_DATA_DIR: folder }),
        launch({ MICROCORE_DATA_DIR: folder }),
      ];
      try {
        const outcomes = await Promise.all(starters.map((starter) => starter.outcome));
        const winners = outcomes.flatMap((outcome, i) => ('listening' in outcome ? [i] : []));
        expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
        const winner = winners[0];
        const loser = outcomes[1 - winner];
        if ('listening' in loser) throw new Error('unreachable');
        expectOneLine(loser, LOCK_LINE(folder, starters[winner].child.pid));
        const url = (outcomes[winner] as { listening: string }).listening;
        await expectIntact(url, acknowledged);
      } finally {
        for (const starter of starters) await stopped(starter.child, 'SIGKILL');
      }
    },
    3 * START_TIMEOUT_MS,
  );

  it.skipIf(!canUnshareNetwork())(
    'a server in another network namespace (a container sharing the folder) is refused too',
    async () => {
      const folder = copyOfTemplate();
      const first = await start({ MICROCORE_DATA_DIR: folder });
      try {
        // Its own network namespace: the abstract socket is not seen there, the socket file is.
        const wrapper = ['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'];
        const second = await run({ MICROCORE_DATA_DIR: folder }, { wrapper });
        expectOneLine(second, LOCK_LINE(folder, first.child.pid));
        await expectIntact(first.url, []);
      } finally {
        await stopped(first.child, 'SIGKILL');
      }
    },
    2 * START_TIMEOUT_MS,
  );

  it(
    'HOST=0.0.0.0 says it listens on every IPv4 interface, and gives a URL that reaches it',
    async () => {
      const server = await start({ MICROCORE_DATA_DIR: copyOfTemplate(), HOST: '0.0.0.0' });
      try {
        const port = /http:\/\/0\.0\.0\.0:(\d+)/.exec(server.stdout)?.[1];
        expect(server.stdout).toMatch(
          new RegExp(`listening on http://0\\.0\\.0\\.0:${port} \\(every IPv4 interface\\)`),
        );
        expect(server.stdout).toContain(`API docs: http://127.0.0.1:${port}/api/docs`);
        const docs = await fetch(`http://127.0.0.1:${port}/api/docs`);
        expect(docs.status).toBe(200);
      } finally {
        await stopped(server.child, 'SIGKILL');
      }
    },
    START_TIMEOUT_MS,
  );
});

/** Whether port 80 needs a privilege here (a sysctl can open it to everyone). */
function privilegedPortsGuarded(): boolean {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) > 80;
  } catch {
    return true;
  }
}

/** `unshare --net` needs root (or user namespaces) and iproute2 to bring up its loopback. */
function canUnshareNetwork(): boolean {
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up']);
  return probe.status === 0;
}
