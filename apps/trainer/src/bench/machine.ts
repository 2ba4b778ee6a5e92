import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchMachine } from '@negmnist/results';

/** Describes this machine, for the table header and the JSON. */
export function machineInfo(): BenchMachine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** One line naming the machine, with a warning when it was busy. */
export function describeMachine(m: BenchMachine): string {
  const busy = m.loadAverage > m.cores * 0.5 ? ` (load average ${m.loadAverage} on ${m.cores} cores: timings under load)` : ` (load average ${m.loadAverage})`;
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${busy}`;
}
