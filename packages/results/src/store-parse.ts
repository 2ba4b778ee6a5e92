import { READABLE_SCHEMA_VERSIONS, runRecordSchema } from './schema';
import type { RunRecord } from './schema';
import { ResultsSchemaError } from './store-errors';

/** `['evaluations', 2, 'valAccuracy']` -> `evaluations[2].valAccuracy`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** What `input` holds at a validation issue's `path`, as JSON shortened to 60 characters (`nothing` when absent), for one-line error messages. */
export function receivedAt(input: unknown, path: readonly PropertyKey[]): string {
  return describe(valueAt(input, path));
}

/**
 * Validates a parsed JSON value as a run record of this schema version.
 * Throws `ResultsSchemaError` naming `file` and the first bad field path.
 */
export function parseRunRecord(input: unknown, file: string): RunRecord {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ResultsSchemaError(file, '', `expected a JSON object, received ${describe(input)}`);
  }
  const version = (input as { schemaVersion?: unknown }).schemaVersion;
  if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(version)) {
    throw new ResultsSchemaError(
      file,
      'schemaVersion',
      `expected schema version ${READABLE_SCHEMA_VERSIONS.join(' or ')}, received ${describe(version)}`,
    );
  }
  const result = runRecordSchema.safeParse(input);
  if (result.success) {
    if (result.data.schemaVersion >= 2) {
      const index = result.data.evaluations.findIndex((e) => e.valCorrect === undefined || e.valCount === undefined);
      if (index >= 0) throw new ResultsSchemaError(file, `evaluations[${index}]`, 'expected valCorrect and valCount (schema version 2), received neither or one');
    }
    return result.data;
  }
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  throw new ResultsSchemaError(
    file,
    formatFieldPath(path),
    `${issue?.message ?? 'invalid'}, received ${receivedAt(input, path)}`,
    { cause: result.error },
  );
}

/** Parses record JSON text; invalid JSON is a `ResultsSchemaError` too (e.g. a hand-edited file). */
export function parseRunRecordText(text: string, file: string): RunRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResultsSchemaError(file, '', `expected JSON, ${(error as Error).message}`, { cause: error });
  }
  return parseRunRecord(json, file);
}
