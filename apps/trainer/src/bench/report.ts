import type { BlasInfo } from './blas';
import type { MachineInfo } from './machine';
import type { BenchMode, Row } from './table';
import type { TorchInfo } from './torch';

// The `--json` shape of `negmnist bench` (and the `.json` of `--save`): the files committed under
// experiments/bench/ and read by the site's /speed page (apps/site/lib/bench.ts checks the same fields).

/** What the bench was asked to measure (the flags, defaults filled). */
export interface BenchSettings {
  modes: BenchMode[];
  backends: string[];
  ks: number[];
  steps: number;
  warmup: number;
  epochs: number;
  runs: number;
  timeoutMs: number;
}

/** The PyTorch side: what the torch script reported with the BLAS it loaded, or why it was not measured. */
export type PytorchSide = (TorchInfo & { blas: BlasInfo }) | { skipped: string };

/** One `negmnist bench --json` report. */
export interface BenchReport {
  /** When the bench started measuring, ISO 8601 in UTC (`2026-12-04T18:20:00.000Z`). */
  measuredAt: string;
  machine: MachineInfo;
  settings: BenchSettings;
  /** Package versions on our side (negmnist, onnxruntime-node, @tensorflow/tfjs, …). */
  negmnist: Record<string, string>;
  pytorch: PytorchSide;
  rows: Row[];
}

/** The report of one bench invocation that started measuring at `startedAt` (the JSON key order: date first). */
export function benchReport(startedAt: Date, fields: Omit<BenchReport, 'measuredAt'>): BenchReport {
  const { machine, settings, negmnist, pytorch, rows } = fields;
  return { measuredAt: startedAt.toISOString(), machine, settings, negmnist, pytorch, rows };
}
