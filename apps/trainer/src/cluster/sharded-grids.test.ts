import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listRuns } from '@negmnist/results/store';
import { parseRunRecordText } from '@negmnist/results';
import { CLI, runCli, startCli, tempDir } from '../test/cli-process';
import type { CliResult } from '../test/cli-process';
import { writeTinyExperiment } from '../test/tiny-experiment';

/** The fields of a Job manifest the test reads. */
interface Manifest {
  apiVersion: string;
  kind: string;
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: { spec: { containers: Array<{ command: string[]; volumeMounts: unknown[] }>; volumes: unknown[] } };
  };
}

let dir: string;
const RUN_IDS = ['neg-s0', 'neg-s1', 'neg-s2', 'pos-s0', 'pos-s1', 'pos-s2'];
const grid = (out: string, ...extra: string[]) => ['grid', 'exp.json', '--backend', 'cpu', '--workers', '1', '--json', '--out', out, ...extra];

/** Ids of the runs a `--json` process trained to the end (its runEnd events). */
function trained(result: CliResult): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event: string; id?: string })
    .filter((event) => event.event === 'runEnd')
    .map((event) => event.id as string);
}

/** Every run of `out`, its records read and validated from disk. */
async function records(out: string) {
  const runs = await listRuns(join(dir, out));
  return Promise.all(runs.map(async (run) => parseRunRecordText(await readFile(join(run.dir, 'record.json'), 'utf8'), run.dir)));
}

/** Runs a command line (as a manifest's container would) with extra environment, in `dir`. */
function runWithEnv(command: string[], env: Record<string, string>): Promise<CliResult> {
  const [exe, ...args] = command as [string, ...string[]];
  const child = spawn(exe, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

beforeAll(async () => {
  dir = tempDir('shards');
  await writeTinyExperiment(dir, { name: 'sharded', base: { epochs: 2, evalEvery: 6 }, seeds: 3, trainImages: 384 });
});

describe('sharded grids', () => {
  it('three --shard processes train every run exactly once, each record naming its shard and host', async () => {
    const results = await Promise.all([0, 1, 2].map((i) => runCli(grid('three', '--shard', `${i}/3`), dir)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    results.forEach((result, i) => {
      expect(JSON.parse(result.stdout.split('\n')[0] ?? '')).toMatchObject({ event: 'note', text: expect.stringMatching(new RegExp(`^shard ${i}/3 \\(from --shard ${i}/3\\): 2 of the grid's 6 run\\(s\\)`)) });
    });
    const perShard = results.map(trained);
    expect(perShard.flat().sort()).toEqual(RUN_IDS);
    const stored = await records('three');
    expect(stored.map((r) => r.id).sort()).toEqual(RUN_IDS);
    for (const record of stored) {
      const shard = perShard.findIndex((ids) => ids.includes(record.id));
      expect(record.status).toBe('done');
      expect(record.provenance).toMatchObject({ host: hostname(), shard: { index: shard, count: 3, source: 'flag' } });
    }
    const ls = await runCli(['ls', 'three'], dir);
    expect(ls.stdout.split('\n')[0]).toMatch(/^run\s+status\s+best val\s+final val\s+steps\s+wall time\s+shard\s+host\s+backend$/);
    expect(ls.stdout).toMatch(new RegExp(`sharded/neg-s0 .* [012]/3\\s+${hostname()}\\s+cpu`));
    const again = await runCli(grid('three', '--shard', '1/3'), dir);
    expect(trained(again)).toEqual([]);
  });

  it('two processes given the same shard: each run is trained by one of them, the other counts it as finished elsewhere or held', async () => {
    const [a, b] = [startCli(grid('race', '--shard', '0/1'), dir), startCli(grid('race', '--shard', '0/1'), dir)];
    const results = await Promise.all([a.done, b.done]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const [byA, byB] = results.map(trained) as [string[], string[]];
    expect([...byA, ...byB].sort()).toEqual(RUN_IDS);
    const stored = await records('race');
    expect(stored.map((r) => [r.id, r.status])).toEqual(RUN_IDS.map((id) => [id, 'done']));
    for (const record of stored) expect(record.provenance?.pid).toBe((byA.includes(record.id) ? a : b).child.pid);
    // Each process accounts for every run: finished here, by the other process, or still held by it (one line on stderr).
    for (const [result, other] of [[results[0], b], [results[1], a]] as const) {
      const events = result?.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, number>) ?? [];
      const before = events.find((e) => e.finished !== undefined)?.finished ?? 0;
      // a process that found every run finished at its start has nothing more to say
      const summary = events.find((e) => e.finishedHere !== undefined) ?? (before === RUN_IDS.length ? { finishedHere: 0 } : undefined);
      expect(summary?.finishedHere).toBe(trained(result as CliResult).length);
      expect(before + (summary?.finishedHere ?? 0) + (summary?.finishedElsewhere ?? 0) + (summary?.heldElsewhere ?? 0)).toBe(RUN_IDS.length);
      const held = result?.stderr.split('\n').filter((line) => line.startsWith('skipped ')) ?? [];
      expect(held.length).toBe(summary?.heldElsewhere ?? 0);
      for (const line of held) expect(line).toContain(`: being trained by host ${hostname()} pid ${other.child.pid} (shard 0/1) since `);
    }
  });

  it('ls --incomplete lists the runs no shard finished, with their shard; a Kubernetes manifest runs them', async () => {
    const k8s = await runCli(['k8s', 'exp.json', '--shards', '2', '--out', join(dir, 'k8s'), '--command', `${process.execPath} ${CLI}`, '--backend', 'cpu', '--json', '--cpus-per-task', '1'], dir);
    expect(k8s.code).toBe(0);
    const manifest = parse(k8s.stdout) as Manifest;
    expect(manifest).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 } });
    const pod = manifest.spec.template.spec;
    const container = pod.containers[0] as Manifest['spec']['template']['spec']['containers'][number];
    expect(container.volumeMounts).toEqual([{ name: 'results', mountPath: join(dir, 'k8s') }]);
    expect(pod.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'negmnist-results' } }]);
    expect(container.command).toEqual([process.execPath, CLI, 'grid', 'exp.json', '--shards', '2', '--out', join(dir, 'k8s'), '--workers', '1', '--backend', 'cpu', '--json']);

    const before = await runCli(['ls', 'k8s', '--incomplete', 'exp.json', '--shards', '2'], dir);
    expect(before.stdout.split('\n')[0]).toBe(`6 of 6 run(s) of sharded not finished under k8s (2 shard(s))`);
    expect(before.stdout).toMatch(/sharded\/neg-s0\s+missing\s+0\/\?\s+[01]\/2\s+-/);

    const pod1 = await runWithEnv(container.command, { JOB_COMPLETION_INDEX: '1' });
    expect(pod1.code).toBe(0);
    expect(pod1.stdout.split('\n')[0]).toContain('shard 1/2 (from JOB_COMPLETION_INDEX=1, --shards 2): 3 of the grid');
    const left = await runCli(['ls', 'k8s', '--incomplete', 'exp.json', '--json'], dir);
    const rows = left.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; shard: number; status: string });
    // The shard count comes from the records pod 1 wrote; what is left is exactly pod 0's share.
    expect(rows.map((r) => r.id).sort()).toEqual(RUN_IDS.filter((id) => !trained(pod1).includes(id)));
    expect(rows.every((r) => r.shard === 0 && r.status === 'missing')).toBe(true);

    const pod0 = await runWithEnv(container.command, { JOB_COMPLETION_INDEX: '0' });
    expect(pod0.code).toBe(0);
    const stored = await records('k8s');
    expect(stored.map((r) => r.id).sort()).toEqual(RUN_IDS);
    expect(stored.every((r) => r.provenance?.shard?.source === 'kubernetes')).toBe(true);
    const after = await runCli(['ls', 'k8s', '--incomplete', 'exp.json'], dir);
    expect(after.stdout.trim()).toBe('all 6 run(s) of sharded are finished under k8s');
  });

  it('slurm prints an array script: one task per shard, a log per task, the same grid command', async () => {
    const result = await runCli(['slurm', 'exp.json', '--shards', '3', '--out', 'res', '--time', '1:00:00', '--partition', 'gpu', '--gpus-per-task', '1', '--epochs', '1', '--backend', 'cpu'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines.filter((line) => line.startsWith('#SBATCH '))).toEqual([
      '#SBATCH --job-name=negmnist-sharded',
      '#SBATCH --array=0-2',
      `#SBATCH --output=${join(dir, 'res', '.slurm')}/negmnist-sharded-%A_%a.log`,
      `#SBATCH --chdir=${dir}`,
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=1',
      '#SBATCH --gpus-per-task=1',
      '#SBATCH --time=1:00:00',
      '#SBATCH --partition=gpu',
    ]);
    expect(lines.at(-1)).toBe(`exec ${process.execPath} ${CLI} grid ${join(dir, 'exp.json')} --shards 3 --out ${join(dir, 'res')} --workers 1 --backend cpu --epochs 1`);
    expect(spawnSync('bash', ['-n'], { input: result.stdout }).status).toBe(0);
  });

  it('rejects bad shard values with one line and exit 2', async () => {
    const bad = await runCli(grid('bad', '--shard', '3/3'), dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('negmnist: shard 3 of 3 (--shard 3/3): expected an index from 0 to 2');
    const env = await runWithEnv([process.execPath, CLI, ...grid('bad')], { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' });
    expect(env.code).toBe(2);
    expect(env.stderr.trim()).toBe('negmnist: SLURM_ARRAY_TASK_ID: expected a non-negative integer, received "x"');
    const slurm = await runCli(['slurm', 'exp.json', '--out', 'bad'], dir);
    expect(slurm.code).toBe(2);
    expect(slurm.stderr.trim()).toBe('negmnist: negmnist slurm: expected --shards n (the number of tasks)');
  });
});
