// The bridge patch under the linear and the neo-Hookean law, side by side: the default plan's
// patch (as simulateTreatment places it) and a crowded research plan's. Build first (npx tsc -b).
// Usage: node packages/core/scripts/bridge-laws.mjs
import {
  DEFAULT_TENSION_ANGLE_DEG,
  defaultParameterValues,
  planTreatment,
  simulateBridgePatch,
  ZONE_TENSION_ANGLE_DEG,
} from '../dist/index.js';

const p = defaultParameterValues();
const cases = [
  ['default plan (lower face, 22G, 6 %)', planTreatment(), null],
  [
    'crowded research plan (submental, 15 %, 0.2 mm bridges)',
    planTreatment({
      zones: ['submental'],
      mode: 'research',
      coverageFraction: 0.15,
      bridgeMm: 0.2,
    }),
    [-5, -30],
  ],
];
for (const [name, plan, originMm] of cases) {
  const zone = plan.zones.reduce((a, z) => (z.areaMm2 > a.areaMm2 ? z : a), plan.zones[0]);
  let origin = originMm;
  if (!origin) {
    const n = zone.polygon.length;
    const cx = zone.polygon.reduce((a, q) => a + q[0], 0) / n;
    const cy = zone.polygon.reduce((a, q) => a + q[1], 0) / n;
    origin = [Number((cx - 5).toFixed(2)), Number((cy - 5).toFixed(2))];
  }
  const input = {
    originMm: origin,
    sideMm: 10,
    cores: zone.cores,
    coreDiameterMm: plan.needle.coreDiameterMm,
    tensionAngleDeg: ZONE_TENSION_ANGLE_DEG[zone.id] ?? DEFAULT_TENSION_ANGLE_DEG,
  };
  console.log(`\n${name}: ${zone.id}`);
  for (const law of ['linear', 'neo-hookean']) {
    const t = performance.now();
    const r = simulateBridgePatch({ ...input, law }, p);
    const ms = performance.now() - t;
    console.log(
      `  ${law.padEnd(11)} holes ${r.holes}, bridges ${r.bridges}, max strain ${r.maxBridgeStrain.toFixed(4)}, mean ${r.meanBridgeStrain.toFixed(4)}, flagged (> ${r.tearStrain}) ${r.flaggedBridges}, gape ${r.meanMajorAxisMm.toFixed(3)} × ${r.meanMinorAxisMm.toFixed(3)} mm, area ratio ${r.meanGapeAreaRatio.toFixed(3)}  (${ms.toFixed(0)} ms)`,
    );
  }
}
