import { describe, expect, it } from 'vitest';
import type { RunConfig } from '@negmnist/core';
import type { RunSpec } from '../config/experiment';
import { groupRuns } from '../runs/plan';
import { assignShards, parameterCount, resolveShard, runCost, shardRuns } from './shard';

const base: RunConfig = {
  dataset: 'mnist', negative: false, layers: [784, 200, 100, 10], hidden: 'relu', output: 'relu', init: 'torch',
  lr: 0.1, batchSize: 64, epochs: 20, evalEvery: 100, seed: 0, probeSize: 1000,
};

function run(id: string, config: Partial<RunConfig> = {}): RunSpec {
  return { experiment: 'e', id, label: id, config: { ...base, ...config } };
}

describe('resolveShard', () => {
  const env = (vars: Record<string, string>) => ({ env: vars });

  it('reads --shard i/n, a Slurm array task or a Kubernetes completion index, and says where from', () => {
    expect(resolveShard({ shard: '2/5', env: {} })).toEqual({ index: 2, count: 5, source: 'flag', origin: '--shard 2/5' });
    expect(resolveShard(env({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0' }))).toMatchObject({ index: 1, count: 3, source: 'slurm', origin: 'SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3' });
    expect(resolveShard(env({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MAX: '3' }))).toMatchObject({ index: 3, count: 4, source: 'slurm' });
    expect(resolveShard({ shards: '4', env: { JOB_COMPLETION_INDEX: '0' } })).toMatchObject({ index: 0, count: 4, source: 'kubernetes' });
    expect(resolveShard({ env: {} })).toBeUndefined();
  });

  it('takes the count from --shards over the array size, so one re-submitted task keeps its shard', () => {
    // `sbatch --array=2 job.sh` re-runs task 2 alone: Slurm then reports an array of one task.
    const resubmitted = { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_MAX: '2' };
    expect(resolveShard({ shards: '3', env: resubmitted })).toMatchObject({ index: 2, count: 3, origin: 'SLURM_ARRAY_TASK_ID=2, --shards 3' });
    expect(() => resolveShard({ env: resubmitted })).toThrow(/SLURM_ARRAY_TASK_MIN=2: expected an array from 0.*--shards n/);
  });

  it('prefers --shard to the environment', () => {
    expect(resolveShard({ shard: '0/2', env: { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' } })).toMatchObject({ index: 0, source: 'flag' });
  });

  it.each([
    [{ shard: '3/3', env: {} }, /shard 3 of 3 \(--shard 3\/3\): expected an index from 0 to 2/],
    [{ shard: '1-3', env: {} }, /--shard: expected i\/n such as 0\/4.*received "1-3"/],
    [{ shard: '0/0', env: {} }, /--shard: expected i\/n/],
    [{ shard: '0/2', shards: '2', env: {} }, /--shard and --shards: expected one of them/],
    [{ shards: 'x', env: {} }, /--shards: expected a positive integer, received "x"/],
    [{ shards: '3', env: {} }, /--shards 3: expected the shard index in SLURM_ARRAY_TASK_ID .* or JOB_COMPLETION_INDEX/],
    [{ env: { SLURM_ARRAY_TASK_ID: 'abc', SLURM_ARRAY_TASK_COUNT: '2' } }, /SLURM_ARRAY_TASK_ID: expected a non-negative integer, received "abc"/],
    [{ env: { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '2' } }, /shard 4 of 2 .*expected an index from 0 to 1/],
    [{ env: { SLURM_ARRAY_TASK_ID: '1' } }, /SLURM_ARRAY_TASK_ID=1: expected SLURM_ARRAY_TASK_COUNT/],
    [{ env: { JOB_COMPLETION_INDEX: '1' } }, /JOB_COMPLETION_INDEX=1: expected --shards n/],
    [{ shards: '2', env: { JOB_COMPLETION_INDEX: '2' } }, /shard 2 of 2 .*expected an index from 0 to 1/],
  ])('rejects %o with one line', (inputs, message) => {
    expect(() => resolveShard(inputs)).toThrow(message);
  });
});

describe('balancing by cost', () => {
  it('costs a run as epochs x steps per epoch x parameters', () => {
    // 784*200+200 + 200*100+100 + 100*10+10 weights and biases; 938 batches of 64 in 60000 images.
    expect(parameterCount([784, 200, 100, 10])).toBe(178_110);
    expect(runCost(base)).toBe(20 * 938 * 178_110);
    expect(runCost({ ...base, epochs: 10 })).toBe(runCost(base) / 2);
  });

  it('puts every run in exactly one shard, the same whatever the input order', () => {
    const runs = Array.from({ length: 23 }, (_, i) => run(`r${i}`, { epochs: 1 + (i % 4), seed: i }));
    const shards = [0, 1, 2, 3].map((index) => shardRuns(runs, { index, count: 4, source: 'flag', origin: '' }).map((r) => r.id));
    expect(shards.flat().sort()).toEqual(runs.map((r) => r.id).sort());
    expect(assignShards([...runs].reverse(), 4)).toEqual(assignShards(runs, 4));
  });

  it('balances unequal runs greedily, largest first', () => {
    // Costs 4, 3, 2, 2, 1 (in epochs of the same network): LPT gives {a}=4, {b, e}=4, {c, d}=4.
    const runs = [run('e', { epochs: 1 }), run('d', { epochs: 2 }), run('c', { epochs: 2 }), run('b', { epochs: 3 }), run('a', { epochs: 4 })];
    const assignment = assignShards(runs, 3);
    expect(Object.fromEntries(assignment)).toEqual({ a: 0, b: 1, c: 2, d: 2, e: 1 });
  });

  it('spreads equal runs round-robin in id order, so each GPU shard gets an ensemble of similar size', () => {
    const runs = ['s3', 's0', 's2', 's1', 's4'].map((id) => run(id));
    expect(Object.fromEntries(assignShards(runs, 2))).toEqual({ s0: 0, s1: 1, s2: 0, s3: 1, s4: 0 });
    expect(shardRuns(runs, undefined)).toEqual(runs);
  });

  it('leaves a shard empty when there are fewer runs than shards', () => {
    const runs = [run('only')];
    expect(shardRuns(runs, { index: 1, count: 2, source: 'flag', origin: '' })).toEqual([]);
  });

  it('groups a shard\'s runs into ensembles after sharding (GPU backends keep one ensemble per shard)', () => {
    const runs = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => run(`neg-s${seed}`, { negative: true, seed }));
    for (const index of [0, 1]) {
      const share = shardRuns(runs, { index, count: 2, source: 'slurm', origin: '' });
      const groups = groupRuns(share.map((spec) => ({ spec, dir: spec.id })), true);
      expect(groups.map((g) => g.length)).toEqual([4]);
    }
  });
});
