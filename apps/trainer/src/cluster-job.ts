import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Values } from './args';
import { numberFlag, stringFlag } from './args';
import { UsageError } from './errors';
import { GRID_FLAGS } from './grid-runs';

/** Flags of `negmnist slurm` and `negmnist k8s` besides the grid's, which they pass on. */
export const CLUSTER_FLAGS = {
  ...GRID_FLAGS,
  'cpus-per-task': { type: 'string' },
  'gpus-per-task': { type: 'string' },
  command: { type: 'string' },
} as const;

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
 * `--shards n --out <outDir> --workers <cpus per task>`, then the grid flags given, passed on as typed.
 */
export function clusterJob(command: string, experiment: string | undefined, values: Values, outDir: string): ClusterJob {
  if (experiment === undefined) throw new UsageError(`negmnist ${command}: expected an experiment file or a built-in name; see negmnist ${command} --help`);
  if (values.shard !== undefined) throw new UsageError(`--shard: negmnist ${command} gives every task its shard; pass --shards n`);
  const shards = numberFlag(values, 'shards', 'positiveInt');
  if (shards === undefined) throw new UsageError(`negmnist ${command}: expected --shards n (the number of tasks)`);
  const cpusPerTask = numberFlag(values, 'cpus-per-task', 'positiveInt') ?? 1;
  const gpusPerTask = numberFlag(values, 'gpus-per-task', 'positiveInt');
  const workers = numberFlag(values, 'workers', 'positiveInt') ?? cpusPerTask;
  const passed: string[] = [];
  for (const flag of Object.keys(GRID_FLAGS)) {
    const value = values[flag];
    if (SET_BY_JOB.has(flag) || value === undefined || value === false) continue;
    passed.push(`--${flag}`, ...(value === true ? [] : [value]));
  }
  return { gridArgs: ['grid', experiment, '--shards', String(shards), '--out', outDir, '--workers', String(workers), ...passed], shards, cpusPerTask, gpusPerTask };
}

/** An experiment argument as a task should see it: an existing file becomes an absolute path. */
export function absoluteIfFile(experiment: string | undefined): string | undefined {
  return experiment !== undefined && existsSync(experiment) ? resolve(experiment) : experiment;
}

/** The words that start this CLI: `--command` split on spaces, else this Node binary and script. */
export function commandWords(values: Values, fallback: () => string[]): string[] {
  const given = stringFlag(values, 'command');
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
