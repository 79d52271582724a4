import type { DeliveredCore, DeliveryState } from './types.js';

/**
 * The session's cores in chunks of CORE_CHUNK: core id k is cores[k / CORE_CHUNK][k % CORE_CHUNK].
 * The state is a value (an event gives a new one, the old stays valid), so a change copies what
 * it touches: with one flat list every outcome copied the whole session's 12,000 cores, and
 * collecting that garbage was most of the guard's time (measured: docs/delivery.md). Chunked, an
 * outcome copies one chunk and the list of chunks.
 */
export const CORE_CHUNK = 256;

export type CoreChunks = readonly (readonly DeliveredCore[])[];

export function coreCount(chunks: CoreChunks): number {
  return chunks.length === 0
    ? 0
    : (chunks.length - 1) * CORE_CHUNK + chunks[chunks.length - 1].length;
}

/** The core with this id, or undefined. */
export function coreAt(chunks: CoreChunks, id: number): DeliveredCore | undefined {
  return chunks[Math.floor(id / CORE_CHUNK)]?.[id % CORE_CHUNK];
}

/** Every core fired in a session, in firing order (id = index). */
export function deliveredCores(state: DeliveryState): DeliveredCore[] {
  return state.cores.flat();
}

export function appendCores(chunks: CoreChunks, cores: readonly DeliveredCore[]): CoreChunks {
  if (cores.length === 0) return chunks;
  const out = chunks.slice();
  let last =
    out.length > 0 && out[out.length - 1].length < CORE_CHUNK ? out.pop()?.slice() : undefined;
  for (const core of cores) {
    if (last === undefined) last = [];
    last.push(core);
    if (last.length === CORE_CHUNK) {
      out.push(last);
      last = undefined;
    }
  }
  if (last !== undefined) out.push(last);
  return out;
}

export function replaceCore(chunks: CoreChunks, core: DeliveredCore): CoreChunks {
  const c = Math.floor(core.id / CORE_CHUNK);
  const chunk = chunks[c].slice();
  chunk[core.id % CORE_CHUNK] = core;
  const out = chunks.slice();
  out[c] = chunk;
  return out;
}
