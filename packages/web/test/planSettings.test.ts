import { planTreatment, scaleFromLandmarks } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { planRequestBody, toPlanInput } from '../../server/src/records/plan.js';
import { roundExclusion, scarExclusion } from '../src/planner/exclusionShapes.js';
import { coresHash } from '../src/planner/packedPlan.js';
import {
  defaultSettings,
  fromRequestBody,
  LANDMARK_RANGES,
  minimumBridgeMm,
  type PlannerSettings,
  readStoredRequest,
  requestToPlanInput,
  settingsScale,
  toggleZone,
  toRequestBody,
  withMode,
} from '../src/planner/planSettings.js';

const base = defaultSettings(42);

/** Settings of every sort the screen makes. */
const SAMPLES: PlannerSettings[] = [
  base,
  toggleZone(base, 'submental', false),
  { ...base, coveragePercent: { ...base.coveragePercent, 'cheek-left': 4.5, submental: 5.7 } },
  { ...base, needle: '25G', bridgeMm: 0.6, pattern: 'fields' },
  {
    ...withMode(base, 'research'),
    zones: ['submental'],
    coveragePercent: { ...base.coveragePercent, submental: 20 },
    bridgeMm: 0.2,
  },
  {
    ...base,
    landmarks: { bizygomaticWidthMm: 141, lowerFaceHeightMm: 66.5 },
    exclusions: [
      { id: 'm', kind: 'mole', polygon: roundExclusion([70, 70], 3) },
      { id: 's', kind: 'scar', polygon: scarExclusion([-20, -30], [10, -40]) },
    ],
  },
  { ...base, landmarks: { bizygomaticWidthMm: null, lowerFaceHeightMm: 74 } },
];

describe("the planner's settings and the request body", () => {
  it("make a body the server accepts, and the core input the server's own mapping makes", () => {
    for (const settings of SAMPLES) {
      const body = toRequestBody(settings);
      const parsed = planRequestBody.safeParse(body);
      expect(parsed.success).toBe(true);
      expect(requestToPlanInput(body)).toEqual(toPlanInput(body));
    }
  });

  it('so the browser plans the very cores the server stores (same hash)', () => {
    for (const settings of [SAMPLES[2], SAMPLES[5]]) {
      const body = toRequestBody(settings);
      const local = planTreatment(requestToPlanInput(body));
      const server = planTreatment(
        toPlanInput(planRequestBody.parse(JSON.parse(JSON.stringify(body)))),
      );
      expect(coresHash(local)).toBe(coresHash(server));
      expect(local.totals.cores).toBe(server.totals.cores);
    }
  });

  it('send the coverage most zones share, and only the zones that differ', () => {
    expect(toRequestBody(base)).toEqual({
      zones: ['cheek-left', 'cheek-right', 'jawline-left', 'jawline-right', 'submental'],
      needle: '22G',
      coverage: 6,
      pattern: 'blue-noise',
      seed: 42,
      mode: 'clinical',
    });
    const body = toRequestBody(SAMPLES[2]);
    expect(body.coverage).toBe(6);
    expect(body.zoneCoverage).toEqual({ 'cheek-left': 4.5, submental: 5.7 });
    expect(toRequestBody(SAMPLES[4]).coverage).toBe(20);
    expect(toRequestBody(SAMPLES[4]).zoneCoverage).toBeUndefined();
  });

  it('come back from a stored body as they went (a reopened plan)', () => {
    for (const settings of SAMPLES) {
      const body = JSON.parse(JSON.stringify(toRequestBody(settings)));
      const back = fromRequestBody(body);
      expect(toRequestBody(back)).toEqual(toRequestBody(settings));
      expect(back.exclusions.map((e) => e.polygon)).toEqual(
        settings.exclusions.map((e) => e.polygon),
      );
    }
  });

  it('keep zones in the template order when toggled', () => {
    const off = toggleZone(base, 'cheek-left', false);
    expect(off.zones).not.toContain('cheek-left');
    expect(toggleZone(off, 'cheek-left', true).zones).toEqual(base.zones);
    expect(toggleZone(base, 'perioral-left', true).zones.at(-1)).toBe('perioral-left');
  });

  it('bring coverage and bridge inside the clinical range when research mode is left', () => {
    const research = { ...withMode(base, 'research'), bridgeMm: 0.1 };
    const wide = { ...research, coveragePercent: { ...research.coveragePercent, submental: 30 } };
    const clinical = withMode(wide, 'clinical');
    expect(clinical.coveragePercent.submental).toBe(8);
    expect(clinical.bridgeMm).toBe(minimumBridgeMm('clinical', '22G'));
    expect(minimumBridgeMm('clinical', '22G')).toBe(0.413);
    expect(minimumBridgeMm('research', '22G')).toBe(0.05);
  });

  it("offer measurement ranges the core's scaling takes, and no wider", () => {
    const w = LANDMARK_RANGES.bizygomaticWidthMm;
    const h = LANDMARK_RANGES.lowerFaceHeightMm;
    expect(() =>
      scaleFromLandmarks({ bizygomaticWidthMm: w.minMm, lowerFaceHeightMm: h.maxMm }),
    ).not.toThrow();
    expect(() =>
      scaleFromLandmarks({ bizygomaticWidthMm: w.maxMm, lowerFaceHeightMm: h.minMm }),
    ).not.toThrow();
    expect(() => scaleFromLandmarks({ bizygomaticWidthMm: w.minMm - 1 })).toThrow();
    expect(() => scaleFromLandmarks({ lowerFaceHeightMm: h.maxMm + 1 })).toThrow();
    expect(settingsScale(SAMPLES[6])).toEqual({ x: 74 / 70, y: 74 / 70 });
    expect(settingsScale(base)).toEqual({ x: 1, y: 1 });
  });

  it('name landmarks in a refusal, as the server does', () => {
    expect(() => requestToPlanInput({ landmarks: { bizygomaticWidthMm: 13.3 } })).toThrow(
      expect.objectContaining({ code: 'scale.invalid', field: 'landmarks' }),
    );
  });

  it("read a stored plan's input back, and refuse what is not one", () => {
    const body = toRequestBody(SAMPLES[5]);
    expect(readStoredRequest(JSON.parse(JSON.stringify(body)))).toEqual(body);
    expect(readStoredRequest({})).toEqual({});
    for (const bad of [
      null,
      [],
      'plan',
      { zones: 'submental' },
      { coverage: '6' },
      { pattern: 'grid' },
      { zoneCoverage: { submental: '7' } },
      { landmarks: { bizygomaticWidthMm: '140' } },
      { exclusions: [{ kind: 'tattoo', polygon: [] }] },
      { exclusions: [{ kind: 'mole', polygon: [[1, 2, 3]] }] },
    ]) {
      expect(readStoredRequest(bad)).toBeUndefined();
    }
  });
});
