import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from './schema';
import { writeFileAtomic } from './store-atomic';
import { ResultsSchemaError } from './store-errors';
import { parseRunRecord, parseRunRecordText } from './store-parse';

/** File name of a run record inside its run directory. */
export const RECORD_FILE = 'record.json';

/** One run found in a results directory. */
export interface RunEntry {
  /** The run's directory, `<results>/<experiment>/<run-id>`. */
  dir: string;
  record: RunRecord;
}

/** Options of `listRuns`. */
export interface ListRunsOptions {
  /**
   * Called for each malformed record, which is then skipped. Default: none, and the first malformed
   * record throws its `ResultsSchemaError`.
   */
  onInvalid?: (error: ResultsSchemaError) => void;
}

/** `<results>/<experiment>/<run-id>`: where a run's record and checkpoint live. */
export function runDirectory(resultsDir: string, experiment: string, runId: string): string {
  return join(resultsDir, experiment, runId);
}

/** Validates `record` and writes it atomically to `<results>/<experiment>/<id>/record.json`; returns that path. */
export async function writeRecord(resultsDir: string, record: RunRecord): Promise<string> {
  const dir = runDirectory(resultsDir, record.experiment, record.id);
  const file = join(dir, RECORD_FILE);
  // Validate before writing so a bug never puts a record on disk that readers would reject.
  parseRunRecord(record, file);
  await writeFileAtomic(file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}

/** Reads and validates `<runDir>/record.json`; `undefined` when the run has no record yet. */
export async function readRun(runDir: string): Promise<RunRecord | undefined> {
  const file = join(runDir, RECORD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseRunRecordText(text, file);
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

async function collect(dir: string, depth: number, out: string[]): Promise<void> {
  if (await isFile(join(dir, RECORD_FILE))) {
    out.push(dir);
    return;
  }
  if (depth === 0) return;
  for (const sub of await subdirectories(dir)) await collect(sub, depth - 1, out);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Every run under `dir`, which may be a results root (`results/`), one experiment
 * (`results/seed/`) or one run directory. Sorted by path. An absent `dir` holds no runs.
 */
export async function listRuns(dir: string, options: ListRunsOptions = {}): Promise<RunEntry[]> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return [];
  const dirs: string[] = [];
  await collect(dir, 2, dirs);
  const runs: RunEntry[] = [];
  for (const runDir of dirs) {
    try {
      const record = await readRun(runDir);
      if (record !== undefined) runs.push({ dir: runDir, record });
    } catch (error) {
      if (!(error instanceof ResultsSchemaError) || options.onInvalid === undefined) throw error;
      options.onInvalid(error);
    }
  }
  return runs;
}
