import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '@negmnist/results/store';
import type { RunRecord } from '@negmnist/results';
import { runCli, startCli, tempDir } from '../test/cli-process';
import type { CliResult } from '../test/cli-process';
import { writeTinyIdx } from '../test/tiny-idx';
import { webgpuGate } from '../test/webgpu-gate';

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

const RUNS = ['pos-s0', 'neg-s0'];
/** How long a stopped run may take to write the checkpoints the tests wait for. */
const CHECKPOINT_DEADLINE_MS = 60_000;
/** Each record write of a run the tests stop waits this long, so that a run lasts 20 evaluations x 2 runs x this. */
const RECORD_DELAY_MS = 100;
// Loaded with `node --require` into the CLI and its worker threads: every rename onto a record.json waits
// RECORD_DELAY_MS. The numbers are unchanged; the runs last seconds on any machine, so the test stops them mid-way.
const SLOW_RECORDS = `const fs = require('node:fs/promises');
const rename = fs.rename;
fs.rename = async (from, to) => {
  if (String(to).endsWith('record.json')) await new Promise((resolve) => setTimeout(resolve, ${RECORD_DELAY_MS}));
  return rename(from, to);
};`;
let slowRecords: string[];

/**
 * Resolves once every run of `out` has written a record with its first checkpoint while `cli` trains on.
 * Fails loudly, with the CLI's output, when a run has finished first (the stop would prove nothing),
 * when the CLI exits first, or after CHECKPOINT_DEADLINE_MS.
 */
async function waitForCheckpoints(cli: ReturnType<typeof startCli>, out: string): Promise<RunRecord[]> {
  let exited: CliResult | undefined;
  void cli.done.then((result) => (exited = result));
  const deadline = Date.now() + CHECKPOINT_DEADLINE_MS;
  for (;;) {
    const records = await Promise.all(RUNS.map((id) => readFile(join(dir, out, 'resume', id, 'record.json'), 'utf8').then((text) => JSON.parse(text) as RunRecord, () => undefined)));
    const ended = records.find((record) => record !== undefined && record.status !== 'running');
    if (ended !== undefined) throw new Error(`${out}/${ended.id} ended (${ended.status}, step ${ended.step} of ${ended.totalSteps}) before the test could stop it: lengthen the run or RECORD_DELAY_MS`);
    if (records.every((record) => record !== undefined && record.step > 0)) return records as RunRecord[];
    if (exited !== undefined) throw new Error(`the CLI exited (code ${exited.code}, signal ${exited.signal}) before checkpointing ${out}:\n${exited.stdout}${exited.stderr}`);
    if (Date.now() > deadline) throw new Error(`no checkpoint of every run of ${out} within ${CHECKPOINT_DEADLINE_MS / 1000} s; CLI stdout so far:\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Stops `cli` with `signal` at the first checkpoint of every run; fails if the CLI had finished before the signal reached it. */
async function stopAtFirstCheckpoint(cli: ReturnType<typeof startCli>, out: string, signal: NodeJS.Signals): Promise<{ result: CliResult; checkpointed: RunRecord[] }> {
  const checkpointed = await waitForCheckpoints(cli, out);
  cli.child.kill(signal);
  const result = await cli.done;
  if (signal === 'SIGKILL' && result.signal !== 'SIGKILL') throw new Error(`the CLI exited (code ${result.code}) before SIGKILL reached it:\n${result.stdout}${result.stderr}`);
  return { result, checkpointed };
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
  // the WebGPU backend tests' network (their kernels compile once per machine, in lavapipe's shader cache)
  await writeFile(join(dir, 'exp-engines.json'), JSON.stringify({ ...experiment, base: { ...experiment.base, layers: [784, 32, 10] } }));
  await writeFile(join(dir, 'slow-records.cjs'), SLOW_RECORDS);
  slowRecords = ['--require', join(dir, 'slow-records.cjs')];
  const baselines = await Promise.all([runCli(args('baseline-ensemble', ENSEMBLE), dir), runCli(args('baseline-workers', WORKERS), dir)]);
  expect(baselines.map((b) => b.code)).toEqual([0, 0]);
});

describe('grid resumability', () => {
  it('after SIGKILL mid-run, re-running resumes from the checkpoints and matches an uninterrupted run', async () => {
    const { checkpointed } = await stopAtFirstCheckpoint(startCli(args('killed', ENSEMBLE), dir, slowRecords), 'killed', 'SIGKILL');
    const partial = await listRuns(join(dir, 'killed'));
    expect(partial.map((r) => r.record.status)).toEqual(['running', 'running']);
    // killed between its first checkpoint and its end
    expect(partial.every((r) => r.record.step >= Math.min(...checkpointed.map((c) => c.step)) && r.record.step < r.record.totalSteps)).toBe(true);
    const resumed = await runCli(args('killed', ENSEMBLE), dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('2 to resume');
    expect(await runMetrics('killed')).toEqual(await runMetrics('baseline-ensemble'));
    expect(existsSync(join(dir, 'killed', 'resume', 'pos-s0', 'checkpoint.safetensors'))).toBe(false);
  });

  it('on SIGINT (runs in worker threads) finishes the step, checkpoints, says how to resume and exits 130', async () => {
    const { result } = await stopAtFirstCheckpoint(startCli(args('ctrl-c', WORKERS), dir, slowRecords), 'ctrl-c', 'SIGINT');
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain('resume with: negmnist grid exp.json --backend cpu --out ctrl-c --no-ensemble --workers 2');
    const partial = await listRuns(join(dir, 'ctrl-c'));
    expect(partial.map((r) => r.record.status)).toEqual(['interrupted', 'interrupted']);
    expect(partial.every((r) => r.record.step < r.record.totalSteps)).toBe(true);
    const resumed = await runCli(args('ctrl-c', WORKERS), dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('using 2 worker threads');
    expect(await runMetrics('ctrl-c')).toEqual(await runMetrics('baseline-workers'));
    const again = await runCli(args('ctrl-c', WORKERS), dir);
    expect(again.stdout).toContain('2 finished (skipped), 0 to resume, 0 new');
  });

  it.skipIf(!webgpuGate('trainer: resume across engines').available)('a grid killed on cpu resumes on webgpu from the same checkpoints and finishes valid records', async () => {
    const grid = (out: string, backend: string) => ['grid', 'exp-engines.json', '--backend', backend, '--out', out, ...ENSEMBLE];
    const baseline = await runCli(grid('engines-baseline', 'cpu'), dir);
    expect(baseline.code, baseline.stderr).toBe(0);
    const { checkpointed } = await stopAtFirstCheckpoint(startCli(grid('engines', 'cpu'), dir, slowRecords), 'engines', 'SIGKILL');
    const resumed = await runCli(grid('engines', 'webgpu'), dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('2 to resume');
    expect(resumed.stdout).toMatch(/^backend: webgpu \(/m);
    // listRuns parses every record with the results schema (an invalid one throws)
    const [runs, reference] = [await listRuns(join(dir, 'engines')), await listRuns(join(dir, 'engines-baseline'))];
    expect(runs.map((r) => r.record.id)).toEqual(reference.map((r) => r.record.id));
    for (const [i, { dir: runDir, record }] of runs.entries()) {
      const alone = (reference[i] as (typeof reference)[number]).record;
      expect(record).toMatchObject({ status: 'done', step: alone.totalSteps, totalSteps: alone.totalSteps, backend: { engine: 'webgpu', name: 'webgpu' } });
      expect(existsSync(join(runDir, 'checkpoint.safetensors'))).toBe(false);
      expect(record.evaluations.map((e) => e.step)).toEqual(alone.evaluations.map((e) => e.step));
      // what cpu computed before the kill is kept as it was; what webgpu computed after it continues from there
      const before = (checkpointed.find((c) => c.id === record.id) as RunRecord).step;
      const kept = (e: RunRecord['evaluations'][number]) => e.step <= before;
      expect(metrics({ ...record, evaluations: record.evaluations.filter(kept) }).evaluations).toEqual(metrics({ ...alone, evaluations: alone.evaluations.filter(kept) }).evaluations);
      const last = record.evaluations.at(-1) as RunRecord['evaluations'][number];
      const lastAlone = alone.evaluations.at(-1) as RunRecord['evaluations'][number];
      expect(last.valLoss).toBeCloseTo(lastAlone.valLoss as number, 3);
    }
  });
});
