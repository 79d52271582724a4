// The cold load's waterfall from a Chromium trace, on the trace's own clock (ms from the
// planner document's request): requests (sent → finished), and the renderer's main thread and
// worker tasks ≥ 15 ms with their biggest inner events. node bench/probe/trace.mjs trace.json
import { readFileSync } from 'node:fs';

const t = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ev = (t.traceEvents ?? t).sort((a, b) => a.ts - b.ts);
const names = {};
for (const e of ev)
  if (e.ph === 'M' && e.name === 'thread_name') names[`${e.pid}:${e.tid}`] = e.args.name;
const doc = ev.find(
  (e) => e.name === 'ResourceSendRequest' && /\/patients\/[^/]+\/planner$/.test(e.args.data.url),
);
const pid = doc.pid;
const t0 = doc.ts;
const ms = (ts) => ((ts - t0) / 1000).toFixed(0).padStart(5);
const lines = [];
const urls = new Map();
for (const e of ev) {
  if (e.name === 'ResourceSendRequest') {
    urls.set(e.args.data.requestId, e.args.data.url.split('/').slice(3).join('/'));
    lines.push([e.ts, `net  send ${urls.get(e.args.data.requestId)}`]);
  }
  if (e.name === 'ResourceFinish' && urls.has(e.args.data.requestId))
    lines.push([
      e.ts,
      `net  done ${urls.get(e.args.data.requestId)} (${e.args.data.encodedDataLength} B)`,
    ]);
}
const INNER =
  /^(EvaluateScript|v8\.compile|v8\.compileModule|v8\.evaluateModule|FunctionCall|ParseHTML|Layout|UpdateLayoutTree|Paint|TimerFire|FireAnimationFrame|ParseAuthorStyleSheet|MinorGC|MajorGC|HandlePostMessage|Commit|PrePaint)$/;
for (const [key, name] of Object.entries(names)) {
  const [p, tid] = key.split(':').map(Number);
  if (p !== pid || !/CrRendererMain|DedicatedWorker/.test(name)) continue;
  const tag = name.startsWith('Ded') ? 'WORK' : 'MAIN';
  const xs = ev.filter((e) => e.pid === p && e.tid === tid && e.ph === 'X' && e.ts >= t0);
  const tops = xs.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  let busy = 0;
  for (const top of tops) {
    busy += top.dur;
    if (top.dur < 15000) continue;
    const inner = xs.filter(
      (e) =>
        e !== top &&
        e.ts >= top.ts &&
        e.ts + e.dur <= top.ts + top.dur &&
        INNER.test(e.name) &&
        e.dur > 4000,
    );
    const desc = inner
      .slice(0, 6)
      .map(
        (e) =>
          `${e.name}${e.args?.data?.url ? `(${e.args.data.url.split('/').pop()})` : ''} ${(e.dur / 1000).toFixed(0)}`,
      )
      .join('; ');
    lines.push([
      top.ts,
      `${tag} ${(top.dur / 1000).toFixed(0).padStart(4)} ms → ${ms(top.ts + top.dur)} [busy ${(busy / 1000).toFixed(0)}] ${desc}`,
    ]);
  }
}
for (const [ts, text] of lines.sort((a, b) => a[0] - b[0]))
  if (ts >= t0) console.log(`${ms(ts)}  ${text}`);
