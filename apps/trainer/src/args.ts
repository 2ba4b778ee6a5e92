import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Parsed flag values as node:util parseArgs returns them. */
export type Values = Record<string, string | boolean | undefined>;

/** Parses `argv` for one command; unknown flags and missing values become a UsageError naming the command. */
export function parseCommand(command: string, argv: string[], options: Options, maxPositionals: number): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`negmnist ${command}: ${(error as Error).message.split('\n')[0]} (see negmnist ${command} --help)`, { cause: error });
  }
  if (parsed.positionals.length > maxPositionals && parsed.values.help !== true) {
    throw new UsageError(`negmnist ${command}: expected at most ${maxPositionals} argument(s), received ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/** `--name` as a number of the given kind, or undefined when absent. */
export function numberFlag(values: Values, name: string, kind: 'finite' | 'positive' | 'positiveInt' | 'nonNegativeInt'): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const ok =
    typeof raw === 'string' &&
    raw.trim() !== '' &&
    Number.isFinite(value) &&
    (kind === 'finite' || (kind === 'positive' ? value > 0 : Number.isInteger(value) && (kind === 'positiveInt' ? value > 0 : value >= 0)));
  if (!ok) {
    const expected = { finite: 'a finite number', positive: 'a positive number', positiveInt: 'a positive integer', nonNegativeInt: 'a non-negative integer' }[kind];
    throw new UsageError(`--${name}: expected ${expected}, received ${JSON.stringify(raw)}`);
  }
  return value;
}

/** `--layers 784,200,100,10` as sizes, or undefined when absent. */
export function layersFlag(values: Values): number[] | undefined {
  const raw = stringFlag(values, 'layers');
  if (raw === undefined) return undefined;
  const sizes = raw.split(',').map((part) => Number(part.trim()));
  if (sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw new UsageError(`--layers: expected at least two comma-separated positive integers such as 784,200,100,10, received ${JSON.stringify(raw)}`);
  }
  return sizes;
}

/** `--name` restricted to `allowed`, or undefined when absent. */
export function choiceFlag<T extends string>(values: Values, name: string, allowed: readonly T[]): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, received ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

/** `--name` as a string, or undefined. */
export function stringFlag(values: Values, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** Flags of every command that trains runs: backend, output, the protocol's shape, data files, quiet, JSON events. */
export const RUN_FLAGS = {
  backend: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  epochs: { type: 'string' },
  layers: { type: 'string' },
  batch: { type: 'string' },
  'eval-every': { type: 'string' },
  'eval-schedule': { type: 'string' },
  'probe-size': { type: 'string' },
  images: { type: 'string' },
  labels: { type: 'string' },
  'test-images': { type: 'string' },
  'test-labels': { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
} as const satisfies Options;

/** Flags every training command shares (train, grid): {@link RUN_FLAGS} and the learning rate. */
export const TRAINING_FLAGS: Options = {
  ...RUN_FLAGS,
  lr: { type: 'string' },
};
