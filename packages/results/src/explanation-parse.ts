import { EXPLANATION_KIND, EXPLANATION_VERSION, explanationSchema } from './explanation';
import type { Explanation } from './explanation';
import { ResultsSchemaError } from './store-errors';
import { formatFieldPath, receivedAt } from './store-parse';

const RECORD = 'explanation record';

/**
 * Validates a parsed JSON value as an explanation record of this version.
 * Throws `ResultsSchemaError` naming `file` and the first bad field path.
 */
export function parseExplanation(input: unknown, file: string): Explanation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ResultsSchemaError(file, '', `expected a JSON object, received ${receivedAt(input, [])}`, { record: RECORD });
  }
  const { kind, version } = input as { kind?: unknown; version?: unknown };
  if (kind !== EXPLANATION_KIND) throw new ResultsSchemaError(file, 'kind', `expected "${EXPLANATION_KIND}", received ${receivedAt(input, ['kind'])}`, { record: RECORD });
  if (version !== EXPLANATION_VERSION) throw new ResultsSchemaError(file, 'version', `expected ${EXPLANATION_VERSION}, received ${receivedAt(input, ['version'])}`, { record: RECORD });
  const result = explanationSchema.safeParse(input);
  if (result.success) return result.data;
  const path = result.error.issues[0]?.path ?? [];
  throw new ResultsSchemaError(file, formatFieldPath(path), `${result.error.issues[0]?.message ?? 'invalid'}, received ${receivedAt(input, path)}`, { cause: result.error, record: RECORD });
}

/** Parses explanation JSON text; invalid JSON is a `ResultsSchemaError` too. */
export function parseExplanationText(text: string, file: string): Explanation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResultsSchemaError(file, '', `expected JSON, ${(error as Error).message}`, { cause: error, record: RECORD });
  }
  return parseExplanation(json, file);
}
