import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The commit the measured code came from, and whether the measured package had uncommitted
 * changes (benchmarks are often run on work in progress). Undefined outside a git checkout.
 */
export function describeRevision(packageDir: string): string | undefined {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const git = (...args: string[]): string | undefined => {
    const result = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  if (commit === undefined) return undefined;
  const dirty = (git('status', '--porcelain', '--', packageDir) ?? '') !== '';
  return dirty ? `${commit} + uncommitted changes in ${packageDir}` : commit;
}
