import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, makeWorld, onEachDatabase, type World } from './helpers.js';

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind);
  });
  afterAll(() => world.close());

  const sampleSize = (query: string, token = world.tokens.researcherA) =>
    world.app.inject({
      method: 'GET',
      url: `/api/evidence/sample-size?${query}`,
      headers: bearer(token),
    });

  describe('sample size', () => {
    it('zero events: 59 patients bound the rate below 5 % (1 − 0.05^(1/59) = 0.0495)', async () => {
      const response = await sampleSize('design=upper-bound&expectedRate=0&maxUpperBound=0.05');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ design: 'upper-bound', patients: 59, ruleOfThreePatients: 60 });
      expect(body.upperBound).toBeCloseTo(1 - 0.05 ** (1 / 59), 12);
    });

    it('two proportions: Zar Example 24.26 (0.45 vs 0.25, power 0.9) needs 127.23 → 128 per group', async () => {
      const response = await sampleSize(
        'design=two-proportions&rate1=0.45&rate2=0.25&power=0.9',
        world.tokens.adminA,
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ perGroupCorrected: 128 });
      expect(response.json().exactCorrected).toBeCloseTo(127.23, 2);
    });

    it('422 naming the field: a missing parameter, a rate out of range, an unknown design', async () => {
      const missing = await sampleSize('design=upper-bound&expectedRate=0.01');
      expectProblem(missing, 422);
      expect(missing.json().errors[0].field).toBe('maxUpperBound');
      const outOfRange = await sampleSize('design=two-proportions&rate1=1.5&rate2=0.2');
      expectProblem(outOfRange, 422);
      expect(outOfRange.json().errors[0].field).toBe('rate1');
      expectProblem(await sampleSize('design=nonsense'), 422);
    });

    it('a clinician is 403 (evidence is for admins and researchers)', async () => {
      expectProblem(
        await sampleSize(
          'design=upper-bound&expectedRate=0&maxUpperBound=0.05',
          world.tokens.clinicianA,
        ),
        403,
      );
    });
  });
});
