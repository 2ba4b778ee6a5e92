import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { benchFileSchema } from '@negmnist/results';
import type { BenchFile } from '@negmnist/results';
import { loadJsonFile } from './json-file';

// `negmnist bench --save` tables (the `--json` shape), read at build time from experiments/bench/ where
// they are committed, with @negmnist/results' `benchFileSchema`: the schema whose type the bench writes.

/** `experiments/bench/` of the repository, from the app directory the build runs in. */
export function benchDir(cwd: string = process.cwd()): string {
  return path.resolve(cwd, '../../experiments/bench');
}

/** A bench file: its name (without `.json`) and contents, or why it could not be read. */
export type BenchTable = { name: string; data: BenchFile } | { name: string; error: string };

/**
 * Every `*.json` under `dir`, validated; the names in `first` lead in that order, the rest follow by
 * name. A malformed file comes back with its error (the page says so), a missing directory as none.
 */
export async function loadBenchTables(dir: string, first: readonly string[] = []): Promise<BenchTable[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const rank = (name: string): number => (first.includes(name) ? first.indexOf(name) : first.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Promise.all(
    names.map(async (name): Promise<BenchTable> => {
      const loaded = await loadJsonFile(path.join(dir, `${name}.json`), benchFileSchema);
      return 'error' in loaded ? { name, error: loaded.error } : { name, data: loaded.data };
    }),
  );
}

/** The machine line of a table: "AMD EPYC, 2 cores, 23.5 GiB, linux …, Node v20.20.2, load average 0.4". */
export function machineLine(file: BenchFile): string {
  const m = file.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${m.loadAverage.toFixed(2)}`;
}

/** The PyTorch side: version, Python, the BLAS it loaded, CUDA; or why it was not measured. */
export function pytorchLine(file: BenchFile): string {
  const p = file.pytorch;
  if ('skipped' in p) return `PyTorch not measured: ${p.skipped}`;
  const { library } = p.blas;
  const blas = `${p.blas.name}${library === undefined ? '' : ` (${library})`}${p.blas.reference ? ', the netlib reference BLAS' : ''}`;
  return `torch ${p.torch}, Python ${p.python}, BLAS ${blas}${p.cuda === null ? '' : `, CUDA device ${p.cuda}`}`;
}

/** A rate with 3 significant digits ("1214", "31.7", "0.53"). */
export function rate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return value >= 100 ? String(Math.round(value)) : value.toPrecision(3);
}
