// `negmnist bench` child (dist/bench-child.cjs): one measurement of ours through the trainer's own
// session code (backend selection, data loading, train(), records, checkpoints), as `negmnist train`
// and `negmnist grid` run it. Reads a job as argv[2] (JSON), prints one JSON line.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mnistDataDir } from '@negmnist/data/node';
import type { StepsTiming } from '@negmnist/engine-webgpu';
import type { TrainHooks } from '@negmnist/train';
import { gpuTimeOf, type GpuTime } from './gpu-time';
import type { OursFailure, OursJob, OursResult } from './jobs';
import type { CommandContext } from '../commands/context';
import { backendById, defaultThreads } from '../backends/table';
import type { DataSource } from '../config/data';
import type { RunSpec } from '../config/experiment';
import { SEED_PRESET } from '../config/presets';
import { runSession } from '../runs/session';
import { workerCount } from '../runs/workers';

// the seed's batch: step data and the one evaluation are sized in its batches
const BATCH = SEED_PRESET.batchSize;

/** The first `count` items of an MNIST IDX file, with the count in its header changed to match. */
async function writeSubset(from: string, to: string, count: number, itemBytes: number): Promise<void> {
  const bytes = await readFile(from);
  const headerBytes = 4 + 4 * (bytes[3] ?? 0);
  const out = Buffer.from(bytes.subarray(0, headerBytes + count * itemBytes));
  out.writeUInt32BE(count, 4);
  await writeFile(to, out);
}

/** Step/ensemble data: exactly warmup + steps batches of real MNIST, one batch of test images. */
async function stepData(dir: string, batches: number): Promise<DataSource> {
  const mnist = mnistDataDir();
  await mkdir(dir, { recursive: true });
  const files = { images: join(dir, 'train-images'), labels: join(dir, 'train-labels'), testImages: join(dir, 'test-images'), testLabels: join(dir, 'test-labels') };
  await writeSubset(join(mnist, 'train-images-idx3-ubyte'), files.images, batches * BATCH, 784);
  await writeSubset(join(mnist, 'train-labels-idx1-ubyte'), files.labels, batches * BATCH, 1);
  await writeSubset(join(mnist, 't10k-images-idx3-ubyte'), files.testImages, BATCH, 784);
  await writeSubset(join(mnist, 't10k-labels-idx1-ubyte'), files.testLabels, BATCH, 1);
  return { kind: 'idx', name: 'bench', ...files };
}

function seedRun(id: string, overrides: Partial<RunSpec['config']>): RunSpec {
  return { experiment: 'bench', id, label: id, config: { ...SEED_PRESET, dataset: 'mnist', seed: 0, ...overrides } };
}

/**
 * Hooks that split time into steps and evaluations, per train() call (the trainer may train several
 * ensembles). `warmup` undefined: a whole run (training = all but evaluations, records and checkpoints
 * included); else the steps after `warmup` (an engine call of their own: the session's `firstCallSteps`)
 * up to the end of the final evaluation, which reads device values, so queued GPU steps have finished by then.
 */
function timingHooks(warmup: number | undefined, timed: { trainingMs: number; evaluationMs: number; steps: number; modelSteps: number }): TrainHooks {
  let members = 1;
  let totalSteps = 0;
  let began = 0;
  let timedFrom = 0;
  let lastBatchEnd = 0;
  let lastEvalEnd = 0;
  let evaluationMs = 0;
  return {
    onTrainBegin: (r) => {
      members = r.members;
      totalSteps = r.totalSteps;
      began = performance.now();
      timedFrom = began;
      evaluationMs = 0;
    },
    onBatchEnd: (r) => {
      lastBatchEnd = performance.now();
      if (r.step === warmup) timedFrom = lastBatchEnd;
    },
    onEvalEnd: () => {
      lastEvalEnd = performance.now();
      evaluationMs += lastEvalEnd - lastBatchEnd;
    },
    onTrainEnd: () => {
      const steps = totalSteps - (warmup ?? 0);
      timed.trainingMs += warmup === undefined ? performance.now() - began - evaluationMs : lastEvalEnd - timedFrom;
      timed.evaluationMs += evaluationMs;
      timed.steps = Math.max(timed.steps, steps);
      timed.modelSteps += steps * members;
    },
  };
}

/** step/ensemble: K seed runs (seeds 0..K-1) on exactly warmup + steps batches, one evaluation at the end. */
async function stepRuns(job: OursJob): Promise<{ runs: RunSpec[]; data: DataSource }> {
  const k = job.k ?? 1;
  const batches = (job.warmup ?? 0) + (job.steps ?? 1);
  const data = await stepData(join(job.outDir, 'data'), batches);
  // One evaluation, after the last step, on one batch of images: it ends the timing with a device read.
  const runs = Array.from({ length: k }, (_, seed) => seedRun(`k${k}-seed${seed}`, { dataset: 'bench', seed, epochs: 1, evalEvery: batches, probeSize: BATCH }));
  return { runs, data };
}

/** The time of a job, as the trainer runs it; step/ensemble on `webgpu` with `gpuTiming`: the GPU time per step instead. */
async function measure(job: OursJob): Promise<OursResult | GpuTime> {
  const timed = { trainingMs: 0, evaluationMs: 0, steps: 0, modelSteps: 0 };
  const quiet = { write: () => true, isTTY: false };
  const ctx: CommandContext = { print: () => 0, warn: (line) => void process.stderr.write(`${line}\n`), stdout: quiet, signal: new AbortController().signal };
  const base = { backend: job.backend, outDir: join(job.outDir, 'results'), quiet: true, json: false, resumeCommand: 'negmnist bench', ...(job.threads === undefined ? {} : { threads: job.threads }) };
  let records;
  // each train() call's timed submissions (the ensembles the session made), when the GPU time is asked for
  const submissions: StepsTiming[][] = [];
  if (job.mode === 'grid') {
    records = await runSession({ ...base, runs: job.runs ?? [], data: { kind: 'mnist' }, ensemble: 'auto' }, ctx);
  } else if (job.mode === 'protocol') {
    const runs = [seedRun('protocol', { epochs: job.epochs ?? 1 })];
    records = await runSession({ ...base, runs, data: { kind: 'mnist' }, ensemble: false, workers: 1, hooks: timingHooks(undefined, timed) }, ctx);
  } else {
    const k = job.k ?? 1;
    const warmup = job.warmup ?? 0;
    const { runs, data } = await stepRuns(job);
    const hooks = job.gpuTiming === true ? { onTrainBegin: () => void submissions.push([]) } : timingHooks(warmup, timed);
    const gpuTiming = job.gpuTiming === true ? { onStepsTimed: (t: StepsTiming) => void submissions.at(-1)?.push(t) } : {};
    // the warm-up steps are an engine call of their own (engines that run several steps per call), so the timing starts after them
    records = await runSession({ ...base, runs, data, ensemble: k > 1, workers: 1, hooks, ...gpuTiming, ...(warmup > 0 ? { firstCallSteps: warmup } : {}) }, ctx);
    if (job.gpuTiming === true) return gpuTimeOf(submissions, warmup, records[0]?.backend.adapter ?? job.backend);
  }
  const backend = records[0]?.backend ?? { name: job.backend };
  let workers = 1;
  if (job.mode === 'grid') {
    // Worker threads get no hooks: count the steps the records say were trained.
    timed.steps = Math.max(0, ...records.map((r) => r.step));
    timed.modelSteps = records.reduce((sum, r) => sum + r.step, 0);
    workers = workerCount(backendById(job.backend), records.length, undefined, job.threads ?? defaultThreads(records.length));
  }
  return { backend, versions: records[0]?.versions ?? {}, ...timed, workers, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

Promise.resolve()
  .then(() => measure(JSON.parse(process.argv[2] ?? '{}') as OursJob))
  .then(
  (result) => void process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const failure: OursFailure = { error: e.message.split('\n')[0] ?? e.name, unavailable: e.name === 'BackendUnavailableError' };
    process.stdout.write(`${JSON.stringify(failure)}\n`);
    process.exitCode = 1;
  },
);
