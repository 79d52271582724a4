import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type App, buildApp } from './app.js';
import { AuditKeyError, type LoadedAuditKey, loadAuditKey } from './auditKey.js';
import { ConfigError, configFromEnv, type ServerConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { openStorage, reportToStderr, type Storage } from './db/open.js';
import { checkDatabaseReachable } from './db/reachable.js';
import { webAppBuilt } from './http/webApp.js';
import { listenAddresses, listenError, reservePort } from './listening.js';
import { DEMO_USERS, seedDemo } from './seed.js';
import { StartupError } from './startupError.js';

export interface RunningServer {
  readonly app: App;
  readonly storage: Storage;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Open the database, migrate, seed the demo clinic when new, and listen. What can stop a start is
 * found before anything is written: the port is held first, then the data folder is checked and
 * locked (or PostgreSQL reached), and only then are migrations run and the demo seeded.
 */
export async function startServer(
  config: ServerConfig,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  let app: App | undefined;
  const reservation = await reservePort(config.host, config.port);
  let storage: Storage;
  try {
    storage = await openStorage({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onConnectionLost: (message) => (app ? app.log.warn(message) : reportToStderr(message)),
    });
  } catch (error) {
    await reservation.release();
    throw error;
  }
  try {
    if (config.databaseUrl) await checkDatabaseReachable(config.databaseUrl, 'DATABASE_URL');
    if (config.databaseMigrationUrl && config.databaseMigrationUrl !== config.databaseUrl)
      await checkDatabaseReachable(config.databaseMigrationUrl, 'DATABASE_MIGRATION_URL');
    // The checkpoints' key, once the data folder is there to put it beside and before anything
    // is written: a server that cannot sign them does not start.
    const audit = startupAuditKey(config);
    // The migrations run as the tables' owner; requests as the app role, which RLS binds.
    if (config.databaseMigrationUrl && config.databaseMigrationUrl !== config.databaseUrl) {
      const owner = await openStorage({ databaseUrl: config.databaseMigrationUrl });
      try {
        await migrate(owner.db);
      } finally {
        await owner.close();
      }
    } else {
      await migrate(storage.db);
    }
    // The embedded database gets the demo clinic when new; a server only when asked.
    const seedStarted = performance.now();
    const seeded =
      config.databaseUrl === undefined || config.demo
        ? await seedDemo(storage.db, config.demoPassword, {
            cost: config.passwordCost,
            syntheticPatients: config.demoPatients,
          })
        : null;
    const seedMs = performance.now() - seedStarted;
    const built = await buildApp({ db: storage.db, config: { ...config, auditKey: audit.key } });
    app = built;
    // The reserved port is let go only now, for the moment it takes Fastify to bind it again.
    await reservation.release();
    try {
      await built.listen({ port: reservation.port, host: config.host });
    } catch (error) {
      throw listenError(error, config.host, reservation.port);
    }
    const { listening, local: address } = listenAddresses(built.server.address() as AddressInfo);
    const where =
      storage.kind === 'pglite' ? `embedded PGlite in ${resolve(config.dataDir)}` : 'PostgreSQL';
    print(`microcore server listening on ${listening} (${where})`);
    print(
      webAppBuilt(config.webDir)
        ? `  web app: open ${address}/ in a browser`
        : `  web app: not built (${config.webDir} has no index.html); run \`npm run build\` and restart`,
    );
    print(`  API docs: ${address}/api/docs`);
    print(
      `  audit checkpoints signed by key ${audit.key.keyId} from ${audit.source}` +
        (audit.created ? ' (created now: keep it off the backups of the database)' : ''),
    );
    if (seeded) {
      print(`  demo clinic created; sign in as ${DEMO_USERS.join(' or ')}`);
      print('  with the password in MICROCORE_DEMO_PASSWORD (default: microcore-demo), e.g.');
      print(
        `  curl -s -X POST ${address}/api/auth/login -H 'content-type: application/json' ` +
          `-d '{"email":"${DEMO_USERS[1]}","password":"…"}'`,
      );
      const s = seeded.synthetic;
      if (s.patients > 0)
        print(
          `  demo data: ${s.patients} synthetic patients (marked synthetic: generated, not real ` +
            `people) with ${s.sessions} sessions, ${s.assessments} assessments and ` +
            `${s.adverseEvents} adverse events, seeded in ${(seedMs / 1000).toFixed(1)} s`,
        );
    }
    return {
      app: built,
      storage,
      url: address,
      close: async () => {
        await built.close();
        await storage.close();
      },
    };
  } catch (error) {
    await reservation.release();
    await app?.close();
    await storage.close();
    throw error;
  }
}

function startupAuditKey(config: ServerConfig): LoadedAuditKey {
  try {
    return loadAuditKey(config);
  } catch (error) {
    throw error instanceof AuditKeyError ? new ConfigError(error.message) : error;
  }
}

const DEBUG_LEVELS = new Set(['debug', 'trace']);

/** A start that failed for a reason nobody foresaw: its code and message, and how to see more. */
function unexpected(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = String(message ?? error).replace(/\s+/g, ' ');
  const prefix = typeof code === 'string' && !text.startsWith(code) ? `${code}: ` : '';
  return `could not start (${prefix}${text}); MICROCORE_LOG_LEVEL=debug prints where it happened`;
}

/** `npm start`: the server until SIGINT/SIGTERM, then a clean close of the database. */
export async function runFromEnv(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(configFromEnv());
  } catch (error) {
    // One line, never a stack trace: 2 for what the person starting it can fix, 1 for a bug.
    const expected = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write(`microcore-server: ${expected ? error.message : unexpected(error)}\n`);
    if (!expected && DEBUG_LEVELS.has(process.env.MICROCORE_LOG_LEVEL ?? ''))
      process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = expected ? 2 : 1;
    return;
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`microcore server: ${signal}, closing\n`);
    try {
      await server.close();
      process.exitCode = 0;
    } catch (error) {
      process.stderr.write(`microcore server: error while closing: ${String(error)}\n`);
      process.exitCode = 1;
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
