/// <reference lib="webworker" />
// One lab run: loads the MNIST subset, starts an engine (engine-webgpu's WGSL kernels, else a TensorFlow.js
// backend) and trains the seed network with @negmnist/train, reporting to the page; the page's pause, resume and step messages hold the
// loop between steps, and its continue message trains further epochs after the run has ended.
import { stepsPerEpoch as epochSteps } from '@negmnist/data';
import { createMlp } from '@negmnist/models';
import { runSettings, SEED_CONFIG } from '@negmnist/core';
import type { EvaluationPlan } from '@negmnist/core';
import { isEvaluationStep, train } from '@negmnist/train';
import type { Checkpoint, TrainHooks } from '@negmnist/train';
import { chooseBackend } from './backend';
import { fetchLabImages, labFloatData } from './data';
import type { LabImages } from './data';
import { Gate } from './gate';
import type { BatchStrip, FromWorker, ToWorker } from './protocol';
import { labDatasetName, labRunConfig } from './settings';
import { StepRate } from './step-rate';
import type { Polarity } from '@negmnist/core';
import type { LabSettings } from './settings';

declare const self: DedicatedWorkerGlobalScope;


/** Digits shown from each batch. */
const STRIP_SIZE = 16;
/** Progress messages at most this often while running (the page redraws on each). */
const PROGRESS_EVERY_MS = 200;
/** Longest stretch of training without returning to the event loop, where the page's messages wait. */
const YIELD_EVERY_MS = 50;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

let gate: Gate | undefined;
/** Set while an ended run waits for more epochs: hands it the number the page's Continue asked for. */
let more: ((epochs: number) => void) | undefined;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    gate = new Gate(message.paused);
    run(message.settings, message.polarity, message.dataBase, message.wasmBase, gate).catch((error: unknown) =>
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'pause') gate?.pause();
  else if (message.type === 'resume') gate?.resume();
  else if (message.type === 'continue') {
    const resolve = more;
    more = undefined;
    gate?.resume(); // Continue runs, as Start does
    resolve?.(message.epochs);
  } else gate?.step(message.steps);
};

/** The first digits of a batch as stored (0-255); the page's digit grid draws them in the run's polarity. */
function strip(images: LabImages, indices: Uint32Array): BatchStrip {
  const { rows, cols } = images.train;
  const size = rows * cols;
  const count = Math.min(STRIP_SIZE, indices.length);
  const out = new Uint8Array(count * size);
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = indices[i] as number;
    out.set(images.train.images.subarray(index * size, (index + 1) * size), i * size);
    labels.push(images.train.labels[index] as number);
  }
  return { images: out, labels, count, rows, cols };
}

async function run(settings: LabSettings, polarity: Polarity, dataBase: string, wasmBase: string, control: Gate): Promise<void> {
  const [chosen, images] = await Promise.all([chooseBackend(settings.backend, wasmBase), fetchLabImages(dataBase)]);
  post({ type: 'backend', backend: chosen.backend, notes: chosen.notes, versions: chosen.versions });
  const dataset = labDatasetName(images.train.count, images.test.count);
  // the run's config, as its record stores it, mapped to the model's, the inputs' and the loop's options by core
  const { model: modelSettings, inputs, member, loop } = runSettings(labRunConfig(settings, polarity, dataset, SEED_CONFIG.layers));
  const data = labFloatData(images, inputs);
  const model = createMlp(modelSettings);
  const stepsPerEpoch = epochSteps(images.train.count, loop.batchSize);
  // both grow when the page continues the run
  let epochs = loop.epochs;
  let totalSteps = stepsPerEpoch * epochs;
  post({
    type: 'data',
    dataset,
    layers: [...model.layerSizes],
    trainCount: images.train.count,
    testCount: images.test.count,
    stepsPerEpoch,
    totalSteps,
    startedAt: new Date().toISOString(),
  });

  let lastPost = -Infinity;
  const rate = new StepRate();
  let started = performance.now();
  // train() calls onBatchEnd, then onEvalEnd (evaluation steps), then onEpochEnd (an epoch's last step):
  // the gate waits in the last of them, so a paused page shows everything the step produced.
  // the lab's schedule, passed to train() and asked of train's own rule, so the two cannot disagree
  const evalPlan: EvaluationPlan = { schedule: loop.evalSchedule, every: loop.evalEvery, final: loop.evalFinal };
  const isEval = (step: number) => isEvaluationStep(step, stepsPerEpoch, totalSteps, evalPlan);
  const lastHook = (step: number, batch: number) => (batch === stepsPerEpoch - 1 ? 'epoch' : isEval(step) ? 'eval' : 'batch');
  let lastYield = performance.now();
  const hold = async (step: number, batch: number, hook: 'batch' | 'eval' | 'epoch') => {
    if (lastHook(step, batch) !== hook || step === totalSteps) return;
    // On wasm every device read resolves as a microtask, so the loop never lets pause/step messages in by itself.
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
    const paused = control.isPaused;
    if (paused) post({ type: 'paused', step });
    await control.pass();
    // time spent paused is not training time; the window restarts only where the step count is complete
    // (in onBatchEnd, engine-webgpu may have computed the rest of the call's steps before the pause)
    if (paused && hook === 'batch') rate.interrupt();
    else if (paused) rate.restart(step, performance.now());
  };
  const progress = (step: number, indices: Uint32Array) => {
    const now = performance.now();
    if (!control.isPaused && now - lastPost < PROGRESS_EVERY_MS && step !== totalSteps) return;
    lastPost = now;
    const shown = strip(images, indices);
    post({ type: 'progress', step, epoch: step / stepsPerEpoch, paused: control.isPaused, stepsPerSecond: rate.perSecond, wallTimeMs: now - started, strip: shown }, [shown.images.buffer]);
  };

  let batchOfStep = 0;
  // the run's state at its last step (taken at its final evaluation, which every complete run has): where a Continue resumes
  let final: Checkpoint | undefined;
  const hooks: TrainHooks = {
    onBatchEnd: async ({ step, batch, indices }) => {
      batchOfStep = batch;
      progress(step, indices[0] as Uint32Array);
      await hold(step, batch, 'batch');
    },
    onEvalEnd: async ({ step, evaluation, checkpoint }) => {
      // evaluations and epoch ends come right after an engine call: the step count is complete there
      rate.update(step, performance.now());
      post({ type: 'evaluation', evaluation });
      if (step === totalSteps) final = await checkpoint();
      await hold(step, batchOfStep, 'eval');
    },
    onEpochEnd: async ({ step, gradientHistogram }) => {
      rate.update(step, performance.now());
      post({ type: 'histogram', histogram: gradientHistogram });
      await hold(step, batchOfStep, 'epoch');
    },
  };
  try {
    // a page that starts paused (Step), or pauses while the data loads, waits here
    if (control.isPaused) post({ type: 'paused', step: 0 });
    await control.pass();
    rate.restart(0, performance.now());
    for (let resumeFrom: Checkpoint | undefined; ; ) {
      const result = await train(model, data, {
        ...loop,
        ...member,
        epochs,
        ...(resumeFrom === undefined ? {} : { resumeFrom }),
        hooks,
        engine: chosen.engine,
      });
      post({ type: 'end', status: result.status, ...(result.divergence ? { divergence: result.divergence } : {}), step: result.step, wallTimeMs: result.wallTimeMs, ...(result.confusion ? { confusion: result.confusion } : {}) });
      // only a complete run continues (a diverged one stays where it stopped)
      if (result.status !== 'done' || final === undefined || final.step !== result.step) return;
      resumeFrom = final;
      epochs += await new Promise<number>((resolve) => (more = resolve));
      totalSteps = stepsPerEpoch * epochs;
      // the time spent waiting for Continue is not the run's: its clock goes on from the checkpoint's
      started = performance.now() - resumeFrom.wallTimeMs;
      rate.restart(resumeFrom.step, performance.now());
      lastPost = -Infinity;
    }
  } finally {
    model.dispose();
    await chosen.release();
  }
}
