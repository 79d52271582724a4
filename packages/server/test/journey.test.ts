import { CANDIDACY_RULES } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirErrors } from '../../core/test/fhirValidator.js';
import { bearer, makeWorld, onEachDatabase, type World } from './helpers.js';

/**
 * Issue 5's journey, through the API only, as a clinic would walk it: register a patient,
 * screen them, plan, schedule the series, record consent, a baseline, the sessions and the
 * follow-ups (and an adverse event), then read the evidence and export the FHIR bundle. Every
 * step checks what a clinician would look at; the audit chain verifies at the end.
 */

/** Days from today, as a calendar date (the API refuses records dated after today). */
function dayOffset(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const NO_TO_ALL = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));
const ZONES = ['cheek-left', 'cheek-right', 'submental'];

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind);
  });
  afterAll(() => world?.close());

  it('patient → screening → plan → series → sessions → follow-ups → evidence → FHIR', async () => {
    const clinician = world.tokens.clinicianA;
    const call = async (
      method: 'GET' | 'POST',
      url: string,
      payload?: object,
      token = clinician,
    ) => {
      const response = await world.app.inject({
        method,
        url,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 300)}`).toBeLessThan(
        300,
      );
      return response;
    };

    // 1. The patient: moderate laxity (AA 2), Fitzpatrick III.
    const patient = (
      await call('POST', '/api/patients', {
        givenName: 'Journey',
        familyName: 'Tester',
        birthDate: '1971-05-20',
        sex: 'female',
        fitzpatrickType: 3,
        laxityGrade: 2,
        email: 'journey@example.test',
      })
    ).json();
    const base = `/api/patients/${patient.id}`;
    const firstSession = dayOffset(-230);

    // 2. Screening, with pre-care dated from the planned first session.
    const screening = (
      await call('POST', `${base}/screenings`, {
        answers: NO_TO_ALL,
        date: dayOffset(-260),
        plannedTreatmentDate: firstSession,
      })
    ).json();
    expect(screening.decision).toBe('eligible');
    expect(screening.preCare.length).toBeGreaterThan(0);

    // 3. The plan, by the planner, on cheeks and chin.
    const plan = (await call('POST', `${base}/plans`, { zones: ZONES, seed: 11 })).json();
    const coresByZone = new Map<string, number>(
      plan.plan.zones.map((z: { id: string; coreCount: number }) => [z.id, z.coreCount]),
    );
    expect([...coresByZone.keys()].sort()).toEqual([...ZONES].sort());

    // 4. The series: moderate laxity → 2 sessions, 6 weeks apart, assessment 3 months after.
    const series = (
      await call('POST', `${base}/series`, { planId: plan.id, startDate: firstSession })
    ).json();
    expect(series.sessions.map((s: { date: string }) => s.date)).toEqual([
      firstSession,
      dayOffset(-230 + 42),
    ]);
    const calendar = await call('GET', `${base}/series/${series.id}/calendar.ics`);
    expect(calendar.headers['content-type']).toMatch(/text\/calendar/);
    expect(calendar.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);

    // 5. Consents, and the baseline before the first session.
    await call('POST', `${base}/consents`, { scope: 'treatment', date: dayOffset(-240) });
    await call('POST', `${base}/consents`, { scope: 'research', date: dayOffset(-240) });
    const baseline = Object.fromEntries(ZONES.map((z) => [z, 3]));
    await call('POST', `${base}/assessments`, { date: dayOffset(-235), lemperleByZone: baseline });

    // 6. The sessions on the series' dates, with the cores delivered per zone.
    const sessionIds: string[] = [];
    for (const { date } of series.sessions as Array<{ date: string }>) {
      const session = (
        await call('POST', `${base}/sessions`, {
          planId: plan.id,
          seriesId: series.id,
          date,
          zones: ZONES.map((zoneId) => ({ zoneId, coresDelivered: coresByZone.get(zoneId) })),
          anaesthesia: 'topical',
        })
      ).json();
      expect(session.warnings).toEqual([]);
      sessionIds.push(session.id);
    }
    await call('POST', `${base}/adverse-events`, {
      type: 'erythema',
      onsetDate: firstSession,
      resolutionDate: dayOffset(-227),
      severity: 'mild',
      relatedness: 'probable',
      sessionId: sessionIds[0],
    });

    // 7. Follow-ups at ~90 and ~180 days after the last session: one grade better.
    const better = Object.fromEntries(ZONES.map((z) => [z, 2]));
    for (const days of [-188 + 90, -188 + 180])
      await call('POST', `${base}/assessments`, {
        date: dayOffset(days),
        sessionId: sessionIds[1],
        lemperleByZone: better,
        gaisInvestigator: 2,
        gaisSubject: 3,
        satisfaction: 4,
      });

    // 8. Evidence for the clinic's admin: this patient is a responder at 90 days.
    const summary = (
      await call(
        'GET',
        '/api/evidence/summary?stratify=fitzpatrick',
        undefined,
        world.tokens.adminA,
      )
    ).json();
    const typeIII = summary.strata.find((s: { key: string }) => s.key === 'III');
    expect(typeIII.patientsTreated).toBe(1);
    const ninety = typeIII.windows.find((w: { windowId: string }) => w.windowId === '90d');
    expect(ninety.improvementGrades.mean).toBeCloseTo(1, 10);
    expect(ninety.responders.rate).toBe(1);

    // The researchers' pool is a quarterly snapshot: what was entered today is not in it yet,
    // so the day a record first appears cannot give away the patient's date shift.
    const pooled = (
      await call('GET', '/api/evidence/records', undefined, world.tokens.researcherA)
    ).json();
    const now = new Date();
    const quarterEnd = new Date(
      Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 0),
    );
    expect(pooled.asOf).toBe(quarterEnd.toISOString().slice(0, 10));
    expect(pooled.patients).toBe(0);

    // 9. FHIR: a valid R4 bundle with the journey in it.
    const exported = await call('GET', `${base}/fhir`);
    const bundle = exported.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(fhirErrors(bundle)).toEqual([]);
    const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource);
    const count = (type: string) =>
      types.filter((r: { resourceType: string }) => r.resourceType === type).length;
    expect(count('Patient')).toBe(1);
    expect(count('CarePlan')).toBe(1);
    expect(count('Procedure')).toBe(2);
    // Each Procedure carried out the series' CarePlan.
    const carePlan = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'CarePlan',
    );
    for (const procedure of types.filter(
      (r: { resourceType: string }) => r.resourceType === 'Procedure',
    ))
      expect(procedure.basedOn).toEqual([{ reference: carePlan.fullUrl }]);
    expect(count('AdverseEvent')).toBe(1);
    expect(count('Consent')).toBe(2);
    const fitzpatrick = types.find(
      (r: { resourceType: string; code?: { coding?: Array<{ code: string }> } }) =>
        r.resourceType === 'Observation' && r.code?.coding?.some((c) => c.code === '66555-4'),
    );
    expect(fitzpatrick).toBeDefined();

    // 10. Every step is on record, and the record is intact.
    const verify = await call('GET', '/api/audit/verify', undefined, world.tokens.adminA);
    expect(verify.json()).toMatchObject({ ok: true });
  });

  describe('the journey refuses what a clinic must not do', () => {
    it('a session sooner than 6 weeks without a reason, a follow-up before its session', async () => {
      const clinician = world.tokens.clinicianA;
      const post = (url: string, payload: object) =>
        world.app.inject({ method: 'POST', url, headers: bearer(clinician), payload });
      const patient = (
        await post('/api/patients', {
          givenName: 'Hasty',
          familyName: 'Tester',
          birthDate: '1980-01-01',
          sex: 'male',
          fitzpatrickType: 2,
          laxityGrade: 3,
        })
      ).json();
      const base = `/api/patients/${patient.id}`;
      const plan = (await post(`${base}/plans`, { zones: ['submental'], seed: 3 })).json();
      const session = (zonesDate: string, extra: object = {}) =>
        post(`${base}/sessions`, {
          planId: plan.id,
          date: zonesDate,
          zones: [{ zoneId: 'submental', coresDelivered: 100 }],
          anaesthesia: 'none',
          ...extra,
        });
      const first = (await session(dayOffset(-100))).json();
      const tooSoon = await session(dayOffset(-80));
      expect(tooSoon.statusCode).toBe(422);
      expect(tooSoon.json().errors[0].field).toBe('date');
      const early = await post(`${base}/assessments`, {
        date: dayOffset(-101),
        sessionId: first.id,
        lemperleByZone: { submental: 2 },
      });
      expect(early.statusCode).toBe(422);
      expect(early.json().errors[0].field).toBe('date');
      const series = await post(`${base}/series`, {
        planId: plan.id,
        startDate: dayOffset(10),
        intervalWeeks: 3,
      });
      expect(series.statusCode).toBe(422);
      expect(series.json().errors[0].field).toBe('intervalWeeks');
    });
  });
});
