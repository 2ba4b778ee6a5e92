import { formatFieldPath, receivedAt } from '@negmnist/results';
import type { z } from 'zod';
import { ConfigError } from '../errors';

type Key = PropertyKey;

/** `['grid', 'hidden', 1]` -> `grid.hidden[1]`; `(root)` for the empty path. */
export function jsonPath(path: readonly Key[]): string {
  return formatFieldPath(path) || '(root)';
}

/** The keys an object schema allows at `path`, when the schema there is a plain object. */
function allowedKeys(schema: z.ZodType, path: readonly Key[]): string[] | undefined {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    const shape = (node as { shape?: Record<string, unknown> }).shape;
    if (shape === undefined || typeof key !== 'string') return undefined;
    node = shape[key];
  }
  const shape = (unwrap(node) as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? undefined : Object.keys(shape);
}

function unwrap(node: unknown): unknown {
  // Optional/default wrappers keep the inner schema in `def.innerType`.
  let current = node as { def?: { innerType?: unknown } } | undefined;
  while (current?.def?.innerType !== undefined) current = current.def.innerType as typeof current;
  return current;
}

/** Validates `input`; on failure throws a one-line ConfigError: file, JSON path, bad value, what is allowed. */
export function parseConfig<T extends z.ZodType>(schema: T, input: unknown, file: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new ConfigError(`${file}: invalid`);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedKeys(schema, issue.path);
    const where = jsonPath([...issue.path, key]);
    throw new ConfigError(`${file}: ${where}: unknown key${allowed ? `; allowed keys: ${allowed.join(', ')}` : ''}`);
  }
  const received = receivedAt(input, issue.path);
  throw new ConfigError(`${file}: ${jsonPath(issue.path)}: ${issue.message} (received ${received})`, { cause: result.error });
}
