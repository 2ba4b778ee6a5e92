import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '@negmnist/results';
import { listExplanations, listRuns, RECORD_FILE } from '@negmnist/results/store';
import type { ExplanationEntry } from '@negmnist/results/store';

/** A `record.json` the build skipped, with the reason shown on the page. */
export interface SkippedRecord {
  /** Path relative to the results directory, e.g. `quick/neg-s0/record.json`. */
  file: string;
  /** Why it was skipped: the first bad field of the record (or invalid JSON), or a duplicate run. */
  reason: string;
}

/** Everything the site knows about one results directory. */
export interface Results {
  /** Absolute path that was read. */
  dir: string;
  /** False when the directory does not exist. */
  found: boolean;
  /** Valid records, in path order (experiment, then run directory). */
  records: RunRecord[];
  /** Valid explanation records (`<experiment>/explanation.json`), in path order. */
  explanations: ExplanationEntry[];
  /** Malformed and duplicate records (runs and explanations), in path order. */
  skipped: SkippedRecord[];
}

/** Default results directory: the sample committed beside the app. */
export const SAMPLE_RESULTS_DIR = 'sample-results';

/**
 * The directory to build from: `RESULTS_DIR` resolved against the directory the command was typed
 * in (`INIT_CWD`, set by npm/pnpm scripts), else `sample-results/` of this app.
 */
export function resultsDirFromEnv(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): string {
  const configured = env.RESULTS_DIR?.trim();
  if (!configured) return path.resolve(cwd, SAMPLE_RESULTS_DIR);
  return path.resolve(env.INIT_CWD ?? cwd, configured);
}

/**
 * Reads every `<dir>/<experiment>/<run-id>/record.json` with `listRuns` and every
 * `<dir>/<experiment>/explanation.json` with `listExplanations` of `@negmnist/results/store`.
 * Malformed records and second copies of one `<experiment>/<id>` are skipped with a console warning
 * naming the file; a missing directory is reported as `found: false`, not an error.
 */
export async function loadResults(dir: string): Promise<Results> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return { dir, found: false, records: [], explanations: [], skipped: [] };
  const skipped: SkippedRecord[] = [];
  const skip = (file: string, reason: string): void => {
    console.warn(`[negmnist site] skipping ${file}: ${reason}`);
    skipped.push({ file: path.relative(dir, file), reason });
  };
  const entries = await listRuns(dir, { onInvalid: (error) => skip(error.file, error.message.replace(`${error.file}: `, '')) });
  const records: RunRecord[] = [];
  const seen = new Set<string>();
  for (const { dir: runDir, record } of entries) {
    const key = `${record.experiment}/${record.id}`;
    if (seen.has(key)) skip(path.join(runDir, RECORD_FILE), `duplicate run ${key}`);
    else records.push(record);
    seen.add(key);
  }
  const explanations = await listExplanations(dir, { onInvalid: (error) => skip(error.file, error.message.replace(`${error.file}: `, '')) });
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { dir, found: true, records, explanations, skipped };
}

const cache = new Map<string, Promise<Results>>();

/** {@link loadResults} of {@link resultsDirFromEnv}, read once per build worker. */
export function getResults(): Promise<Results> {
  const dir = resultsDirFromEnv();
  let pending = cache.get(dir);
  if (!pending) {
    pending = loadResults(dir);
    cache.set(dir, pending);
  }
  return pending;
}
