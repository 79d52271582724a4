import os from 'node:os';

/** The machine a run happened on, for the RESULTS.md sections (figures only compare within one). */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly logicalCores: number;
  readonly totalMemoryGiB: number;
  readonly nodeVersion: string;
  readonly os: string;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    logicalCores: cpus.length,
    totalMemoryGiB: os.totalmem() / 1024 ** 3,
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function formatMachine(machine: MachineInfo): string {
  return (
    `${machine.cpuModel}, ${machine.logicalCores} logical cores, ` +
    `${machine.totalMemoryGiB.toFixed(1)} GiB RAM, Node ${machine.nodeVersion}, ${machine.os}`
  );
}
