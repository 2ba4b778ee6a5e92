import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

// Committed JSON files the site reads at build time (experiments/reproduce, experiments/bench): read,
// parsed and checked against their schema here, the one reader; a bad file comes back as its error.

/** A file that was read and validated, or why not. */
export type Loaded<T> = { file: string; data: T } | { file: string; error: string };

/** Reads `file` as JSON and validates it with `schema`; never throws for a missing or malformed file. */
export async function loadJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<Loaded<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { file, error: `expected JSON, ${(error as Error).message}` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { file, data: result.data };
  const issue = result.error.issues[0]!;
  return { file, error: `at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}
