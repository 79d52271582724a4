// The default face's plan in a fresh V8 (Node), first run against the next ones: CPU time.
import { DEFAULT_TEMPLATE, planInputFromRequest, planTreatment } from '@microcore/core';

const body = {
  zones: DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id),
  needle: '22G',
  coverage: 6,
  pattern: 'blue-noise',
  seed: 1,
  mode: 'clinical',
};
const times = [];
for (let i = 0; i < 6; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  const p = planTreatment(planInputFromRequest(body));
  const u = process.cpuUsage(c);
  times.push(
    `${(performance.now() - t).toFixed(0)} ms wall / ${((u.user + u.system) / 1000).toFixed(0)} ms cpu (${p.totals.cores} cores)`,
  );
}
console.log(times.join('\n'));
