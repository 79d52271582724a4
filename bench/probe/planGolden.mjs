/**
 * A probe: 56 plans (needles, coverages, both patterns, research mode, a scaled face,
 * exclusions) written as one JSON file with its SHA-256, to check that a change to core's planner
 * gives the same plans byte for byte: run it before and after (`npx tsc -b` between) and compare.
 *
 *   node bench/probe/planGolden.mjs /tmp/plans-before.json
 */

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { DEFAULT_TEMPLATE, planInputFromRequest, planTreatment } from '@microcore/core';

const ids = DEFAULT_TEMPLATE.zones.map((z) => z.id);
const bodies = [];
for (const needle of ['22G', '24G', '25G', '27G'])
  for (const coverage of [4, 5.3, 6, 8])
    for (const pattern of ['blue-noise', 'fields'])
      bodies.push({ zones: ids, needle, coverage, pattern });
for (let s = 0; s < 20; s++)
  bodies.push({ zones: ['submental', 'cheek-left'], coverage: 4 + 0.2 * s, seed: s * 7919 });
bodies.push({ mode: 'research', coverage: 30, zones: ids, bridgeMm: 0.1 });
bodies.push({ mode: 'research', coverage: 1, zones: ['perioral-left'] });
bodies.push({ zones: ids, landmarks: { bizygomaticWidthMm: 100, lowerFaceHeightMm: 90 } });
bodies.push({
  zones: ids,
  exclusions: [
    {
      polygon: [
        [40, 40],
        [50, 40],
        [50, 50],
        [40, 50],
      ],
    },
    {
      polygon: [
        [-60, 20],
        [-50, 20],
        [-55, 30],
      ],
    },
  ],
});
const out = [];
for (const body of bodies) {
  try {
    out.push(planTreatment(planInputFromRequest(body)));
  } catch (e) {
    out.push({ error: e.code, message: e.message });
  }
}
const json = JSON.stringify(out);
writeFileSync(process.argv[2], json);
console.log(bodies.length, 'plans', createHash('sha256').update(json).digest('hex'));
