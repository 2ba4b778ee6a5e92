import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '@negmnist/results/node';
import type { RunRecord } from '@negmnist/results';
import { runCli, startCli, tempDir } from './test/cli-process';
import { writeTinyIdx } from './test/tiny-idx';

let dir: string;
const args = (out: string) => ['grid', 'exp.json', '--backend', 'cpu', '--out', out];

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
    base: { layers: [784, 16, 10], batchSize: 32, epochs: 12, evalEvery: 4, probeSize: 16 },
    grid: { negative: [false, true] },
    seeds: [0],
  };
  await writeFile(join(dir, 'exp.json'), JSON.stringify(experiment));
  expect((await runCli(args('baseline'), dir)).code).toBe(0);
});

describe('grid resumability', () => {
  it('after SIGKILL mid-run, re-running resumes from the checkpoints and matches an uninterrupted run', async () => {
    const run = startCli(args('killed'), dir);
    await waitForProgress('killed', 12);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const partial = await listRuns(join(dir, 'killed'));
    expect(partial.map((r) => r.record.status)).toEqual(['running', 'running']);
    expect(partial.every((r) => r.record.step < r.record.totalSteps)).toBe(true);
    const resumed = await runCli(args('killed'), dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('2 to resume');
    expect(await runMetrics('killed')).toEqual(await runMetrics('baseline'));
    expect(existsSync(join(dir, 'killed', 'resume', 'pos-s0', 'checkpoint.bin'))).toBe(false);
  });

  it('on SIGINT finishes the step, checkpoints, says how to resume and exits 130', async () => {
    const run = startCli(args('ctrl-c'), dir);
    await waitForProgress('ctrl-c', 8);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('resume with: negmnist grid exp.json --backend cpu --out ctrl-c');
    const partial = await listRuns(join(dir, 'ctrl-c'));
    expect(partial.map((r) => r.record.status)).toEqual(['interrupted', 'interrupted']);
    expect((await runCli(args('ctrl-c'), dir)).code).toBe(0);
    expect(await runMetrics('ctrl-c')).toEqual(await runMetrics('baseline'));
    const again = await runCli(args('ctrl-c'), dir);
    expect(again.stdout).toContain('2 finished (skipped), 0 to resume, 0 new');
  });
});
