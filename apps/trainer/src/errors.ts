import { DatasetError, IdxFormatError } from '@negmnist/data';
import { DeviceLimitError } from '@negmnist/engine-webgpu';
import { ConfigError as ModelConfigError, WeightsFormatError } from '@negmnist/models';
import { ResultsSchemaError } from '@negmnist/results';
import { CheckpointError } from '@negmnist/train/checkpoint';

/** Process exit codes of the `negmnist` CLI (documented in `--help` and the README). */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  backendUnavailable: 3,
  interrupted: 130,
} as const;

/** What each exit code means, as `--help` lists them. */
export const EXIT_MEANINGS: Readonly<Record<keyof typeof EXIT, string>> = {
  ok: 'ok',
  internal: 'internal error (a bug: the stack is printed)',
  usage: 'usage, config or data error (one line says what and where)',
  backendUnavailable: 'backend unavailable (the line says what to install)',
  interrupted: 'interrupted (Ctrl-C: the run is checkpointed; re-run the same command to resume)',
};

/** Bad command-line arguments: unknown flag, missing value, value out of range. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An experiment file or preset that does not validate; the message names the file, JSON path and allowed values. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A backend asked for by name that cannot load here; the message says what to install. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/** A cluster scheduler command (sbatch) that is missing or refused a job; the message has its reason. */
export class SchedulerError extends Error {
  override readonly name = 'SchedulerError';
}

/** Training stopped by SIGINT after checkpointing; the message says how to resume. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * The error classes that mean the user's input is wrong (arguments, experiment files, data files,
 * results, checkpoints, saved weights, model and training options, a setup too large for the GPU):
 * one line, exit 2, no stack.
 */
const USER_ERROR_CLASSES: readonly (abstract new (...args: never[]) => Error)[] = [
  UsageError,
  ConfigError,
  IdxFormatError,
  DatasetError,
  ResultsSchemaError,
  CheckpointError,
  WeightsFormatError,
  ModelConfigError,
  SchedulerError,
  DeviceLimitError,
];

// Names too, not only instanceof: a library's ESM and CJS builds carry separate copies of each class.
const USER_ERRORS = new Set(USER_ERROR_CLASSES.map((c) => c.name));

/** Exit code for an error thrown out of a command; user errors get 2, bugs 1. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof Error)) return EXIT.internal;
  if (error.name === 'BackendUnavailableError') return EXIT.backendUnavailable;
  if (error.name === 'InterruptedError') return EXIT.interrupted;
  return USER_ERROR_CLASSES.some((c) => error instanceof c) || USER_ERRORS.has(error.name) ? EXIT.usage : EXIT.internal;
}

/** Whether an error is the user's (one line, no stack) rather than a bug (stack printed). */
export function isUserError(error: unknown): boolean {
  return exitCodeFor(error) !== EXIT.internal;
}
