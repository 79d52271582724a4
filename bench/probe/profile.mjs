// Self time by source function (through the build's source maps) from the V8 CPU profile inside a
// Chromium trace, in a window of ms from the planner document's request:
// node bench/probe/profile.mjs trace.json fromMs toMs [distDir]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';

const t = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ev = (t.traceEvents ?? t).sort((a, b) => a.ts - b.ts);
const from = Number(process.argv[3] ?? 0),
  to = Number(process.argv[4] ?? 1e9);
const dist = process.argv[5] ?? 'packages/web/dist/assets';
const doc = ev.find(
  (e) => e.name === 'ResourceSendRequest' && /\/patients\/[^/]+\/planner$/.test(e.args.data.url),
);
const maps = new Map();
function where(cf) {
  const file = (cf.url ?? '').split('/').pop();
  if (!file.endsWith('.js')) return `${cf.functionName || '(anon)'} ${file}`;
  if (!maps.has(file))
    maps.set(
      file,
      existsSync(`${dist}/${file}.map`)
        ? new SourceMapConsumer(JSON.parse(readFileSync(`${dist}/${file}.map`, 'utf8')))
        : null,
    );
  const m = maps.get(file);
  if (!m) return `${cf.functionName} ${file}`;
  const o = m.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
  return `${o.name ?? cf.functionName ?? '(anon)'} ${(o.source ?? file).replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${o.line}`;
}
const profiles = new Map();
for (const e of ev) {
  if (e.name === 'Profile')
    profiles.set(`${e.pid}:${e.id}`, {
      tid: e.tid,
      start: e.args.data.startTime,
      nodes: new Map(),
      samples: [],
      deltas: [],
    });
  if (e.name === 'ProfileChunk') {
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(d.cpuProfile?.samples ?? []));
    p.deltas.push(...(d.timeDeltas ?? []));
  }
}
const byPackage = (k) => k.split(' ')[1].split('/')[0].replace(/:\d+$/, '');
for (const [key, p] of profiles) {
  const self = new Map(),
    pkg = new Map(),
    incl = new Map();

  for (const n of p.nodes.values()) if (n.parent !== undefined) n.parentId = n.parent;
  let ts = p.start,
    total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    ts += p.deltas[i];
    const at = (ts - doc.ts) / 1000;
    const dt = (p.deltas[i + 1] ?? 0) / 1000;
    if (at < from || at > to) continue;
    const n = p.nodes.get(p.samples[i]);
    if (['(idle)', '(program)', '(root)'].includes(n.callFrame.functionName)) continue;
    const k = where(n.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    pkg.set(byPackage(k), (pkg.get(byPackage(k)) ?? 0) + dt);
    const seen = new Set();
    for (let a = n; a; a = p.nodes.get(a.parentId)) {
      const ak = where(a.callFrame);
      if (!seen.has(ak)) {
        seen.add(ak);
        incl.set(ak, (incl.get(ak) ?? 0) + dt);
      }
    }
    total += dt;
  }
  if (total < 5) continue;
  console.log(`== profile ${key} tid ${p.tid}: ${total.toFixed(0)} ms sampled in window`);
  console.log(
    '  self by package:',
    [...pkg]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', '),
  );
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  self ${v.toFixed(1).padStart(7)}  ${k}`);
  for (const [k, v] of [...incl]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !k.includes('react-dom') && !k.includes('scheduler'))
    .slice(0, 30))
    console.log(`  incl ${v.toFixed(1).padStart(7)}  ${k}`);
}
