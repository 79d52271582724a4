import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SYSTEM_PYTHON } from './params.js';

/**
 * Debian's Python and its packages: check that a module imports, install its Debian package when
 * it does not (as root, with apt-get), and run the bench's scripts (bench/python/*.py) in a child
 * process with a wall-clock guard.
 */

export interface PythonPeer {
  /** What the import check prints (versions), or undefined when the peer cannot run. */
  readonly versions: string | undefined;
  /** Why it cannot run (then the comparison is reported as skipped). */
  readonly skipReason?: string;
  /** What the bench did to get it (an apt-get install), for the report. */
  readonly notes: readonly string[];
}

export interface PeerSpec {
  /** Python code that imports the peer and prints its versions on one line. */
  readonly importCheck: string;
  readonly debianPackage: string;
}

const APT_TIMEOUT_MS = 15 * 60_000;

export function ensurePythonPeer(spec: PeerSpec, log: (line: string) => void): PythonPeer {
  const notes: string[] = [];
  const check = (): { ok: boolean; output: string } => {
    if (!existsSync(SYSTEM_PYTHON)) return { ok: false, output: `${SYSTEM_PYTHON} not found` };
    const run = spawnSync(SYSTEM_PYTHON, ['-c', spec.importCheck], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = (run.status === 0 ? run.stdout : run.stderr || String(run.error ?? ''))
      .trim()
      .split('\n')
      .pop();
    return { ok: run.status === 0, output: output ?? '' };
  };
  const first = check();
  if (first.ok) return { versions: first.output, notes };

  log(`  ${spec.debianPackage}: not importable (${first.output}); installing it with apt-get`);
  if (process.getuid?.() !== 0) {
    return {
      versions: undefined,
      skipReason: `${spec.debianPackage} is not installed (${first.output}) and the bench is not root, so it cannot apt-get install it`,
      notes,
    };
  }
  const apt = (...args: string[]) => {
    const run = spawnSync('apt-get', args, {
      encoding: 'utf8',
      timeout: APT_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 ** 2,
    });
    const tail = (run.stderr || run.stdout || String(run.error ?? '')).trim().split('\n').pop();
    return { ok: run.status === 0, tail: tail ?? '' };
  };
  let install = apt('install', '-y', spec.debianPackage);
  if (!install.ok) {
    log(`  apt-get install failed (${install.tail}); running apt-get update and trying again`);
    const update = apt('update');
    notes.push(`ran \`apt-get update\`${update.ok ? '' : ` (failed: ${update.tail})`}`);
    install = apt('install', '-y', spec.debianPackage);
  }
  if (!install.ok) {
    return {
      versions: undefined,
      skipReason: `${spec.debianPackage} was missing and \`apt-get install -y ${spec.debianPackage}\` failed: ${install.tail}`,
      notes,
    };
  }
  const second = check();
  if (!second.ok) {
    return {
      versions: undefined,
      skipReason: `installed ${spec.debianPackage}, but the import still fails: ${second.output}`,
      notes,
    };
  }
  notes.push(`the bench installed \`${spec.debianPackage}\` with \`apt-get install -y\``);
  log(`  installed ${spec.debianPackage}: ${second.output}`);
  return { versions: second.output, notes };
}

export interface ScriptRun {
  /** The last JSON line the script printed with `"result"` in it, if it finished. */
  readonly result?: Record<string, unknown>;
  /** Its last `"progress"` line (for a lower bound when it was stopped). */
  readonly progress?: Record<string, unknown>;
  readonly timedOut: boolean;
  readonly wallMs: number;
  readonly error?: string;
}

/** Path of a script in bench/python (from bench/dist/elasticity/*.js). */
export function pythonScript(name: string): string {
  return fileURLToPath(new URL(`../../python/${name}`, import.meta.url));
}

/** Runs a bench script under Debian's Python; it prints JSON lines, `{"progress": …}` and `{"result": …}`. */
export function runPythonScript(
  script: string,
  args: readonly string[],
  timeoutMs: number,
): ScriptRun {
  const start = Date.now();
  const run = spawnSync(SYSTEM_PYTHON, [pythonScript(script), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 ** 2,
  });
  const wallMs = Date.now() - start;
  const lines = (run.stdout ?? '').split('\n').filter((l) => l.startsWith('{'));
  const parsed = lines.flatMap((line): Record<string, unknown>[] => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  const last = (key: string) =>
    parsed
      .filter((p) => key in p)
      .map((p) => p[key] as Record<string, unknown>)
      .pop();
  const timedOut = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const result = last('result');
  const stderrTail = (run.stderr ?? '').trim().split('\n').pop() ?? '';
  const error =
    result !== undefined
      ? undefined
      : timedOut
        ? `stopped by the ${(timeoutMs / 1000).toFixed(0)} s guard`
        : run.error
          ? run.error.message
          : `exit ${run.status ?? run.signal}: ${stderrTail}`;
  return { result, progress: last('progress'), timedOut, wallMs, error };
}
