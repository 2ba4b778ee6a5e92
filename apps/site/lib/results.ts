import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runRecordSchema } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';

/** A `record.json` the build skipped, with the reason shown on the page. */
export interface SkippedRecord {
  /** Path relative to the results directory, e.g. `quick/neg-s0/record.json`. */
  file: string;
  /** Why it was skipped: invalid JSON, schema errors, or a duplicate run. */
  reason: string;
}

/** Everything the site knows about one results directory. */
export interface Results {
  /** Absolute path that was read. */
  dir: string;
  /** False when the directory does not exist. */
  found: boolean;
  /** Valid records, sorted by experiment then id. */
  records: RunRecord[];
  /** Malformed records, in path order. */
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

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `schema mismatch: ${shown.join('; ')}${more}`;
}

/** Parses one record file's text; returns the record or the reason it is unusable. */
export function parseRecord(text: string): { record: RunRecord } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = runRecordSchema.safeParse(json);
  return parsed.success ? { record: parsed.data } : { reason: describeIssues(parsed.error) };
}

/**
 * Reads `<dir>/<experiment>/<run-id>/record.json`, validating each with the run-record schema.
 * Malformed records are skipped with a console warning naming the file; a missing directory is
 * reported as `found: false`, not an error.
 */
export async function loadResults(dir: string): Promise<Results> {
  const results: Results = { dir, found: true, records: [], skipped: [] };
  let experiments: string[];
  try {
    experiments = await subdirectories(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...results, found: false };
    throw new Error(`Reading results directory ${dir} failed: expected a readable directory`, { cause: error });
  }
  const seen = new Set<string>();
  for (const experiment of experiments) {
    for (const run of await subdirectories(path.join(dir, experiment))) {
      const file = path.join(experiment, run, 'record.json');
      let text: string;
      try {
        text = await readFile(path.join(dir, file), 'utf8');
      } catch {
        continue; // A run directory without a record yet (still starting) is not an error.
      }
      const outcome = parseRecord(text);
      const key = 'record' in outcome ? `${outcome.record.experiment}/${outcome.record.id}` : '';
      const reason = 'reason' in outcome ? outcome.reason : seen.has(key) ? `duplicate run ${key}` : undefined;
      if (reason !== undefined || !('record' in outcome)) {
        console.warn(`[negmnist site] skipping ${path.join(dir, file)}: ${reason}`);
        results.skipped.push({ file, reason: reason ?? 'unreadable' });
        continue;
      }
      seen.add(key);
      results.records.push(outcome.record);
    }
  }
  return results;
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
