import { sha1 } from './sha1.js';

/**
 * Resource ids. A bundle entry's fullUrl must be `urn:uuid:<uuid>`, and the export must be
 * deterministic, so ids are never random: a record id that already is a UUID is used as it is
 * (lower case), anything else (and every derived resource: an Observation per zone, a Device
 * per gauge) gets a name-based UUID (version 5) from its kind and key.
 */

/** Namespace for the name-based UUIDs: uuidv5(URL namespace, "https://microcore.dev/fhir"). */
export const MICROCORE_UUID_NAMESPACE = '39657f5f-2e9c-582e-824c-b49bc9ab75f0';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 9562 §5.5: SHA-1 of namespace bytes + UTF-8 name, version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(uuidBytes(namespace));
  input.set(nameBytes, 16);
  const hash = sha1(input).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return formatUuid(hash);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The resource id of a record (`patient`, `session`, …) or of a derived resource (`kind`, key). */
export function resourceId(kind: string, key: string): string {
  return isUuid(key) ? key.toLowerCase() : uuidV5(MICROCORE_UUID_NAMESPACE, `${kind}/${key}`);
}

/** A resource id derived from its kind and key, never the key itself. */
export function derivedId(kind: string, key: string): string {
  return uuidV5(MICROCORE_UUID_NAMESPACE, `${kind}/${key}`);
}

export function fullUrl(id: string): string {
  return `urn:uuid:${id}`;
}
