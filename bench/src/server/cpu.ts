import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of processes, from Linux's /proc/<pid>/stat (user + system clock ticks): what the
 * server, the PostgreSQL backends and the load generator each spend per request, measured over
 * the same run. Elsewhere than Linux it measures nothing (undefined), and the bench says so.
 */
const CLOCK_TICKS_PER_SECOND = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim();
  const ticks = Number(out);
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

interface Stat {
  readonly parentPid: number;
  readonly cpuSeconds: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state (0), ppid (1), …, utime (11), stime (12), and the same for its
    // children that have exited (13, 14): a backend that ends during a row still counts.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { parentPid: Number(fields[1]), cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined; // the process is gone
  }
}

/** A process and, with `withChildren`, its direct children (PostgreSQL's backends). */
export function processTree(pid: number, withChildren: boolean): number[] {
  if (!withChildren || !existsSync('/proc')) return [pid];
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => readStat(child)?.parentPid === pid);
  return [pid, ...children];
}

/** CPU seconds used so far by each of these processes; empty where /proc is not there. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const snapshot = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) snapshot.set(pid, stat.cpuSeconds);
  }
  return snapshot;
}

/**
 * CPU seconds spent between two snapshots; a process that started in between counts from zero.
 * Undefined when nothing could be read (not Linux).
 */
export function cpuSpent(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number | undefined {
  if (after.size === 0) return undefined;
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
