import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { option, readPositiveInt, readText } from '../cli/flag-table';
import type { Values } from '../cli/flag-table';
import { GRID_FLAG_TABLE } from '../cli/grid-flags';

/** Flags of `negmnist slurm` and `negmnist k8s` besides the grid's, which they pass on. */
export const CLUSTER_FLAGS = {
  ...GRID_FLAG_TABLE,
  shards: option(readPositiveInt, { placeholder: '<n>', description: 'tasks, one shard each (required)' }),
  'cpus-per-task': option(readPositiveInt, { placeholder: '<n>', description: 'cores per task, also its --workers', default: 1 }),
  'gpus-per-task': option(readPositiveInt, { placeholder: '<n>', description: 'GPUs per task', defaultText: 'none' }),
  command: option(readText, { placeholder: '<words>', description: 'how tasks start negmnist' }),
} as const;

/** The cluster flags a job reads itself (the rest are the grid's, passed on as typed). */
export interface ClusterFlags {
  shard: string | undefined;
  shards: number | undefined;
  'cpus-per-task': number;
  'gpus-per-task': number | undefined;
  workers: number | undefined;
}

// Grid flags a cluster job sets itself: the shard comes from the scheduler, the rest from the job's size.
const SET_BY_JOB = new Set(['shard', 'shards', 'out', 'workers', 'help']);

/** What every shard of a cluster job runs, and the resources each asks for. */
export interface ClusterJob {
  /** The `negmnist grid` command line after the executable, the same for every shard. */
  gridArgs: string[];
  shards: number;
  cpusPerTask: number;
  gpusPerTask: number | undefined;
}

/**
 * The shard count (`--shards n`, required) and the grid command every shard runs: the experiment,
 * `--shards n --out <outDir> --workers <cpus per task>`, then the grid flags given (`values`, as
 * parsed), passed on as typed.
 */
export function clusterJob(command: string, experiment: string | undefined, flags: ClusterFlags, values: Values, outDir: string): ClusterJob {
  if (experiment === undefined) throw new UsageError(`negmnist ${command}: expected an experiment file or a built-in name; see negmnist ${command} --help`);
  if (flags.shard !== undefined) throw new UsageError(`--shard: negmnist ${command} gives every task its shard; pass --shards n`);
  const { shards, 'cpus-per-task': cpusPerTask, 'gpus-per-task': gpusPerTask } = flags;
  if (shards === undefined) throw new UsageError(`negmnist ${command}: expected --shards n (the number of tasks)`);
  const workers = flags.workers ?? cpusPerTask;
  const passed: string[] = [];
  for (const flag of Object.keys(GRID_FLAG_TABLE)) {
    const value = values[flag];
    if (SET_BY_JOB.has(flag) || value === undefined || value === false) continue;
    passed.push(`--${flag}`, ...(value === true ? [] : [value]));
  }
  return { gridArgs: ['grid', experiment, '--shards', String(shards), '--out', outDir, '--workers', String(workers), ...passed], shards, cpusPerTask, gpusPerTask };
}

/** The help paragraph on the grid flags a cluster command passes on (`unit`: `task` or `pod`). */
export function passedOnHelp(unit: string): string {
  const passed = Object.keys(GRID_FLAG_TABLE).filter((flag) => !SET_BY_JOB.has(flag));
  return (
    `${passed.map((flag) => `--${flag}`).join(', ')}: as negmnist grid takes them (see negmnist grid --help), passed on to every ${unit} as typed. ` +
    `--workers sets each ${unit}'s worker threads (default: --cpus-per-task); --shard is not taken, as each ${unit} gets its shard from the scheduler.`
  );
}

/** An experiment argument as a task should see it: an existing file becomes an absolute path. */
export function absoluteIfFile(experiment: string | undefined): string | undefined {
  return experiment !== undefined && existsSync(experiment) ? resolve(experiment) : experiment;
}

/** The words that start this CLI: `--command` (`given`) split on spaces, else `fallback()`. */
export function commandWords(given: string | undefined, fallback: () => string[]): string[] {
  if (given === undefined) return fallback();
  const words = given.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw new UsageError('--command: expected the command that starts negmnist, such as "npx negmnist", received an empty string');
  return words;
}

/** This process's Node binary and CLI script, as absolute paths. */
export function thisCli(): string[] {
  const script = process.argv[1];
  return [process.execPath, ...(script === undefined ? [] : [realpathSync(script)])];
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
