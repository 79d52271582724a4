import { type App, buildApp } from './app.js';
import { ConfigError, configFromEnv, type ServerConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { openStorage, reportToStderr, type Storage } from './db/open.js';
import { DEMO_USERS, seedDemo } from './seed.js';

export interface RunningServer {
  readonly app: App;
  readonly storage: Storage;
  readonly url: string;
  close(): Promise<void>;
}

/** Open the database, migrate, seed the demo clinic when new, and listen. */
export async function startServer(
  config: ServerConfig,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  let app: App | undefined;
  const storage = await openStorage({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionLost: (message) => (app ? app.log.warn(message) : reportToStderr(message)),
  });
  try {
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
    const built = await buildApp({ db: storage.db, config });
    app = built;
    const address = await built.listen({ port: config.port, host: config.host });
    const where = storage.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
    print(`microcore server listening on ${address} (${where})`);
    print(`  API docs: ${address}/api/docs`);
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
    await storage.close();
    throw error;
  }
}

/** `npm start`: the server until SIGINT/SIGTERM, then a clean close of the database. */
export async function runFromEnv(): Promise<void> {
  let config: ServerConfig;
  try {
    config = configFromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`microcore-server: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const server = await startServer(config);
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
