import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOrCreateAuditKeyFile } from '../src/auditKey.js';

/**
 * A key file that others can read or write would let them forge checkpoints (or read the key):
 * one that is not private to the server's user is refused with what to do.
 */
describe('the audit key file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'microcore-key-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is created private (0600) and read back as the same key', () => {
    const path = join(folder, 'created.audit-key.pem');
    const created = readOrCreateAuditKeyFile(path);
    expect(created.created).toBe(true);
    const again = readOrCreateAuditKeyFile(path);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(created.key.keyId);
  });

  it('one open to other users (placed there first, or loosened later) is refused', () => {
    const path = join(folder, 'loose.audit-key.pem');
    readOrCreateAuditKeyFile(path);
    for (const mode of [0o644, 0o640, 0o606, 0o660]) {
      chmodSync(path, mode);
      expect(() => readOrCreateAuditKeyFile(path)).toThrow(/chmod 600/);
    }
    chmodSync(path, 0o600);
    expect(() => readOrCreateAuditKeyFile(path)).not.toThrow();
  });
});
