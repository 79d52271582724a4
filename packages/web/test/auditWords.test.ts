import { describe, expect, it } from 'vitest';
import {
  checkpointFileName,
  checkpointSaved,
  checkpointWords,
  verifyWords,
} from '../src/admin/auditWords';
import { bundleSummary } from '../src/admin/bundleSummary';
import type { AuditCheckpoint } from '../src/api/types';

/** The audit verdicts and the export's summary in plain words (the API's JSON → sentences). */
const summary = { lastId: 41, records: 41, at: '2026-12-05T10:00:00.000Z' };

describe('the audit trail in words', () => {
  it('a plain verify: intact with its count, or broken at a record', () => {
    const intact = verifyWords({ ok: true, records: 1234 }, 'en-GB');
    expect(intact.tone).toBe('intact');
    expect(intact.headline).toBe('Intact: 1,234 records, every hash recomputed and matching.');
    // It says what a plain verify cannot show (docs/server.md, "Checkpoints").
    expect(intact.details.join(' ')).toContain('verify against a checkpoint');
    const broken = verifyWords({ ok: false, firstBrokenId: 17 }, 'en-GB');
    expect(broken.tone).toBe('alarm');
    expect(broken.headline).toMatch(/^Broken at record #17/);
  });

  it('against a checkpoint: each reason the server gives, with the record it names', () => {
    const ok = checkpointWords({ ok: true, records: 50, checkpoint: summary }, 'en-GB');
    expect(ok.tone).toBe('intact');
    expect(ok.headline).toContain('record #41, 41 records');
    expect(ok.headline).toContain('(50 records now)');
    const reasons = ['missing', 'truncated', 'rewritten', 'broken'] as const;
    const said = reasons.map((reason) =>
      checkpointWords(
        { ok: false, reason, firstBrokenId: 9, detail: `detail of ${reason}`, checkpoint: summary },
        'en-GB',
      ),
    );
    for (const [i, words] of said.entries()) {
      expect(words.tone).toBe('alarm');
      expect(words.details).toContain(`detail of ${reasons[i]}`);
    }
    expect(said[0]?.headline).toContain('The trail is empty');
    expect(said[1]?.headline).toContain('record #41 is no longer in the trail');
    expect(said[2]?.headline).toContain('record #41 is there with another hash');
    expect(said[3]?.headline).toContain('broken at record #9');
  });

  it('names the checkpoint file by its day and record, and says what it covers', () => {
    const signed = {
      checkpoint: { ...summary, version: 1, keyId: 'k', clinicId: 'c', lastHash: 'h' },
      signature: 's',
      publicKey: 'p',
    } as AuditCheckpoint;
    expect(checkpointFileName(signed)).toBe('microcore-audit-checkpoint-2026-12-05-record-41.json');
    expect(checkpointSaved(signed, 'en-GB')).toMatch(
      /^Saved a checkpoint of record #41 \(41 records\)/,
    );
    const empty = { ...signed, checkpoint: { ...signed.checkpoint, lastId: null, records: 0 } };
    expect(checkpointSaved(empty, 'en-GB')).toMatch(/^Saved a checkpoint of the empty trail/);
  });
});

describe('an exported file in a few words', () => {
  it('a bundle and its resources; anything else said as such', () => {
    const bundle = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{}, {}, {}],
    });
    expect(bundleSummary(bundle, 'en-GB')).toBe('a FHIR Bundle (collection) of 3 resources');
    expect(bundleSummary(JSON.stringify({ resourceType: 'Patient' }))).toBe(
      'a FHIR Patient, not a Bundle',
    );
    expect(bundleSummary('{oops')).toBe('a file that is not JSON');
  });
});
