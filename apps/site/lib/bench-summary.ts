import type { BenchFile, BenchRow } from '@negmnist/results';
import type { BenchTable } from './bench';

// The /speed page's summary: one answer per question, read from the committed bench tables (each
// ratio is a row's own `vsPytorch`, never retyped), and each table named in words from its fields.

/** A question the bench tables answer, by the mode that measures it. */
export interface BenchQuestion {
  mode: string;
  title: string;
  /** What the mode times, in one sentence. */
  what: string;
  /** Answered by a table measured against PyTorch on CUDA (true) or on the CPU (false). */
  gpu: boolean;
}

/** The questions the page leads with, in order. */
export const BENCH_QUESTIONS: readonly BenchQuestion[] = [
  { mode: 'protocol', title: 'One seed run', what: 'One run of the seed protocol on real MNIST with its evaluation schedule, wall time from process start.', gpu: false },
  { mode: 'grid', title: 'A seed grid', what: 'Several runs of the seed grid at once on every core, in model-steps per second.', gpu: false },
  { mode: 'ensemble', title: 'GPU ensembles', what: 'K models trained per step on one GPU, in model-steps per second, for K from 1 up.', gpu: true },
];

/** One measured configuration of ours with its ratio to PyTorch. */
export interface SummaryRow {
  /** Index of the row in its file's `rows`. */
  row: number;
  /** Our engine, e.g. `onnx-cpu`. */
  engine: string;
  /** Processes and threads, as the bench wrote them. */
  setup: string;
  /** Models per step. */
  k: number;
  /** PyTorch's time / ours for the same work (above 1: ours faster). */
  ratio: number;
  /** The PyTorch configuration it is compared with. */
  against: string;
}

/** The answer to one question: the table it comes from and its rows, or none when no table measures it. */
export type BenchSummary =
  | { question: BenchQuestion; table: string; file: BenchFile; rows: SummaryRow[] }
  | { question: BenchQuestion; table: null };

/** Our engine's name from a row label: `onnx-cpu (onnxruntime-node 1.30.0, 1 intra-op thread)` → `onnx-cpu`. */
export function engineName(label: string): string {
  return label.replace(/\s*\(.*$/, '');
}

const measuredRows = (file: BenchFile, mode: string): SummaryRow[] =>
  file.rows.flatMap((r: BenchRow, row) =>
    r.mode === mode && r.side === 'negmnist' && r.skipped === undefined && r.vsPytorch !== undefined
      ? [{ row, engine: engineName(r.label), setup: r.setup, k: r.k, ratio: r.vsPytorch, against: r.vsPytorchLabel ?? 'PyTorch' }]
      : [],
  );

/**
 * For each question, the first table (in `tables`' order: lead with the current ones) that measures
 * its mode against PyTorch on the right device, with every row of ours that has a ratio.
 */
export function benchSummaries(tables: readonly BenchTable[], questions: readonly BenchQuestion[] = BENCH_QUESTIONS): BenchSummary[] {
  return questions.map((question) => {
    for (const table of tables) {
      if ('error' in table) continue;
      const onGpu = !('skipped' in table.data.pytorch) && table.data.pytorch.cuda !== null;
      if (onGpu !== question.gpu) continue;
      const rows = measuredRows(table.data, question.mode);
      if (rows.length > 0) return { question, table: table.name, file: table.data, rows };
    }
    return { question, table: null };
  });
}

/** A ratio as the page writes it: 2 decimals from 1 up, else 3 significant digits ("1.33x", "0.0528x"). */
export function ratioText(ratio: number): string {
  return `${ratio >= 1 ? ratio.toFixed(2) : ratio.toPrecision(3)}x`;
}

/** A ratio in words, the faster side first: "ours 1.33 times as fast as PyTorch", "PyTorch 18.9 times as fast as ours". */
export function ratioWords(ratio: number): string {
  const times = (r: number) => (r >= 10 ? r.toFixed(0) : r.toFixed(r >= 1.995 ? 1 : 2));
  return ratio >= 1 ? `ours ${times(ratio)} times as fast as PyTorch` : `PyTorch ${times(1 / ratio)} times as fast as ours`;
}

const MODE_WORDS: Record<string, string> = { step: 'single steps', protocol: 'one seed run', grid: 'a seed grid', ensemble: 'ensembles' };

/** The engines a table measured (not the ones it skipped), in row order. */
export function measuredEngines(file: BenchFile): string[] {
  return [...new Set(file.rows.filter((r) => r.side === 'negmnist' && r.skipped === undefined).map((r) => engineName(r.label)))];
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * When a table was measured, in words: "measured 2026-12-04" from its `measuredAt`, else "committed
 * 2026-11-27" from a backfilled `committedAt` (the measurement was made then or before), else
 * undefined. The day is the timestamp's own calendar date (the bench writes UTC).
 */
export function measurementDate(file: BenchFile): string | undefined {
  if (file.measuredAt !== undefined) return `measured ${file.measuredAt.slice(0, 10)}`;
  if (file.committedAt !== undefined) return `committed ${file.committedAt.slice(0, 10)}`;
  return undefined;
}

/**
 * A bench table named in words from its own fields: engines, machine (the GPU when PyTorch ran on
 * CUDA), what it measured, its date and the load, e.g. "onnx-cpu on AMD EPYC, 2 cores: single steps,
 * one seed run and a seed grid, measured 2026-12-04 (load average 2.03)". A file with no date
 * leaves it out; the file name is shown beside.
 */
export function measurementName(file: BenchFile): string {
  const engines = measuredEngines(file);
  const cuda = 'skipped' in file.pytorch ? null : file.pytorch.cuda;
  const cpu = `${file.machine.cpu}, ${file.machine.cores} cores`;
  const machine = cuda === null ? cpu : `${cuda} (host: ${cpu})`;
  const modes = list(file.settings.modes.map((mode) => MODE_WORDS[mode] ?? mode));
  const date = measurementDate(file);
  return `${engines.length > 0 ? list(engines) : 'nothing of ours'} on ${machine}: ${modes}${date === undefined ? '' : `, ${date}`} (load average ${file.machine.loadAverage.toFixed(2)})`;
}
