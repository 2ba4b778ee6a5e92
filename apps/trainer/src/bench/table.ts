/** What `negmnist bench` measures. */
export const benchModes = ['step', 'protocol', 'grid', 'ensemble'] as const;
/** One bench mode. */
export type BenchMode = (typeof benchModes)[number];

/** One measured (or skipped) configuration: one row of the table. */
export interface Measurement {
  mode: BenchMode;
  side: 'negmnist' | 'pytorch';
  /** What ran: our backend with its adapter, or the PyTorch device. */
  label: string;
  /** How it ran, e.g. `1 process x 1 thread`, `2 workers x 1 thread`. */
  setup: string;
  /** CPU threads the configuration uses in all (its processes x threads); 0 for a GPU. */
  threads: number;
  /** Models trained per step (the ensemble size; 1 otherwise). */
  k: number;
  /** Spawn to exit of the measured process(es), imports and data loading included. */
  wallMs?: number;
  /** Time in SGD steps (protocol: everything but evaluations, records and checkpoints included). */
  trainingMs?: number;
  /** Time in evaluations on the validation set (protocol and grid). */
  evaluationMs?: number;
  /** SGD steps of each model. */
  steps?: number;
  /** Steps per second of training time (grid: of wall time, all runs together). */
  stepsPerSecond?: number;
  /** stepsPerSecond x models per step. */
  modelStepsPerSecond?: number;
  /** Peak resident memory of the largest process (VmHWM / ru_maxrss), MiB. */
  peakRssMiB?: number;
  /** Why the row has no numbers. */
  skipped?: string;
}

/** A row with its speed relative to PyTorch. */
export interface Row extends Measurement {
  /** PyTorch's time / ours for the same work (above 1: ours faster); PyTorch rows: undefined. */
  vsPytorch?: number;
  /** The PyTorch row the ratio was taken against. */
  vsPytorchLabel?: string;
}

/** The rate a mode is judged by: protocol by wall time, the others by model-steps per second. */
function rate(m: Measurement): number | undefined {
  if (m.skipped !== undefined) return undefined;
  if (m.mode === 'protocol') return m.wallMs === undefined || m.wallMs <= 0 ? undefined : 1 / m.wallMs;
  return m.modelStepsPerSecond;
}

/**
 * Adds the ratio to PyTorch to every negmnist row: against the PyTorch row of the same mode and
 * ensemble size that uses the same number of CPU threads (`threads` 0: a GPU row, so PyTorch on
 * CUDA), else against PyTorch's fastest such row.
 */
export function withRatios(measurements: readonly Measurement[]): Row[] {
  return measurements.map((m) => {
    const ours = rate(m);
    if (m.side !== 'negmnist' || ours === undefined) return { ...m };
    const peers = measurements.filter((p) => p.side === 'pytorch' && p.mode === m.mode && p.k === m.k && rate(p) !== undefined);
    const sameThreads = peers.filter((p) => p.threads === m.threads);
    const pool = sameThreads.length > 0 ? sameThreads : peers;
    const best = pool.reduce<Measurement | undefined>((a, p) => (a === undefined || (rate(p) ?? 0) > (rate(a) ?? 0) ? p : a), undefined);
    if (best === undefined) return { ...m };
    return { ...m, vsPytorch: ours / (rate(best) as number), vsPytorchLabel: `${best.label}, ${best.setup}` };
  });
}

const ms = (v: number | undefined): string => (v === undefined ? '' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v >= 100 ? 0 : 1)} ms`);
const num = (v: number | undefined): string => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Column titles of {@link formatTable}. */
export const TABLE_COLUMNS = ['mode', 'K', 'side', 'backend / device', 'setup', 'wall', 'training', 'evaluation', 'steps/s', 'model-steps/s', 'vs PyTorch', 'peak RSS'] as const;

/** The rows as one markdown table (readable in a terminal too); skipped rows say why. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [`| ${TABLE_COLUMNS.join(' | ')} |`, `| ${TABLE_COLUMNS.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const cells =
      r.skipped !== undefined
        ? [r.mode, String(r.k), r.side, r.label, r.setup, `skipped: ${r.skipped}`, '', '', '', '', '', '']
        : [
            r.mode,
            String(r.k),
            r.side,
            r.label,
            r.setup,
            ms(r.wallMs),
            ms(r.trainingMs),
            ms(r.evaluationMs),
            num(r.stepsPerSecond),
            num(r.modelStepsPerSecond),
            r.vsPytorch === undefined ? '' : `${r.vsPytorch.toFixed(r.vsPytorch < 0.095 ? 3 : 2)}x`,
            r.peakRssMiB === undefined ? '' : `${r.peakRssMiB.toFixed(0)} MiB`,
          ];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '/')).join(' | ')} |`);
  }
  return lines.join('\n');
}
