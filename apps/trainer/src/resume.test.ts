import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '@negmnist/results/store';
import type { RunRecord } from '@negmnist/results';
import { runCli, startCli, tempDir } from './test/cli-process';
import { writeTinyIdx } from './test/tiny-idx';

let dir: string;
// One ensemble of both runs in-process, or one run per worker thread (the cpu default on 2 cores).
const ENSEMBLE = ['--ensemble', '--workers', '1'];
const WORKERS = ['--no-ensemble', '--workers', '2'];
const args = (out: string, mode: string[]) => ['grid', 'exp.json', '--backend', 'cpu', '--out', out, ...mode];

/** Everything a run computed, without the timings that legitimately differ between attempts. */
function metrics(record: RunRecord) {
  return {
    id: record.id,
    status: record.status,
    step: record.step,
    evaluations: record.evaluations.map(({ wallTimeMs: _, ...rest }) => rest),
    gradientHistograms: record.gradientHistograms,
    confusion: record.confusion,
  };
}

async function runMetrics(out: string) {
  return (await listRuns(join(dir, out))).map((run) => metrics(run.record));
}

/** Resolves once some run of `out` has a record at step >= `step` that is still running. */
async function waitForProgress(out: string, step: number): Promise<void> {
  const file = join(dir, out, 'resume', 'pos-s0', 'record.json');
  for (;;) {
    if (existsSync(file)) {
      const record = JSON.parse(await readFile(file, 'utf8')) as RunRecord;
      if (record.step >= step) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  dir = tempDir('resume');
  await writeTinyIdx(join(dir, 'data'));
  const experiment = {
    name: 'resume',
    dataset: { images: 'data/train-images.idx', labels: 'data/train-labels.idx', testImages: 'data/test-images.idx', testLabels: 'data/test-labels.idx' },
    base: { layers: [784, 16, 10], batchSize: 32, epochs: 10, evalEvery: 4, probeSize: 16 },
    grid: { negative: [false, true] },
    seeds: [0],
  };
  await writeFile(join(dir, 'exp.json'), JSON.stringify(experiment));
  const baselines = await Promise.all([runCli(args('baseline-ensemble', ENSEMBLE), dir), runCli(args('baseline-workers', WORKERS), dir)]);
  expect(baselines.map((b) => b.code)).toEqual([0, 0]);
});

describe('grid resumability', () => {
  it('after SIGKILL mid-run, re-running resumes from the checkpoints and matches an uninterrupted run', async () => {
    const run = startCli(args('killed', ENSEMBLE), dir);
    await waitForProgress('killed', 12);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const partial = await listRuns(join(dir, 'killed'));
    expect(partial.map((r) => r.record.status)).toEqual(['running', 'running']);
    expect(partial.every((r) => r.record.step < r.record.totalSteps)).toBe(true);
    const resumed = await runCli(args('killed', ENSEMBLE), dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('2 to resume');
    expect(await runMetrics('killed')).toEqual(await runMetrics('baseline-ensemble'));
    expect(existsSync(join(dir, 'killed', 'resume', 'pos-s0', 'checkpoint.safetensors'))).toBe(false);
  });

  it('on SIGINT (runs in worker threads) finishes the step, checkpoints, says how to resume and exits 130', async () => {
    const run = startCli(args('ctrl-c', WORKERS), dir);
    await waitForProgress('ctrl-c', 8);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('resume with: negmnist grid exp.json --backend cpu --out ctrl-c --no-ensemble --workers 2');
    const partial = await listRuns(join(dir, 'ctrl-c'));
    expect(partial.map((r) => r.record.status)).toEqual(['interrupted', 'interrupted']);
    const resumed = await runCli(args('ctrl-c', WORKERS), dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('using 2 worker threads');
    expect(await runMetrics('ctrl-c')).toEqual(await runMetrics('baseline-workers'));
    const again = await runCli(args('ctrl-c', WORKERS), dir);
    expect(again.stdout).toContain('2 finished (skipped), 0 to resume, 0 new');
  });
});
