import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU seconds the whole machine has spent busy (every process, every core), from the first line
 * of Linux's /proc/stat; undefined elsewhere. Against what the bench's own processes spent over
 * the same window it tells how much else ran meanwhile: on a shared machine, the noise.
 */
/** USER_HZ: /proc/stat counts in 1/100 s on Linux whatever the kernel's tick. */
const TICKS_PER_SECOND = 100;

export function machineBusySeconds(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is within user).
  const [user, nice, system, , , irq, softirq, steal] = first
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
