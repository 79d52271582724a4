import { performance } from 'node:perf_hooks';
import { type DeidentifiedJourney, planTreatment, summarizeEvidence } from '@microcore/core';
import {
  buildApp,
  createClinic,
  deidentifiedPool,
  inClinic,
  insertCohort,
  loadClinicEvidence,
  loadClinicJourneys,
  migrate,
  openStorage,
  prepareCohort,
  readClinicContributions,
  snapshotCutoff,
  toStoredPlanForm,
} from '@microcore/server';
import { sql } from 'kysely';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeMachine, formatMachine } from '../machine.js';
import { median } from '../stats.js';
import { startAppCluster } from './mixed/cluster.js';

/**
 * GET /api/evidence/summary at a clinic of 10,000 patients and a pooled registry of 100,000
 * (10 clinics of 10,000), on PostgreSQL, against the per-request path it replaced (every journey
 * loaded, de-identified for the pool, summarised) measured in the same run, alternating. The
 * cohort is the demo clinic's synthetic one (core syntheticCohort via server demoCohort.ts),
 * written straight into the database; its sessions point at one small stored plan per patient
 * (the evidence never reads a plan). The server runs in this process (app.inject: routing,
 * validation, the audit record, no socket).
 */
/** BENCH_EVIDENCE_CLINICS × BENCH_EVIDENCE_PATIENTS (default 10 × 10,000) make the registry. */
const CLINICS = Number(process.env.BENCH_EVIDENCE_CLINICS ?? 10);
const PATIENTS_PER_CLINIC = Number(process.env.BENCH_EVIDENCE_PATIENTS ?? 10_000);
const REQUESTS = 20;
/** Changes to a pooled patient after the snapshot, each followed by a clinic and a pooled request. */
const CHANGE_ROUNDS = 5;
const PASSWORD = 'bench-password-long-enough';
const BENCH_SCRYPT_COST = { logN: 10, r: 8, p: 1, keyLength: 32 };
/** A quarter ahead: the pool's snapshot is of records entered by the previous quarter's end. */
const DAY_MS = 86_400_000;

interface Row {
  readonly what: string;
  readonly path: string;
  readonly timesMs: readonly number[];
  /** This process's CPU per request (the server's work; PostgreSQL's is in its own processes). */
  readonly cpuMs: readonly number[];
}

/** Wall and CPU time of one piece of work. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** A row from timed samples. */
const rowOf = (
  what: string,
  path: string,
  samples: readonly { ms: number; cpuMs: number }[],
): Row => ({
  what,
  path,
  timesMs: samples.map((s) => s.ms),
  cpuMs: samples.map((s) => s.cpuMs),
});

export const serverEvidenceBenchmark: Benchmark = {
  name: 'server-evidence',
  async run(ctx: BenchContext): Promise<string> {
    const cluster = await startAppCluster();
    if (!cluster)
      return '## Evidence API\n\nNo PostgreSQL binaries on this machine: not measured.\n';
    const clinics = ctx.quick ? 2 : CLINICS;
    const perClinic = ctx.quick ? 1_000 : PATIENTS_PER_CLINIC;
    const requests = ctx.quick ? 5 : REQUESTS;
    const owner = await openStorage({ databaseUrl: cluster.ownerUrl });
    const appStorage = await openStorage({ databaseUrl: cluster.appUrl });
    try {
      await migrate(owner.db);
      const seedStart = performance.now();
      const prepared = prepareCohort(perClinic, new Date());
      const smallPlan = { zones: ['submental'], needle: '22G', seed: 1, coverage: 1 };
      const cohort = {
        ...prepared,
        planInput: smallPlan,
        planStored: toStoredPlanForm(planTreatment(smallPlan)),
      };
      const clinicIds: string[] = [];
      for (let c = 0; c < clinics; c++) {
        const tag = `c${c}`;
        const created = await createClinic(
          appStorage.db,
          `Evidence bench ${tag}`,
          [
            { email: `admin@${tag}.bench`, role: 'admin', password: PASSWORD },
            { email: `clinician@${tag}.bench`, role: 'clinician', password: PASSWORD },
            { email: `researcher@${tag}.bench`, role: 'researcher', password: PASSWORD },
          ],
          BENCH_SCRYPT_COST,
        );
        const clinician = created.users[`clinician@${tag}.bench`]?.id as string;
        await inClinic(appStorage.db, created.clinicId, (tx) =>
          insertCohort(tx, created.clinicId, clinician, cohort),
        );
        clinicIds.push(created.clinicId);
        ctx.log(`seeded clinic ${c + 1}/${clinics} (${perClinic} patients)`);
      }
      await cluster.settle();
      const seedS = (performance.now() - seedStart) / 1000;

      const now = new Date(Date.now() + 100 * DAY_MS);
      const app = await buildApp({
        db: appStorage.db,
        config: { passwordCost: BENCH_SCRYPT_COST, logLevel: 'warn' },
        clock: () => now,
      });
      await app.ready();
      const token = async (email: string) =>
        (
          await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email, password: PASSWORD },
          })
        ).json().token as string;
      const admin = await token('admin@c0.bench');
      const researcher = await token('researcher@c0.bench');
      const get = (url: string, bearer: string) =>
        timed(async () => {
          const response = await app.inject({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${bearer}` },
          });
          if (response.statusCode !== 200)
            throw new Error(`${url}: ${response.body.slice(0, 300)}`);
        });
      const today = now.toISOString().slice(0, 10);
      const clinicId = clinicIds[0] as string;
      // The path before per-patient contributions (issue 13's first step): five narrow queries
      // and the whole summary on each request.
      const narrowClinic = () =>
        timed(async () => {
          const journeys = await inClinic(appStorage.db, clinicId, (tx) =>
            loadClinicEvidence(tx, clinicId),
          );
          summarizeEvidence(journeys, { stratify: 'fitzpatrick', asOf: today });
        });
      const oldClinic = () =>
        timed(async () => {
          const journeys = await inClinic(appStorage.db, clinicIds[0] as string, (tx) =>
            loadClinicJourneys(tx, clinicIds[0] as string),
          );
          summarizeEvidence(journeys, { stratify: 'fitzpatrick', asOf: today });
        });
      const key = (
        await owner.db
          .selectFrom('server_secrets')
          .select('value')
          .where('name', '=', 'deidentify-key')
          .executeTakeFirst()
      )?.value;
      const cutoff = snapshotCutoff(now);
      const oldPooled = () =>
        timed(async () => {
          const pooled = await inClinic(appStorage.db, clinicIds[0] as string, (tx) =>
            deidentifiedPool(tx, key ?? 'a bench key of enough bytes', {
              cutoffDate: cutoff,
              includeSynthetic: true,
            }),
          );
          const journeys = pooled
            .map((p) => p.journey)
            .sort((a, b) => (a.patient.pseudonym < b.patient.pseudonym ? -1 : 1));
          summarizeEvidence(journeys, { stratify: 'fitzpatrick' });
        });

      const clinicUrl = '/api/evidence/summary?stratify=fitzpatrick';
      const pooledUrl =
        '/api/evidence/summary?scope=pooled&includeSynthetic=true&stratify=fitzpatrick';
      const rows: Row[] = [];
      // The first request computes every patient's contribution (after the migration, once).
      const clinicFirstMs = (await get(clinicUrl, admin)).ms;
      ctx.log(`clinic: first request (every contribution computed) ${clinicFirstMs.toFixed(0)} ms`);
      // Warm the other paths once (JIT, plans, caches), then alternate.
      await oldClinic();
      await narrowClinic();
      // The read alone (PostgreSQL's json_agg of the stored contributions, one JSON.parse).
      const readOnly = () =>
        timed(() =>
          inClinic(appStorage.db, clinicId, (tx) => readClinicContributions(tx, clinicId)),
        );
      const clinicRead: { ms: number; cpuMs: number }[] = [];
      const clinicNew: { ms: number; cpuMs: number }[] = [];
      const clinicNarrow: { ms: number; cpuMs: number }[] = [];
      const clinicOld: { ms: number; cpuMs: number }[] = [];
      for (let i = 0; i < requests; i++) {
        clinicNew.push(await get(clinicUrl, admin));
        clinicRead.push(await readOnly());
        clinicNarrow.push(await narrowClinic());
        clinicOld.push(await oldClinic());
      }
      const clinicLabel = `clinic of ${perClinic.toLocaleString('en')}`;
      rows.push(rowOf(clinicLabel, 'new: GET (stored contributions aggregated)', clinicNew));
      rows.push(rowOf(clinicLabel, 'new: of which the read alone (no aggregate)', clinicRead));
      rows.push(
        rowOf(clinicLabel, 'previous: narrow loader, summarised (no HTTP, no audit)', clinicNarrow),
      );
      rows.push(
        rowOf(clinicLabel, 'old: every journey loaded, summarised (no HTTP, no audit)', clinicOld),
      );
      ctx.log(rows.map((r) => `${r.path}: median ${median(r.timesMs).toFixed(0)} ms`).join('; '));

      const registry = `registry of ${(clinics * perClinic).toLocaleString('en')}`;
      // Key generation happens on the first pooled request; the key is then read for the peer.
      // While it computes the quarter's snapshot, a clinic write (archiving a patient and
      // restoring them) must not wait for it: timed alongside.
      const clinicianOf0 = await token('clinician@c0.bench');
      const somePatient = (
        await owner.db
          .selectFrom('patients')
          .select('id')
          .where('clinic_id', '=', clinicId)
          .limit(1)
          .executeTakeFirstOrThrow()
      ).id;
      const write = (archived: boolean) =>
        timed(async () => {
          const response = await app.inject({
            method: 'PATCH',
            url: `/api/patients/${somePatient}`,
            headers: { authorization: `Bearer ${clinicianOf0}` },
            payload: { archived },
          });
          if (response.statusCode !== 200) throw new Error(response.body.slice(0, 300));
        });
      const firstRequest = get(pooledUrl, researcher);
      const writesDuring: number[] = [];
      let computing = true;
      void firstRequest.finally(() => {
        computing = false;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      while (computing && writesDuring.length < 20) {
        writesDuring.push((await write(writesDuring.length % 2 === 0)).ms);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (writesDuring.length % 2 === 1) await write(false);
      const firstMs = (await firstRequest).ms;
      ctx.log(
        `pooled: writes during the computation: ${writesDuring.map((w) => w.toFixed(0)).join(', ')} ms`,
      );
      ctx.log(`pooled: first request (computes the quarter's snapshot) ${firstMs.toFixed(0)} ms`);
      const pooledNew: { ms: number; cpuMs: number }[] = [];
      const pooledOld: { ms: number; cpuMs: number }[] = [];
      const oldRounds = ctx.quick ? requests : Math.min(requests, 3);
      for (let i = 0; i < requests; i++) {
        pooledNew.push(await get(pooledUrl, researcher));
        if (i < oldRounds) pooledOld.push(await oldPooled());
      }
      rows.push(rowOf(registry, 'new: GET from the snapshot', pooledNew));
      rows.push(
        rowOf(
          registry,
          'old: research_pool() read, de-identified, summarised (no HTTP, no audit)',
          pooledOld,
        ),
      );
      ctx.log(
        `pooled: new median ${median(pooledNew.map((t) => t.ms)).toFixed(0)} ms, old ${median(pooledOld.map((t) => t.ms)).toFixed(0)} ms`,
      );

      // A change after the snapshot (a withdrawn research consent in clinic 1): the next
      // requests recompute that patient's contribution (the clinic's) and re-read them (the
      // pool's), then update the stored summaries by them (026; before, they were dropped and
      // the next pooled request aggregated every stored contribution). Several rounds, each
      // withdrawing another patient's consent.
      const consents = (
        await sql<{ id: string; patient_id: string }>`
          select id, patient_id from consents
          where scope = 'research' and status = 'active' and clinic_id = ${clinicId}
          order by id limit ${CHANGE_ROUNDS}`.execute(owner.db)
      ).rows;
      const clinicAfterChange: number[] = [];
      const afterChange: number[] = [];
      for (const consent of consents) {
        const withdrawn = await app.inject({
          method: 'PATCH',
          url: `/api/patients/${consent.patient_id}/consents/${consent.id}`,
          headers: { authorization: `Bearer ${clinicianOf0}` },
          payload: { status: 'withdrawn', withdrawnDate: new Date().toISOString().slice(0, 10) },
        });
        if (withdrawn.statusCode !== 200) throw new Error(withdrawn.body.slice(0, 300));
        clinicAfterChange.push((await get(clinicUrl, admin)).ms);
        afterChange.push((await get(pooledUrl, researcher)).ms);
      }
      ctx.log(
        `after a change: clinic ${clinicAfterChange.map((t) => t.toFixed(0)).join(', ')} ms; pooled ${afterChange.map((t) => t.toFixed(0)).join(', ')} ms`,
      );
      // What that request did before (023 alone): every stored journey read and summarised.
      const previousAfterChangeMs = (
        await timed(async () => {
          const stored = await owner.db
            .selectFrom('research_snapshot_journeys')
            .select('journey')
            .where('cutoff', '=', cutoff)
            .orderBy(sql`pseudonym collate "C"`)
            .execute();
          summarizeEvidence(
            stored.map((r) => r.journey as DeidentifiedJourney),
            { stratify: 'fitzpatrick' },
          );
        })
      ).ms;
      await app.close();
      return section({
        rows,
        seedS,
        firstMs,
        writesDuring,
        afterChange,
        previousAfterChangeMs,
        clinicFirstMs,
        clinicAfterChange,
        clinics,
        perClinic,
        version: cluster.version,
      });
    } finally {
      await appStorage.close();
      await owner.close();
      cluster.stop();
    }
  },
};

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function section(r: {
  rows: readonly Row[];
  seedS: number;
  firstMs: number;
  writesDuring: readonly number[];
  afterChange: readonly number[];
  previousAfterChangeMs: number;
  clinicFirstMs: number;
  clinicAfterChange: readonly number[];
  clinics: number;
  perClinic: number;
  version: string;
}): string {
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  return [
    '## Evidence API: a clinic of 10,000 and a pooled registry of 100,000',
    '',
    '- Command: `npm run bench` (this section alone: `node bench/dist/run.js --only server-evidence`)',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${formatMachine(describeMachine())}`,
    `- Database: PostgreSQL ${r.version} (a throwaway cluster, fsync on), the server connected as \`microcore_app\` (row-level security applies). Not measured on PGlite: a registry of 100,000 is PostgreSQL's job.`,
    `- Data: ${r.clinics} clinics × ${r.perClinic.toLocaleString('en')} patients of the synthetic cohort (core syntheticCohort through server demoCohort.ts: screenings, series, sessions, follow-ups, adverse events, three consents each), written straight into the database in ${r.seedS.toFixed(0)} s. The clinic row is clinic 1 (its admin); the registry is every clinic's research-consenting patients with \`includeSynthetic=true\` (its researcher). The clock is 100 days ahead, so the quarter's cutoff covers every record.`,
    `- Requests: \`GET /api/evidence/summary?stratify=fitzpatrick\` through \`app.inject\` (the whole route: authentication, validation, the audit record; no socket), one at a time, ${r.rows[0]?.timesMs.length ?? 0} per row after one warm-up. The old path is the computation the route did before, timed the same way without HTTP or audit, alternating with the new one.`,
    '',
    '| Data | Path | Requests | Median ms | p95 ms | Max ms | Median CPU ms (this process) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (row) =>
        `| ${row.what} | ${row.path} | ${row.timesMs.length} | ${ms(median(row.timesMs))} | ${ms(percentile(row.timesMs, 95))} | ${ms(Math.max(...row.timesMs))} | ${ms(median(row.cpuMs))} |`,
    ),
    '',
    `- The clinic's first request computed every patient's contribution (once, after migration 025): ${ms(r.clinicFirstMs)} ms.`,
    `- The quarter's first pooled request computed the snapshot (every consenting patient read through research_pool(), de-identified, its contribution computed, written in one transaction) and the summary: ${ms(r.firstMs)} ms, once per quarter and key. Meanwhile ${r.writesDuring.length} clinic writes (PATCH a patient's archived flag, one every ~¼ s from 1 s in) took median ${ms(median(r.writesDuring))} ms, max ${ms(Math.max(...r.writesDuring))} ms: a computation no longer makes writes wait.`,
    `- After a research consent was withdrawn in clinic 1 (${r.afterChange.length} times, another patient each time), the clinic's next request recomputed that patient's contribution and aggregated all: median ${ms(median(r.clinicAfterChange))} ms, max ${ms(Math.max(...r.clinicAfterChange))} ms; the next pooled request re-read that patient and updated the stored summaries by them (their old contribution subtracted from each summary's partial aggregate, the new added; migration 026): median ${ms(median(r.afterChange))} ms, max ${ms(Math.max(...r.afterChange))} ms (reading and summarising every stored journey, as 023 alone did, took ${ms(r.previousAfterChangeMs)} ms without HTTP); the pooled requests after it read the stored summary.`,
    '- CPU: this process (the server and the bench; PostgreSQL works in its own processes). On a shared machine the wall time includes waiting for a core; the CPU column does not.',
    '- Target (issue 13): ≤ 300 ms for each new-path row.',
    '',
  ].join('\n');
}
