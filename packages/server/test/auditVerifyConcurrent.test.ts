import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRecords } from '../src/audit.js';
import { bearer, createPatient, makeWorld, onEachDatabase, type World } from './helpers.js';

/**
 * Verifying a chain of several pages while the clinic keeps working: every read appends a record,
 * and the verify must walk one snapshot — the pages and the head it ends on — or an append
 * between its last page and its read of the head looks like a broken chain (PostgreSQL, where
 * requests run on several connections at once).
 */
onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    // Three pages of the verify's walk (1,000 records each) before the test starts.
    const events = Array.from({ length: 3000 }, (_, i) => ({
      clinicId: world.clinicA,
      userId: null,
      action: 'test.fill',
      resourceType: 'test',
      resourceId: String(i),
      outcome: 'ok',
    }));
    await appendAuditRecords(world.appStorage.db, world.clinicA, events);
  }, 60_000);
  afterAll(() => world?.close());

  describe('verify under load', () => {
    it('says ok every time while reads append to the same chain', async () => {
      const answers: unknown[] = [];
      for (let round = 0; round < 12; round++) {
        const reads = Array.from({ length: 16 }, () =>
          world.app.inject({
            method: 'GET',
            url: `/api/patients/${patient}`,
            headers: bearer(world.tokens.clinicianA),
          }),
        );
        const verify = world.app.inject({
          method: 'GET',
          url: '/api/audit/verify',
          headers: bearer(world.tokens.adminA),
        });
        const [answer] = await Promise.all([verify, ...reads]);
        answers.push(answer.json());
      }
      for (const answer of answers) expect(answer).toMatchObject({ ok: true });
    });
  });
});
