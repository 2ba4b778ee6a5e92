import type { ShardSource } from '@negmnist/results';
import type { RunConfig } from '@negmnist/core';
import { UsageError } from '../errors';
import type { RunSpec } from '../config/experiment';

/** One share of a grid: shard `index` of `count` (0-based), and where the number came from. */
export interface Shard {
  index: number;
  count: number;
  source: ShardSource;
  /** How the number was found, for the first output line, e.g. `SLURM_ARRAY_TASK_ID=2, --shards 3`. */
  origin: string;
}

/** Inputs of `resolveShard`: the `--shard i/n` and `--shards n` flags and the process environment. */
export interface ShardInputs {
  /** `--shard i/n` as typed. */
  shard?: string;
  /** `--shards n` as typed: the shard count when the index comes from the scheduler. */
  shards?: string;
  env: NodeJS.ProcessEnv;
}

// Training images of MNIST: only ratios between runs of one grid (one dataset) matter for balancing.
const NOMINAL_TRAIN_IMAGES = 60_000;

function integer(raw: string | undefined, min: number): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
}

/** `--shards n` as typed: a positive integer, or undefined when absent; anything else is a `UsageError`. */
export function shardCountFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const count = integer(raw, 1);
  if (count === undefined) throw new UsageError(`--shards: expected a positive integer, received ${JSON.stringify(raw)}`);
  return count;
}

function checked(index: number, count: number, source: ShardSource, origin: string): Shard {
  if (index >= count) throw new UsageError(`shard ${index} of ${count} (${origin}): expected an index from 0 to ${count - 1}`);
  return { index, count, source, origin };
}

/**
 * The shard this process trains, or undefined for the whole grid. In order: `--shard i/n`; a Slurm
 * array task (`SLURM_ARRAY_TASK_ID`, the count from `--shards n`, else `SLURM_ARRAY_TASK_COUNT`, else
 * `SLURM_ARRAY_TASK_MAX + 1`, which both need an array starting at 0); a Kubernetes Indexed Job
 * (`JOB_COMPLETION_INDEX` with `--shards n`). Bad or inconsistent values throw a `UsageError`.
 */
export function resolveShard(inputs: ShardInputs): Shard | undefined {
  const { env } = inputs;
  const shards = shardCountFlag(inputs.shards);
  if (inputs.shard !== undefined) {
    if (shards !== undefined) throw new UsageError('--shard and --shards: expected one of them (--shard i/n, or --shards n with the index from the scheduler)');
    const match = /^(\d+)\/(\d+)$/.exec(inputs.shard.trim());
    const index = integer(match?.[1], 0);
    const count = integer(match?.[2], 1);
    if (index === undefined || count === undefined) throw new UsageError(`--shard: expected i/n such as 0/4 (shard i of n, counted from 0), received ${JSON.stringify(inputs.shard)}`);
    return checked(index, count, 'flag', `--shard ${index}/${count}`);
  }
  const taskId = env.SLURM_ARRAY_TASK_ID;
  if (taskId !== undefined) {
    const index = integer(taskId, 0);
    if (index === undefined) throw new UsageError(`SLURM_ARRAY_TASK_ID: expected a non-negative integer, received ${JSON.stringify(taskId)}`);
    if (shards !== undefined) return checked(index, shards, 'slurm', `SLURM_ARRAY_TASK_ID=${index}, --shards ${shards}`);
    const min = integer(env.SLURM_ARRAY_TASK_MIN, 0);
    if (min !== undefined && min !== 0) {
      throw new UsageError(`SLURM_ARRAY_TASK_MIN=${min}: expected an array from 0 (--array=0-<n-1>); pass --shards n when re-submitting some tasks of it`);
    }
    const count = integer(env.SLURM_ARRAY_TASK_COUNT, 1);
    if (count !== undefined) return checked(index, count, 'slurm', `SLURM_ARRAY_TASK_ID=${index}, SLURM_ARRAY_TASK_COUNT=${count}`);
    const max = integer(env.SLURM_ARRAY_TASK_MAX, 0);
    if (max !== undefined) return checked(index, max + 1, 'slurm', `SLURM_ARRAY_TASK_ID=${index}, SLURM_ARRAY_TASK_MAX=${max}`);
    throw new UsageError(`SLURM_ARRAY_TASK_ID=${index}: expected SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX as well, or --shards n`);
  }
  const completion = env.JOB_COMPLETION_INDEX;
  if (completion !== undefined) {
    const index = integer(completion, 0);
    if (index === undefined) throw new UsageError(`JOB_COMPLETION_INDEX: expected a non-negative integer, received ${JSON.stringify(completion)}`);
    if (shards === undefined) throw new UsageError(`JOB_COMPLETION_INDEX=${index}: expected --shards n as well (the Indexed Job's completions)`);
    return checked(index, shards, 'kubernetes', `JOB_COMPLETION_INDEX=${index}, --shards ${shards}`);
  }
  if (shards !== undefined) {
    throw new UsageError(`--shards ${shards}: expected the shard index in SLURM_ARRAY_TASK_ID (a Slurm array task) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), or --shard i/n`);
  }
  return undefined;
}

/** Trainable parameters of an MLP with these layer sizes (weights and biases). */
export function parameterCount(layers: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < layers.length; i++) total += ((layers[i - 1] ?? 0) + 1) * (layers[i] ?? 0);
  return total;
}

/**
 * Estimated cost of a run for balancing: epochs x steps per epoch x parameters, with steps per epoch
 * counted for MNIST's 60,000 training images (every run of a grid shares one dataset).
 */
export function runCost(config: Pick<RunConfig, 'epochs' | 'batchSize' | 'layers'>): number {
  return config.epochs * Math.ceil(NOMINAL_TRAIN_IMAGES / config.batchSize) * parameterCount(config.layers);
}

/**
 * The shard of every run: runs sorted by cost (largest first, then by id) go one by one to the shard
 * with the least total cost so far (the lowest index on a tie): greedy longest-processing-time.
 * Depends only on the runs' ids and configs, so every shard of a grid computes the same assignment.
 */
export function assignShards(runs: readonly RunSpec[], count: number): Map<string, number> {
  const order = runs
    .map((run) => ({ id: run.id, cost: runCost(run.config) }))
    .sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const loads: number[] = Array.from({ length: count }, () => 0);
  const assignment = new Map<string, number>();
  for (const { id, cost } of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if ((loads[s] as number) < (loads[best] as number)) best = s;
    loads[best] = (loads[best] as number) + cost;
    assignment.set(id, best);
  }
  return assignment;
}

/** The runs of `shard` (all runs without one), in the grid's order. */
export function shardRuns(runs: readonly RunSpec[], shard: Shard | undefined): RunSpec[] {
  if (shard === undefined) return [...runs];
  const assignment = assignShards(runs, shard.count);
  return runs.filter((run) => assignment.get(run.id) === shard.index);
}

/** The first output line of a sharded process: which shard and where the number came from. */
export function shardLine(shard: Shard, runs: number, total: number): string {
  return `shard ${shard.index}/${shard.count} (from ${shard.origin}): ${runs} of the grid's ${total} run(s)`;
}
