import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireComponent } from '@negmnist/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunRecordText } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import { listRuns } from '@negmnist/results/store';
import { CHECKPOINT_FILE } from '../runs/checkpoint';
import { runCli, tempDir } from '../test/cli-process';
import { writeTinyIdx } from '../test/tiny-idx';

const SCRIPT = fileURLToPath(new URL('../../scripts/slurm-local.sh', import.meta.url));
const slurm = requireComponent('slurm', 'trainer Slurm array test');

let dir: string;
let cluster: string;
let started = false;

function slurmCommand(command: string, ...args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', env: process.env });
}

/** Every log line of a `--json` task that is a JSON event. */
function events(log: string): Array<Record<string, unknown>> {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function logOf(out: string, name: string, job: string, task: number): string {
  const file = join(dir, out, '.slurm', `${name}-${job}_${task}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Polls until `done()` holds; on timeout fails with `explain()`. */
async function until(done: () => boolean, explain: () => string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until no task of `job` is pending or running; returns each task's `state exit-code`. */
async function finished(job: string, logs: () => string): Promise<string[]> {
  await until(() => slurmCommand('squeue', '-h', '-j', job).trim() === '', () => `job ${job} still queued:\n${slurmCommand('squeue')}\n${logs()}`);
  return slurmCommand('scontrol', '-o', 'show', 'job', job)
    .trim()
    .split('\n')
    .map((line) => `${/ArrayTaskId=(\d+)/.exec(line)?.[1]} ${/JobState=(\S+)/.exec(line)?.[1]} ${/ExitCode=(\S+)/.exec(line)?.[1]}`)
    .sort();
}

async function experiment(name: string, base: Record<string, unknown>, seeds: number, negative: boolean[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  const dataset = { images: 'data/train-images.idx', labels: 'data/train-labels.idx', testImages: 'data/test-images.idx', testLabels: 'data/test-labels.idx' };
  await writeFile(file, JSON.stringify({ name, dataset, base, grid: { negative }, seeds }));
  return file;
}

async function submit(file: string, out: string, shards: number): Promise<string> {
  const result = await runCli(['slurm', file, '--shards', String(shards), '--out', join(dir, out), '--backend', 'cpu', '--json', '--submit'], dir);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const job = /^submitted job (\d+): /.exec(result.stdout)?.[1];
  expect(job).toBeDefined();
  return job as string;
}

async function records(out: string): Promise<RunRecord[]> {
  const runs = await listRuns(join(dir, out));
  return Promise.all(runs.map(async (run) => parseRunRecordText(await readFile(join(run.dir, 'record.json'), 'utf8'), run.dir)));
}

describe.skipIf(!slurm.available)('a grid on a real one-node Slurm cluster (slurm-wlm, munge)', () => {
  beforeAll(async () => {
    dir = tempDir('slurm');
    cluster = join(dir, 'cluster');
    const start = spawnSync('bash', [SCRIPT, 'start', cluster], { encoding: 'utf8' });
    started = true;
    if (start.status !== 0) throw new Error(`${SCRIPT} start failed: ${start.stderr.trim()}`);
    process.env.SLURM_CONF = join(cluster, 'slurm.conf');
    await writeTinyIdx(join(dir, 'data'), 384, 64);
  });

  afterAll(() => {
    delete process.env.SLURM_CONF;
    if (started) spawnSync('bash', [SCRIPT, 'stop', cluster], { stdio: 'inherit' });
  });

  it('runs a 3-task array job: every run present once, records valid, ls lists them', async () => {
    const file = await experiment('tiny', { layers: [784, 16, 10], batchSize: 32, epochs: 2, evalEvery: 6, probeSize: 16 }, 3, [false, true]);
    const job = await submit(file, 'results', 3);
    const logs = () => [0, 1, 2].map((task) => `--- task ${task}\n${logOf('results', 'negmnist-tiny', job, task)}`).join('\n');
    expect(await finished(job, logs)).toEqual(['0 COMPLETED 0:0', '1 COMPLETED 0:0', '2 COMPLETED 0:0']);
    const trainedBy = new Map<string, number>();
    for (const task of [0, 1, 2]) {
      const log = events(logOf('results', 'negmnist-tiny', job, task));
      expect(log[0]).toMatchObject({ event: 'note', text: expect.stringMatching(new RegExp(`^shard ${task}/3 \\(from SLURM_ARRAY_TASK_ID=${task}, --shards 3\\): 2 of the grid's 6 run`)) });
      for (const e of log) if (e.event === 'runEnd') trainedBy.set(e.id as string, task);
    }
    const stored = await records('results');
    const ids = ['neg-s0', 'neg-s1', 'neg-s2', 'pos-s0', 'pos-s1', 'pos-s2'];
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect([...trainedBy.keys()].sort()).toEqual(ids);
    for (const record of stored) {
      expect(record.status).toBe('done');
      expect(record.step).toBe(record.totalSteps);
      expect(record.provenance).toMatchObject({ host: hostname(), shard: { index: trainedBy.get(record.id), count: 3, source: 'slurm' } });
    }
    const ls = await runCli(['ls', 'results'], dir);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split('\n')).toHaveLength(1 + ids.length);
    for (const id of ids) expect(ls.stdout).toMatch(new RegExp(`tiny/${id}\\s+done .* ${trainedBy.get(id)}/3\\s+${hostname()}\\s+cpu`));
  });

  it('a task cancelled mid-run and re-submitted alone resumes its run from the checkpoint', { timeout: 480_000 }, async () => {
    const file = await experiment('long', { layers: [784, 64, 10], batchSize: 32, epochs: 40, evalEvery: 12, probeSize: 16 }, 2, [true]);
    const job = await submit(file, 'long', 2);
    const logs = () => [0, 1].map((task) => `--- task ${task}\n${logOf('long', 'negmnist-long', job, task)}`).join('\n');
    // Cancel task 1 once its run has checkpointed (its first evaluation).
    await until(() => events(logOf('long', 'negmnist-long', job, 1)).some((e) => e.event === 'evaluation'), logs);
    slurmCommand('scancel', `${job}_1`);
    await until(() => slurmCommand('squeue', '-h', '-j', `${job}_1`).trim() === '', logs);
    expect(slurmCommand('scontrol', '-o', 'show', 'job', `${job}_1`)).toMatch(/JobState=CANCELLED /);
    const killed = (await records('long')).find((r) => r.provenance?.shard?.index === 1);
    expect(killed, logs()).toBeDefined();
    const before = killed as RunRecord;
    expect(before.status).not.toBe('done');
    expect(before.step).toBeGreaterThan(0);
    expect(before.step).toBeLessThan(before.totalSteps);
    const runDir = join(dir, 'long', 'long', before.id);
    expect(existsSync(join(runDir, CHECKPOINT_FILE))).toBe(true);
    const incomplete = await runCli(['ls', 'long', '--incomplete', file, '--shards', '2'], dir);
    expect(incomplete.stdout).toMatch(new RegExp(`long/${before.id}\\s+${before.status}\\s+${before.step}/${before.totalSteps}\\s+1/2\\s+-`));

    // Re-submit only task 1 of the same script (task 0 may still run): Slurm reports an array of one task.
    const script = join(dir, 'long', '.slurm', 'negmnist-long.sbatch');
    const again = /^(\d+)/.exec(slurmCommand('sbatch', '--parsable', '--array=1', script))?.[1] as string;
    const againLog = () => logOf('long', 'negmnist-long', again, 1);
    expect(await finished(again, againLog)).toEqual(['1 COMPLETED 0:0']);
    const states = await finished(job, logs);
    expect(states[0]).toBe('0 COMPLETED 0:0');
    expect(states[1]).toMatch(/^1 CANCELLED /);
    const log = events(againLog());
    expect(log[0]?.text).toMatch(/^shard 1\/2 \(from SLURM_ARRAY_TASK_ID=1, --shards 2\): 1 of the grid's 2 run/);
    expect(log.find((e) => e.event === 'note' && typeof e.resuming === 'number')).toMatchObject({ finished: 0, resuming: 1 });
    const start = log.find((e) => e.event === 'runStart');
    expect(start).toMatchObject({ id: before.id });
    expect(start?.step).toBeGreaterThanOrEqual(before.step);
    expect(start?.step).toBeLessThan(before.totalSteps);

    const after = await records('long');
    expect(after.map((r) => [r.id, r.status])).toEqual([['neg-s0', 'done'], ['neg-s1', 'done']]);
    const resumed = after.find((r) => r.id === before.id) as RunRecord;
    expect(resumed.step).toBe(resumed.totalSteps);
    expect(resumed.startedAt).toBe(before.startedAt);
    // The evaluations made before the cancel are kept, not recomputed from step 0.
    expect(resumed.evaluations.slice(0, before.evaluations.length)).toEqual(before.evaluations);
    expect(existsSync(join(runDir, CHECKPOINT_FILE))).toBe(false);
    expect(existsSync(join(runDir, 'run.lock'))).toBe(false);
  });
});
