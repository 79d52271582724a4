import { describe, expect, it } from 'vitest';
import { isMicrocoreError, planInputFromRequest, REFERENCE_LANDMARKS } from '../src/index.js';

/** The one mapping from a request as people write it (percent, measurements) to the planner's input. */
describe('planInputFromRequest', () => {
  it('turns percent into fractions, for the plan and per zone', () => {
    const input = planInputFromRequest({ coverage: 6, zoneCoverage: { submental: 7.5 } });
    expect(input.coverageFraction).toBeCloseTo(0.06, 15);
    expect(input.zoneCoverageFraction).toEqual({ submental: 0.075 });
  });

  it('leaves what is not given to the planner’s defaults', () => {
    const input = planInputFromRequest({});
    expect(input.coverageFraction).toBeUndefined();
    expect(input.scale).toBeUndefined();
    expect(input.exclusions).toBeUndefined();
  });

  it('scales the template by the measurements: the reference face is scale 1, a wider one wider', () => {
    expect(planInputFromRequest({ landmarks: { ...REFERENCE_LANDMARKS } }).scale).toEqual({
      x: 1,
      y: 1,
    });
    const wider = planInputFromRequest({
      landmarks: { bizygomaticWidthMm: REFERENCE_LANDMARKS.bizygomaticWidthMm * 1.1 },
    }).scale;
    expect(wider?.x).toBeCloseTo(1.1, 12);
  });

  it('names `landmarks` when a measurement is out of range', () => {
    let caught: unknown;
    try {
      planInputFromRequest({ landmarks: { bizygomaticWidthMm: 13.3 } });
    } catch (error) {
      caught = error;
    }
    expect(isMicrocoreError(caught) && caught.field).toBe('landmarks');
  });

  it('keeps each exclusion as its points, in order', () => {
    const polygon = [
      [10, 10],
      [14, 10],
      [12, 13],
    ];
    expect(planInputFromRequest({ exclusions: [{ polygon }] }).exclusions).toEqual([polygon]);
  });
});
