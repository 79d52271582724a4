import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, run between timed runs so that one sampler's garbage is not
 * collected on the next one's clock. `npm run bench` starts node without `--expose-gc`, so the
 * flag is set at run time and the function taken from a fresh context, where V8 then installs it.
 */
export const forceGc: () => void = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
