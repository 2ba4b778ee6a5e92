import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Explanation } from './explanation';
import { parseExplanation, parseExplanationText } from './explanation-parse';
import { writeFileAtomic } from './store-atomic';
import { ResultsSchemaError } from './store-errors';

/** File name of an experiment's explanation record: `<results>/<experiment>/explanation.json`. */
export const EXPLANATION_FILE = 'explanation.json';

/** One explanation record found in a results directory. */
export interface ExplanationEntry {
  /** Path of the record, `<results>/<experiment>/explanation.json`. */
  file: string;
  explanation: Explanation;
}

/** Options of `listExplanations`. */
export interface ListExplanationsOptions {
  /**
   * Called for each malformed record, which is then skipped. Default: none, and the first malformed
   * record throws its `ResultsSchemaError`.
   */
  onInvalid?: (error: ResultsSchemaError) => void;
}

/**
 * Validates `explanation` and writes it atomically to `<results>/<experiment>/explanation.json` (the
 * experiment is the record's own); returns that path.
 */
export async function writeExplanation(resultsDir: string, explanation: Explanation): Promise<string> {
  const file = join(resultsDir, explanation.experiment, EXPLANATION_FILE);
  // Validate before writing so a bug never puts a record on disk that readers would reject.
  const valid = parseExplanation(explanation, file);
  await writeFileAtomic(file, `${JSON.stringify(valid, null, 2)}\n`);
  return file;
}

/** Reads and validates an explanation record; `undefined` when the file does not exist. */
export async function readExplanation(file: string): Promise<Explanation | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  return parseExplanationText(text, file);
}

/**
 * Every explanation record under `dir`, which may be a results root (`results/`, one record per
 * experiment directory) or one experiment (`results/explain/`). Sorted by path. An absent `dir` holds none.
 */
export async function listExplanations(dir: string, options: ListExplanationsOptions = {}): Promise<ExplanationEntry[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const experiments = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => join(dir, entry.name));
  const files = [join(dir, EXPLANATION_FILE), ...experiments.map((experiment) => join(experiment, EXPLANATION_FILE))].sort();
  const found: ExplanationEntry[] = [];
  for (const file of files) {
    try {
      const explanation = await readExplanation(file);
      if (explanation !== undefined) found.push({ file, explanation });
    } catch (error) {
      if (!(error instanceof ResultsSchemaError) || options.onInvalid === undefined) throw error;
      options.onInvalid(error);
    }
  }
  return found;
}
