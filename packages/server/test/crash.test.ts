import { Rng } from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/db/open.js';
import { type DatabaseKind, onEachDatabase } from './databases.js';
import { crashDatabase, killed, login, type Server, startServer } from './serverProcess.js';

/**
 * Crash safety: a server process is killed with SIGKILL at a random moment during a burst of
 * writes and reads, then started again on the same database — the embedded one's data directory,
 * or a PostgreSQL database that outlives the server. Every write that was answered 2xx must be
 * there, and the audit chain must verify. `npm run soak` runs the same trials for longer
 * (SOAK_TRIALS).
 */
const TRIALS = Number(process.env.SOAK_TRIALS ?? 20);
onEachDatabase((kind: DatabaseKind) => {
  /** Where the server keeps its data across kills, as its environment says it. */
  let database: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ env: database, cleanUp } = await crashDatabase(kind));
  });
  afterAll(() => cleanUp());

  describe('crash safety (SIGKILL during writes and reads)', () => {
    it(`keeps every acknowledged write, a record of every answered read and an intact audit chain over ${TRIALS} kills`, async () => {
      const rng = new Rng(2026);
      const acknowledged: string[] = [];
      // Reads answered 200, per patient: each must have its audit record, kill or no kill.
      const answeredReads = new Map<string, number>();
      // Of those, how many were made during the bursts (the ones a kill can cut off).
      let burstReadsAnswered = 0;
      const answered = (id: string, status: number) => {
        if (status === 200) answeredReads.set(id, (answeredReads.get(id) ?? 0) + 1);
      };
      /** Everything acknowledged before the last kill is there, and the chain verifies. */
      const expectIntact = async (server: Server): Promise<string> => {
        const token = await login(server.url, 'clinician@demo.clinic');
        for (const id of acknowledged) {
          const response = await fetch(`${server.url}/api/patients/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          expect(response.status, `patient ${id} acknowledged before a kill`).toBe(200);
          answered(id, response.status);
        }
        const admin = await login(server.url, 'admin@demo.clinic');
        const verify = await fetch(`${server.url}/api/audit/verify`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(await verify.json()).toMatchObject({ ok: true });
        return token;
      };
      for (let trial = 0; trial < TRIALS; trial++) {
        const server = await startServer(database);
        try {
          const token = await expectIntact(server);

          // A burst of writes, killed at a random moment.
          const killAfterMs = 20 + rng.int(300);
          let stop = false;
          const writer = async () => {
            while (!stop) {
              try {
                const response = await fetch(`${server.url}/api/patients`, {
                  method: 'POST',
                  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                  body: JSON.stringify({
                    givenName: `Trial${trial}`,
                    familyName: 'Crash',
                    birthDate: '1970-01-01',
                    sex: 'female',
                    fitzpatrickType: 2,
                    laxityGrade: 2,
                  }),
                });
                if (response.status === 201)
                  acknowledged.push(((await response.json()) as { id: string }).id);
              } catch {
                return; // the connection died with the server: that write was never acknowledged
              }
            }
          };
          // A reader too: reads in flight at the kill share statements with their audit records.
          const reader = async () => {
            while (!stop) {
              const id = acknowledged.at(-1);
              try {
                if (id) {
                  const response = await fetch(`${server.url}/api/patients/${id}`, {
                    headers: { authorization: `Bearer ${token}` },
                  });
                  // Answered: the status line left the server, which it does only after the
                  // read's record was committed. A read cut off before that is not counted.
                  if (response.status === 200) burstReadsAnswered++;
                  answered(id, response.status);
                  await response.arrayBuffer();
                } else await new Promise((resolve) => setTimeout(resolve, 5));
              } catch {
                return;
              }
            }
          };
          const acknowledgedBefore = acknowledged.length;
          const readsBefore = burstReadsAnswered;
          const writers = [writer(), writer(), writer(), writer(), reader()];
          // The kill's random moment counts from the burst's first acknowledged write and first
          // answered read (at most 10 s): on a busy machine a clock from the burst's start could
          // kill it before it did anything, and the trial would test nothing.
          const busyBy = Date.now() + 10_000;
          while (
            (acknowledged.length === acknowledgedBefore || burstReadsAnswered === readsBefore) &&
            Date.now() < busyBy
          )
            await new Promise((resolve) => setTimeout(resolve, 2));
          await new Promise((resolve) => setTimeout(resolve, killAfterMs));
          await killed(server.child);
          stop = true;
          await Promise.all(writers);
        } finally {
          await killed(server.child);
        }
      }
      // A last start: the final burst's acknowledged writes are there too.
      const server = await startServer(database);
      try {
        await expectIntact(server);
      } finally {
        await killed(server.child);
      }
      expect(acknowledged.length).toBeGreaterThan(TRIALS);
      // A read's record is committed before its answer: every answered read is in the trail
      // (a read cut off by the kill may be recorded without having been answered: ≥, not =).
      const storage = await openStorage(
        kind === 'pglite'
          ? { dataDir: database.MICROCORE_DATA_DIR }
          : { databaseUrl: database.DATABASE_MIGRATION_URL },
      );
      try {
        const rows = await storage.db
          .selectFrom('audit_log')
          .select(['resource_id', sql<number>`count(*)::int`.as('records')])
          .where('action', '=', 'patient.read')
          .where('outcome', '=', 'ok')
          .groupBy('resource_id')
          .execute();
        const recorded = new Map(rows.map((r) => [r.resource_id, r.records]));
        expect(answeredReads.size).toBeGreaterThan(TRIALS);
        // The bursts' reads are the ones a kill can cut off: every burst answered some before
        // its kill.
        expect(burstReadsAnswered).toBeGreaterThanOrEqual(TRIALS);
        for (const [id, count] of answeredReads)
          expect(recorded.get(id) ?? 0, `reads of ${id}`).toBeGreaterThanOrEqual(count);
      } finally {
        await storage.close();
      }
    }, 600_000);
  });
});
