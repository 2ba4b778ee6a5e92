import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadJsonFile } from './json-file';

// `negmnist bench --save` tables (the `--json` shape), read at build time from experiments/bench/ where
// they are committed. Their shape is checked here, the site's one reader of them.

/** `experiments/bench/` of the repository, from the app directory the build runs in. */
export function benchDir(cwd: string = process.cwd()): string {
  return path.resolve(cwd, '../../experiments/bench');
}

const row = z.object({
  mode: z.string(),
  side: z.enum(['negmnist', 'pytorch']),
  label: z.string(),
  setup: z.string(),
  k: z.number().int(),
  wallMs: z.number().optional(),
  trainingMs: z.number().optional(),
  evaluationMs: z.number().optional(),
  stepsPerSecond: z.number().optional(),
  modelStepsPerSecond: z.number().optional(),
  peakRssMiB: z.number().optional(),
  /** PyTorch's time / ours for the same work (above 1: ours faster). */
  vsPytorch: z.number().optional(),
  vsPytorchLabel: z.string().optional(),
  skipped: z.string().optional(),
});
export type BenchRow = z.infer<typeof row>;

/** An ISO 8601 timestamp with its offset (`2026-12-04T18:20:05.123Z`, `2026-11-27T13:20:51+00:00`). */
const timestamp = z.iso.datetime({ offset: true });

/**
 * One `negmnist bench --save <name>` JSON file (the trainer's `BenchReport`, apps/trainer/src/bench/report.ts).
 * Dated by `measuredAt` (written by the bench since it had the field) or, for files from before, by
 * `committedAt` (backfilled from git: see experiments/bench/README.md); neither in older files elsewhere.
 */
export const benchFileSchema = z.object({
  /** When the bench started measuring. */
  measuredAt: timestamp.optional(),
  /** Files from before `measuredAt`: when the commit that wrote their numbers was made (measured then or before). */
  committedAt: timestamp.optional(),
  machine: z.object({ cpu: z.string(), cores: z.number().int(), memoryGiB: z.number(), os: z.string(), node: z.string(), loadAverage: z.number() }),
  settings: z.object({ modes: z.array(z.string()), steps: z.number(), warmup: z.number(), epochs: z.number(), runs: z.number() }).passthrough(),
  negmnist: z.record(z.string(), z.string()),
  pytorch: z.union([
    z.object({
      torch: z.string(),
      python: z.string(),
      cuda: z.string().nullable(),
      // the bench leaves `library` out when no BLAS library was mapped (a statically linked MKL)
      blas: z.object({ name: z.string(), library: z.string().nullish(), reference: z.boolean() }),
    }).passthrough(),
    z.object({ skipped: z.string() }),
  ]),
  rows: z.array(row),
});
export type BenchFile = z.infer<typeof benchFileSchema>;

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
  const library = p.blas.library ?? undefined;
  const blas = `${p.blas.name}${library === undefined ? '' : ` (${library})`}${p.blas.reference ? ', the netlib reference BLAS' : ''}`;
  return `torch ${p.torch}, Python ${p.python}, BLAS ${blas}${p.cuda === null ? '' : `, CUDA device ${p.cuda}`}`;
}

/** A rate with 3 significant digits ("1214", "31.7", "0.53"). */
export function rate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return value >= 100 ? String(Math.round(value)) : value.toPrecision(3);
}
