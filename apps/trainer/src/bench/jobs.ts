import type { BenchMode } from '@negmnist/results';
import type { BackendId } from '../backends/table';
import type { RunSpec } from '../config/experiment';

/** One measurement of ours, run by `dist/bench-child.cjs` in its own process. */
export interface OursJob {
  mode: BenchMode;
  /** A `--backend` value other than auto. */
  backend: BackendId;
  /** Scratch results directory (removed by the parent afterwards). */
  outDir: string;
  /** step/ensemble: models per step, timed steps and untimed warm-up steps. */
  k?: number;
  steps?: number;
  warmup?: number;
  /** protocol: epochs of the seed run. */
  epochs?: number;
  /** grid: the runs to train, as `negmnist grid` would. */
  runs?: RunSpec[];
  /** Intra-op threads per run of an intra-op backend (`--threads`; default: the trainer's `defaultThreads`). */
  threads?: number;
  /**
   * step/ensemble on the WGSL engine: the same session with timestamp queries, reporting the GPU time per step
   * (a `GpuTime`) instead of its wall time.
   */
  gpuTiming?: boolean;
}

/** What the child reports (its last stdout line). */
export interface OursResult {
  /** The backend that ran, as stored in the run records. */
  backend: { name: string; adapter?: string };
  /** Time in steps (step/ensemble: the timed steps; protocol: all but evaluations). */
  trainingMs: number;
  /** Time in evaluations (the time from a step's end to its evaluation's end). */
  evaluationMs: number;
  /** Timed SGD steps of each model. */
  steps: number;
  /** Timed steps x models per step, summed over ensembles. */
  modelSteps: number;
  /** Package versions the trainer stored in its records (engine versions included). */
  versions: Record<string, string>;
  /** Worker threads the trainer used (grid; 1 otherwise). */
  workers: number;
  /** `process.resourceUsage().maxRSS` at the end (worker threads included), MiB. */
  peakRssMiB: number;
}

/** A child's failure: `unavailable` when the backend is absent here (not a bench failure). */
export interface OursFailure {
  error: string;
  unavailable: boolean;
}

/**
 * The first `count` runs of a grid for a throughput test, covering its configurations before
 * repeating one (seed 0 of every configuration, then seed 1, ...), with `epochs` epochs each.
 */
export function gridSample(runs: readonly RunSpec[], count: number, epochs: number): RunSpec[] {
  const bySeed = [...runs].sort((a, b) => a.config.seed - b.config.seed);
  return bySeed.slice(0, count).map((run) => ({ ...run, experiment: 'bench', config: { ...run.config, epochs } }));
}

/** A run as the torch script's `--runs` item: `negative:hidden:seed` (negative 0 or 1). */
export function torchRunSpec(run: RunSpec): string {
  return `${run.config.negative ? 1 : 0}:${run.config.hidden}:${run.config.seed}`;
}
