import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, makeWorld, onEachDatabase, type World } from './helpers.js';

/**
 * The prediction stored with a plan (migration 022) and GET /api/evidence/calibration: follow-ups
 * beside the prediction made when the plan was saved, and the share inside the interval, checked
 * against a fixture whose inside/outside pattern is set by hand.
 */

/** Days from today (the real one), as a calendar date. */
function dayOffset(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const BASELINE = 4;
const FIRST_SESSION = -200;

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    // A clock a year and more ahead: the pool's quarterly snapshot holds what the tests enter.
    world = await makeWorld(kind, {}, { clock: () => new Date(Date.now() + 400 * 86_400_000) });
  }, 60_000);
  afterAll(() => world?.close());

  const call = async (method: 'GET' | 'POST', url: string, payload?: object, token?: string) => {
    const response = await world.app.inject({
      method,
      url,
      headers: bearer(token ?? world.tokens.clinicianA),
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 300)}`).toBeLessThan(
      300,
    );
    return response.json();
  };

  /**
   * A mild-laxity patient (one session), a research consent, optionally a baseline grade of the
   * submental zone, a plan (its prediction stored), and one session on day FIRST_SESSION.
   */
  async function treatedPatient(name: string, withBaseline = true) {
    const patient = await call('POST', '/api/patients', {
      givenName: name,
      familyName: 'Calibration',
      birthDate: '1970-01-01',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 1,
    });
    const base = `/api/patients/${patient.id}`;
    await call('POST', `${base}/consents`, { scope: 'treatment', date: dayOffset(-220) });
    await call('POST', `${base}/consents`, { scope: 'research', date: dayOffset(-220) });
    if (withBaseline)
      await call('POST', `${base}/assessments`, {
        date: dayOffset(-210),
        lemperleByZone: { submental: BASELINE },
      });
    const plan = await call('POST', `${base}/plans`, {
      zones: ['submental'],
      needle: '23G',
      coverage: 5,
      seed: 7,
    });
    await call('POST', `${base}/sessions`, {
      planId: plan.id,
      date: dayOffset(FIRST_SESSION),
      zones: [{ zoneId: 'submental', coresDelivered: 100 }],
      anaesthesia: 'topical',
    });
    const followUp = (daysAfter: number, grade: number) =>
      call('POST', `${base}/assessments`, {
        date: dayOffset(FIRST_SESSION + daysAfter),
        lemperleByZone: { submental: grade },
      });
    return { id: patient.id as string, base, plan, followUp };
  }

  type Timepoint = { daysAfterLastSession: number; low: number; high: number; mean: number };
  const at = (plan: { prediction: { timepoints: Timepoint[] } }, days: number) =>
    plan.prediction.timepoints.find((t) => t.daysAfterLastSession === days) as Timepoint;
  /** A whole grade whose improvement from BASELINE lies inside the interval. */
  const gradeInside = (t: Timepoint) => {
    const improvement = Math.ceil(t.low);
    expect(improvement, 'a whole grade inside the interval').toBeLessThanOrEqual(t.high);
    return BASELINE - improvement;
  };
  /** A grade worse than the baseline: an improvement of −1, below any interval at 90 or 180 days. */
  const gradeOutside = (t: Timepoint) => {
    expect(t.low).toBeGreaterThan(-1);
    return BASELINE + 1;
  };

  describe('the prediction stored with a plan', () => {
    it('is made at the save, from the baseline assessment, and read back unchanged', async () => {
      const p = await treatedPatient('Stored');
      const { prediction } = p.plan;
      expect(prediction).toMatchObject({
        schemaVersion: 1,
        label: 'model estimate — not a promise of outcome',
        quantity: 'lemperle-improvement',
        inputs: {
          sessions: 1,
          intervalWeeks: 6,
          fitzpatrickType: 2,
          baselineLemperle: BASELINE,
          baselineSource: 'assessment',
          baselineAssessmentDate: dayOffset(-210),
        },
        interval: { coverage: 0.9 },
      });
      expect(prediction.model.parametersId).toMatch(/^sim\d+-sha256:[0-9a-f]{16}$/);
      expect(prediction.timepoints.map((t: Timepoint) => t.daysAfterLastSession)).toEqual([
        90, 180,
      ]);
      for (const t of prediction.timepoints as Timepoint[])
        expect(t.low <= t.mean && t.mean <= t.high).toBe(true);
      const read = await call('GET', `${p.base}/plans/${p.plan.id}`);
      expect(read.prediction).toEqual(prediction);
    });

    it('without an assessment, grade 3 is assumed and the prediction says so', async () => {
      const p = await treatedPatient('Assumed', false);
      expect(p.plan.prediction.inputs).toMatchObject({
        baselineLemperle: 3,
        baselineSource: 'assumed',
        baselineAssessmentDate: null,
      });
    });

    it('a plan stored before predictions were kept reads with prediction null', async () => {
      const p = await treatedPatient('Older', false);
      // As migration 022 leaves a plan saved before it (the owner's connection; the app cannot UPDATE plans).
      await world.storage.db
        .updateTable('plans')
        .set({ prediction: null } as never)
        .where('id', '=', p.plan.id)
        .execute();
      expect((await call('GET', `${p.base}/plans/${p.plan.id}`)).prediction).toBeNull();
    });
  });

  describe('GET /api/evidence/calibration', () => {
    let fixture: { a: Awaited<ReturnType<typeof treatedPatient>>; b: typeof fixture.a };
    it('pairs each follow-up with its stored prediction: 2 of 4 inside, Wilson 0.150–0.850', async () => {
      // Patients with follow-ups (besides those of the tests above, which have none):
      //   A: 90 d inside; a 180 d follow-up struck out as entered in error (left out)
      //   B: 90 d outside, 180 d inside
      //   C: 90 d outside
      //   D: no baseline: excluded, not a point
      const a = await treatedPatient('A');
      const b = await treatedPatient('B');
      const c = await treatedPatient('C');
      const d = await treatedPatient('D', false);
      fixture = { a, b };
      await a.followUp(90, gradeInside(at(a.plan, 90)));
      const struck = await a.followUp(180, gradeOutside(at(a.plan, 180)));
      await call('POST', `${a.base}/assessments/${struck.id}/entered-in-error`, {
        expectedVersion: 1,
        reason: 'graded the wrong zone',
      });
      await b.followUp(91, gradeOutside(at(b.plan, 90)));
      await b.followUp(182, gradeInside(at(b.plan, 180)));
      await c.followUp(88, gradeOutside(at(c.plan, 90)));
      await d.followUp(90, 2);

      const answer = await call('GET', '/api/evidence/calibration', undefined, world.tokens.adminA);
      expect(answer).toMatchObject({
        scope: 'clinic',
        basis: 'predicted-vs-observed',
        quantity: 'lemperle-improvement',
        count: 4,
        insideCount: 2,
        shareInside: 0.5,
        nominalCoverage: 0.9,
        excluded: { noBaseline: 1, seriesNotComplete: 0, sessionsDiffer: 0 },
      });
      expect(answer.label).toContain('model estimate — not a promise of outcome');
      // Wilson 95 % for 2 of 4, by hand: centre 0.5, half-width
      // (1.96 / (1 + 1.96²/4)) · √(0.25/4 + 1.96²/64) = 0.34996.
      expect(answer.shareInsideCi95.low).toBeCloseTo(0.15004, 4);
      expect(answer.shareInsideCi95.high).toBeCloseTo(0.84996, 4);
      const bInside = answer.points.find(
        (p: { windowId: string; daysAfterLastSession: number }) =>
          p.windowId === '180d' && p.daysAfterLastSession === 182,
      );
      const { mean, low, high } = at(b.plan, 180);
      expect(bInside).toEqual({
        windowId: '180d',
        daysAfterLastSession: 182,
        predicted: { mean, low, high },
        observed: BASELINE - gradeInside(at(b.plan, 180)),
        inside: true,
      });
    });

    it('researchers get the same points pooled and de-identified; no id or name in the answer', async () => {
      const answer = await call(
        'GET',
        '/api/evidence/calibration?scope=pooled',
        undefined,
        world.tokens.researcherA,
      );
      expect(answer).toMatchObject({ scope: 'pooled-deidentified', count: 4, insideCount: 2 });
      const text = JSON.stringify(answer);
      expect(text).not.toContain(fixture.a.id);
      expect(text).not.toContain('Calibration');
    });

    it('research_pool_predictions is executable by the app role only, not PUBLIC', async () => {
      const { rows } = await sql<{ app: boolean; public: boolean; definer: boolean }>`
        select has_function_privilege('microcore_app', p.oid, 'execute') as app,
          exists (select from aclexplode(p.proacl) a where a.grantee = 0) as public,
          p.prosecdef as definer
        from pg_proc p where p.proname = 'research_pool_predictions'`.execute(world.storage.db);
      expect(rows).toEqual([{ app: true, public: false, definer: true }]);
    });

    it('bad query input is a 422 naming the field; a researcher asking for the clinic is 403', async () => {
      const get = (query: string, token: string) =>
        world.app.inject({
          method: 'GET',
          url: `/api/evidence/calibration?${query}`,
          headers: bearer(token),
        });
      const bad = expectProblem(await get('scope=everyone', world.tokens.adminA), 422);
      expect(bad.errors?.[0]?.field).toBe('scope');
      expectProblem(await get('window=90d', world.tokens.adminA), 422);
      expectProblem(await get('scope=clinic', world.tokens.researcherA), 403);
      expectProblem(await get('', world.tokens.clinicianA), 403);
    });
  });
});
