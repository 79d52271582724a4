// What storing and reading the heaviest clinical plan (27G at 8 %, all seven zones) costs the
// database, in the two forms a plan has had: the whole plan as jsonb (before migration 017) and
// a jsonb head with the cores as bytea sent and read as base64 (records/planCores.ts). Each form
// in a scratch table of its own, dropped at the end: the time of an insert and of a read with its
// parsing (least and median of 15), and the bytes each plan takes (table, TOAST and index).
// Runs on embedded PGlite in memory, or on PostgreSQL when DATABASE_URL is set (a database the
// user may create tables in). Build first: npx tsc -b.
// Usage: node packages/server/scripts/plan-storage.mjs

import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_TEMPLATE, planTreatment } from '@microcore/core';
import pg from 'pg';
import { joinStoredPlan, toStoredPlanForm } from '../dist/records/planCores.js';

const ALL = DEFAULT_TEMPLATE.zones.map((z) => z.id);
// Research mode: clinical mode now refuses 27G at 8 % for its densest square centimetre (core
// docs/planner.md); the cores, and so the storage, are the same.
const plan = planTreatment({ zones: ALL, needle: '27G', coverageFraction: 0.08, mode: 'research' });
const full = JSON.stringify(plan);
const stored = toStoredPlanForm(plan);
const N = 15;
let q;
let close;
if (process.env.DATABASE_URL) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  q = (text, params) => client.query(text, params);
  close = () => client.end();
} else {
  const db = new PGlite();
  q = (text, params) => db.query(text, params);
  close = () => db.close();
}
await q('drop table if exists old_plans');
await q('drop table if exists new_plans');
await q('create table old_plans (id serial primary key, plan jsonb not null)');
await q(
  'create table new_plans (id serial primary key, plan jsonb not null, cores bytea not null)',
);
await q('alter table new_plans alter column cores set storage external');
const time = async (f) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
const r = { insOld: [], insNew: [], readOld: [], readNew: [] };
for (let i = 0; i < N; i++) {
  r.insOld.push(await time(() => q('insert into old_plans (plan) values ($1)', [full])));
  r.insNew.push(
    await time(() =>
      q(`insert into new_plans (plan, cores) values ($1, decode($2, 'base64'))`, [
        stored.headJson,
        stored.coresBase64,
      ]),
    ),
  );
}
for (let i = 1; i <= N; i++) {
  r.readOld.push(
    await time(async () => {
      const { rows } = await q('select plan from old_plans where id = $1', [i]);
      const p = rows[0].plan;
      return typeof p === 'string' ? JSON.parse(p) : p;
    }),
  );
  r.readNew.push(
    await time(async () => {
      const { rows } = await q(
        `select plan, encode(cores, 'base64') as c from new_plans where id = $1`,
        [i],
      );
      return joinStoredPlan(rows[0].plan, Buffer.from(rows[0].c, 'base64'));
    }),
  );
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)].toFixed(1);
const min = (a) => Math.min(...a).toFixed(1);
const size = async (t) =>
  Number((await q(`select pg_total_relation_size('${t}') as s`)).rows[0].s) / N;
const col = async (t, c) =>
  Number((await q(`select avg(pg_column_size(${c})) as s from ${t}`)).rows[0].s);
console.log(
  process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
  `(${plan.totals.cores} cores, JSON ${full.length} B, head ${stored.headJson.length} B, base64 ${stored.coresBase64.length} B)`,
);
console.log(
  `insert ms min/median: old ${min(r.insOld)}/${med(r.insOld)}  new ${min(r.insNew)}/${med(r.insNew)}`,
);
console.log(
  `read+parse ms min/median: old ${min(r.readOld)}/${med(r.readOld)}  new ${min(r.readNew)}/${med(r.readNew)}`,
);
console.log(
  `stored bytes per plan (table+toast+index): old ${(await size('old_plans')).toFixed(0)}  new ${(await size('new_plans')).toFixed(0)}`,
);
console.log(
  `column bytes: old plan ${await col('old_plans', 'plan')}  new plan ${await col('new_plans', 'plan')} + cores ${await col('new_plans', 'cores')}`,
);
await q('drop table old_plans');
await q('drop table new_plans');
await close();
