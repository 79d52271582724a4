import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../src/hash/hmacSha256.js';
import { sha256 } from '../src/hash/sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string) => new TextEncoder().encode(text);
const repeat = (byte: number, n: number) => new Uint8Array(n).fill(byte);
/** n bytes that are not all alike, the same on every run. */
const pattern = (n: number, seed = 7) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
/** Every length from 0 to 200 bytes: inside one block, at its edges (55, 56, 64) and beyond. */
const LENGTHS = Array.from({ length: 201 }, (_, n) => n);

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(hex(sha256(ascii('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // 448 bits: the padding no longer fits in the block and spills into a second one.
    expect(hex(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex(sha256(repeat(0x61, 1_000_000)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with node:crypto on every length from 0 to 200 bytes', () => {
    for (const n of LENGTHS) {
      expect(hex(sha256(pattern(n))), `${n} bytes`).toBe(
        createHash('sha256').update(pattern(n)).digest('hex'),
      );
    }
  });

  it('agrees with node:crypto on any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        expect(hex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('hmacSha256', () => {
  // RFC 4231 §4.2–4.8.
  const cases: { key: Uint8Array; data: Uint8Array; mac: string }[] = [
    {
      key: repeat(0x0b, 20),
      data: ascii('Hi There'),
      mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    },
    {
      key: ascii('Jefe'),
      data: ascii('what do ya want for nothing?'),
      mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    },
    {
      key: repeat(0xaa, 20),
      data: repeat(0xdd, 50),
      mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    },
    {
      key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      data: repeat(0xcd, 50),
      mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    },
    // §4.6 publishes only the first 128 bits.
    {
      key: repeat(0x0c, 20),
      data: ascii('Test With Truncation'),
      mac: 'a3b6167473100ee06e0c796c2955552b',
    },
    {
      key: repeat(0xaa, 131),
      data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
      mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    },
    {
      key: repeat(0xaa, 131),
      data: ascii(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    },
  ];

  it.each(cases.map((c, i) => [i + 1, c] as const))('gives RFC 4231 test case %i', (_, c) => {
    expect(hex(hmacSha256(c.key, c.data)).slice(0, c.mac.length)).toBe(c.mac);
  });

  it('agrees with node:crypto for every key and message length from 0 to 200 bytes', () => {
    // Keys of 64 bytes fill the block; from 65 bytes they are hashed first.
    for (const n of LENGTHS) {
      const data = pattern(n, 3);
      const key = pattern(n, 5);
      expect(hex(hmacSha256(key, ascii('message'))), `${n}-byte key`).toBe(
        createHmac('sha256', key).update('message').digest('hex'),
      );
      expect(hex(hmacSha256(ascii('key'), data)), `${n}-byte message`).toBe(
        createHmac('sha256', 'key').update(data).digest('hex'),
      );
    }
  });

  it('agrees with node:crypto on any key and message (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 150 }),
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        (key, data) => {
          expect(hex(hmacSha256(key, data))).toBe(
            createHmac('sha256', key).update(data).digest('hex'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
