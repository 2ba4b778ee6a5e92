import type { BenchRow } from '@negmnist/results';

// A bench row's shape is @negmnist/results' `benchRowSchema` (the committed files and the site parse with it).

/** One measured (or skipped) configuration before its ratio to PyTorch is known. */
export type Measurement = Omit<BenchRow, 'vsPytorch' | 'vsPytorchLabel'>;

/** The rate a mode is judged by: protocol by wall time, the others by model-steps per second. */
function rate(m: Measurement): number | undefined {
  if (m.skipped !== undefined) return undefined;
  if (m.mode === 'protocol') return m.wallMs === undefined || m.wallMs <= 0 ? undefined : 1 / m.wallMs;
  return m.modelStepsPerSecond;
}

/**
 * Adds the ratio to PyTorch to every negmnist row: against the fastest PyTorch row of the same mode and
 * ensemble size that uses the same number of CPU threads (`threads` 0: a GPU row, so PyTorch on CUDA,
 * eager or as a CUDA graph), else against PyTorch's fastest such row.
 */
export function withRatios(measurements: readonly Measurement[]): BenchRow[] {
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
const gpuMs = (v: number | undefined): string => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** Column titles of {@link formatTable}. */
export const TABLE_COLUMNS = ['mode', 'K', 'side', 'backend / device', 'setup', 'wall', 'training', 'evaluation', 'steps/s', 'model-steps/s', 'GPU ms/step', 'vs PyTorch', 'peak RSS'] as const;

/** The rows as one markdown table (readable in a terminal too); skipped rows say why. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [`| ${TABLE_COLUMNS.join(' | ')} |`, `| ${TABLE_COLUMNS.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const head = [r.mode, String(r.k), r.side, r.label, r.setup];
    const cells =
      r.skipped !== undefined
        ? [...head, `skipped: ${r.skipped}`, ...TABLE_COLUMNS.slice(head.length + 1).map(() => '')]
        : [
            ...head,
            ms(r.wallMs),
            ms(r.trainingMs),
            ms(r.evaluationMs),
            num(r.stepsPerSecond),
            num(r.modelStepsPerSecond),
            gpuMs(r.gpuMsPerStep),
            r.vsPytorch === undefined ? '' : `${r.vsPytorch.toFixed(r.vsPytorch < 0.095 ? 3 : 2)}x`,
            r.peakRssMiB === undefined ? '' : `${r.peakRssMiB.toFixed(0)} MiB`,
          ];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '/')).join(' | ')} |`);
  }
  return lines.join('\n');
}
