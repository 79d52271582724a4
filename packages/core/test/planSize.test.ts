import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../src/anatomy/defaultTemplate.js';
import { isMicrocoreError, type MicrocoreError } from '../src/errors.js';
import { planTreatment } from '../src/plan/planner.js';
import { checkPlanSize, estimatedCores, MAX_PLAN_CORES } from '../src/plan/size.js';

/** Every zone of the face template. */
const ALL_ZONES = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

function refusal(request: Parameters<typeof checkPlanSize>[0]): MicrocoreError | undefined {
  try {
    checkPlanSize(request);
  } catch (error) {
    if (isMicrocoreError(error)) return error;
    throw error;
  }
  return undefined;
}

describe('the size of a plan, before planning', () => {
  it("is the planner's own count: per zone round(coverage × area / core area)", () => {
    for (const request of [
      {},
      { zones: ['submental'], needle: '23G', coverage: 5 },
      { zones: ['cheek-left', 'perioral-right'], coverage: 4, zoneCoverage: { 'cheek-left': 7 } },
    ]) {
      // Research mode: the count does not depend on the mode, and 7 % in one zone is above
      // the clinical window ceiling.
      const plan = planTreatment({
        mode: 'research',
        zones: request.zones,
        needle: request.needle,
        coverageFraction: request.coverage === undefined ? undefined : request.coverage / 100,
        zoneCoverageFraction: request.zoneCoverage
          ? Object.fromEntries(Object.entries(request.zoneCoverage).map(([k, v]) => [k, v / 100]))
          : undefined,
      });
      expect(estimatedCores(request)).toBe(plan.totals.cores);
    }
  });

  it('every clinical plan fits: the largest (27G, 8 %, all seven zones) is 58,466 cores', () => {
    const largest = { zones: ALL_ZONES, needle: '27G', coverage: 8 };
    expect(estimatedCores(largest)).toBe(58_466);
    expect(estimatedCores(largest)).toBeLessThan(MAX_PLAN_CORES);
    expect(refusal(largest)).toBeUndefined();
  });

  it("scales with the patient's landmarks, as the planner does", () => {
    const landmarks = { bizygomaticWidthMm: 145, lowerFaceHeightMm: 76 };
    const plan = planTreatment({ scale: { x: 145 / 133, y: 76 / 70 } });
    // Areas scale by x × y exactly; the planner's per-zone rounding may differ by one a zone.
    expect(Math.abs(estimatedCores({ landmarks }) - plan.totals.cores)).toBeLessThanOrEqual(5);
    expect(estimatedCores({ landmarks })).toBeGreaterThan(estimatedCores({}) * 1.15);
    // Landmarks the planner refuses count as none: it refuses them itself.
    expect(estimatedCores({ landmarks: { bizygomaticWidthMm: 1330 } })).toBe(estimatedCores({}));
  });

  it("every clinical plan fits on a face at the top of Farkas' adult range; a far larger one is refused", () => {
    const largest = { zones: ALL_ZONES, needle: '27G', coverage: 8 };
    const broad = { ...largest, landmarks: { bizygomaticWidthMm: 150, lowerFaceHeightMm: 82 } };
    expect(refusal(broad)).toBeUndefined();
    const giant = { ...largest, landmarks: { bizygomaticWidthMm: 210, lowerFaceHeightMm: 110 } };
    expect(refusal(giant)?.code).toBe('plan.too-large');
  });

  it('a research plan above the limit is refused naming the field, the limit and what to do', () => {
    const problem = refusal({ zones: ALL_ZONES, needle: '27G', coverage: 40 });
    expect(problem?.code).toBe('plan.too-large');
    expect(problem?.field).toBe('coverage');
    expect(problem?.message).toContain(`more than the ${MAX_PLAN_CORES}`);
    expect(problem?.message).toContain('lower the coverage');
    // Per-zone coverage alone names zoneCoverage.
    const perZone = refusal({
      needle: '27G',
      zones: ['cheek-left'],
      zoneCoverage: { 'cheek-left': 40 },
    });
    expect(perZone).toBeUndefined();
    const perZoneAll = refusal({
      needle: '27G',
      zones: ALL_ZONES,
      zoneCoverage: Object.fromEntries(ALL_ZONES.map((id) => [id, 40])),
    });
    expect(perZoneAll?.field).toBe('zoneCoverage');
  });

  it('leaves what the planner refuses to the planner: unknown zones and bad numbers count nothing', () => {
    expect(estimatedCores({ zones: ['nose'] })).toBe(0);
    expect(estimatedCores({ zones: ['submental'], coverage: Number.NaN })).toBe(0);
    expect(estimatedCores({ zones: ['submental'], coverage: -5 })).toBe(0);
  });
});
