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

    it('the queries that froze the process answer at once: 422 naming the field and its range', async () => {
      for (const query of [
        'design=upper-bound&expectedRate=0&maxUpperBound=1e-300',
        'design=upper-bound&expectedRate=1e-300&maxUpperBound=2e-300',
      ]) {
        const problem = expectProblem(await sampleSize(query), 422);
        expect(problem.errors?.[0]?.field).toBe('maxUpperBound');
        expect(problem.errors?.[0]?.message).toContain('between 0.001 and 0.5');
      }
      // In range on its own, but too close to the rate: the core says so, naming the bound.
      const close = expectProblem(
        await sampleSize('design=upper-bound&expectedRate=0.049999&maxUpperBound=0.05'),
        422,
      );
      expect(close.errors?.[0]?.field).toBe('maxUpperBound');
      expect(close.detail).toContain('at least 0.001 above expectedRate');
    });

    it('every sample-size input is bounded: out of range is 422 with the range, and so is a study too large', async () => {
      const cases: [string, string, string][] = [
        [
          'design=upper-bound&expectedRate=0.6&maxUpperBound=0.7',
          'expectedRate',
          'between 0 and 0.5',
        ],
        [
          'design=upper-bound&expectedRate=0&maxUpperBound=0.05&oneSidedAlpha=0.5',
          'oneSidedAlpha',
          'between 0.001 and 0.1',
        ],
        ['design=two-proportions&rate1=0.1&rate2=0.2&power=0.999', 'power', 'between 0.5 and 0.99'],
        ['design=two-proportions&rate1=0.1&rate2=0.2&alpha=1e-9', 'alpha', 'between 0.001 and 0.2'],
        [
          'design=two-proportions&rate1=0.1&rate2=0.1001',
          'rate2',
          'more than 100000 patients per group',
        ],
        [
          'design=upper-bound&expectedRate=0.499&maxUpperBound=0.5&oneSidedAlpha=0.001',
          'maxUpperBound',
          'more than 100000 patients',
        ],
      ];
      for (const [query, field, says] of cases) {
        const problem = expectProblem(await sampleSize(query), 422);
        expect(problem.errors?.[0]?.field).toBe(field);
        expect(problem.detail).toContain(says);
      }
      // A bound just above the rate is answered: about 9,900 patients.
      const near = await sampleSize('design=upper-bound&expectedRate=0.095&maxUpperBound=0.1');
      expect(near.statusCode).toBe(200);
      expect(near.json().patients).toBe(9863);
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
