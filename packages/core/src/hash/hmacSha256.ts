import { SHA256_BLOCK_BYTES, sha256 } from './sha256.js';

const INNER_PAD = 0x36;
const OUTER_PAD = 0x5c;

/**
 * HMAC-SHA-256 (RFC 2104, FIPS 198-1): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)), with a key
 * longer than the 64-byte block hashed first. Checked against RFC 4231's test vectors.
 */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(SHA256_BLOCK_BYTES);
  block.set(key.length > SHA256_BLOCK_BYTES ? sha256(key) : key);
  const inner = new Uint8Array(SHA256_BLOCK_BYTES + message.length);
  const outer = new Uint8Array(SHA256_BLOCK_BYTES + 32);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    inner[i] = block[i] ^ INNER_PAD;
    outer[i] = block[i] ^ OUTER_PAD;
  }
  inner.set(message, SHA256_BLOCK_BYTES);
  outer.set(sha256(inner), SHA256_BLOCK_BYTES);
  return sha256(outer);
}
