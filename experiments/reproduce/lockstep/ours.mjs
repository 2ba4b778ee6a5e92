// Our side of the lockstep and chaos checks, on the built @negmnist packages (TensorFlow.js):
// export a start (initial weights + batch order), train from it, train perturbed twins, and run the
// PyTorch side (torch_lockstep.py) as a child process.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../packages/engine-tfjs/package.json', import.meta.url));
const tf = require('@tensorflow/tfjs');
const { batchIndices, createRng, stepsPerEpoch, toFloatDataset } = require('@negmnist/data');
const { loadMnist } = require('@negmnist/data/node');
const { createMlpEnsemble, getWeights, seedNetwork, setWeights } = require('@negmnist/models');
const { tfjsEngine } = require('@negmnist/engine-tfjs');
const { separationStep } = require('@negmnist/results/aggregate');
const requireTrain = createRequire(new URL('../../../packages/train/package.json', import.meta.url));
const { perturbCentreWeight, train } = requireTrain('@negmnist/train');
const { encodeSafetensors } = requireTrain('@negmnist/train/checkpoint');

/** The PyTorch program of the checks, and the interpreter with Debian's torch. */
export const TORCH_SCRIPT = fileURLToPath(new URL('torch_lockstep.py', import.meta.url));
export const PYTHON = process.env.NEGMNIST_PYTHON ?? '/usr/bin/python3';


const requireOnnx = createRequire(new URL('../../../packages/engine-onnx/package.json', import.meta.url));
let trainEngine = tfjsEngine;

/**
 * Selects our side: `onnx-cpu` (ONNX Runtime's CPU provider, 1 intra-op thread; tfjs cpu holds the model)
 * or a TensorFlow.js backend (`wasm` or `cpu`). Returns what ran, with versions.
 */
export async function useBackend(backend) {
  if (backend === 'onnx-cpu') {
    const onnx = requireOnnx('./dist/index.cjs');
    trainEngine = onnx.onnxEngine({ executionProvider: 'cpu' });
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: `onnxruntime-node ${onnx.onnxRuntimeVersion()} cpu, 1 intra-op thread`, tfjs: tf.version.tfjs };
  }
  if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`backend: expected onnx-cpu, wasm or cpu, received ${backend} (failed to start)`);
  await tf.ready();
  return { backend: tf.getBackend(), tfjs: tf.version.tfjs };
}

const cache = new Map();

/** MNIST as the seed uses it (x / 255, `1 - x` when negative); validation: the first `probe` test images. */
export async function loadData(negative, probe) {
  const key = `${negative}:${probe}`;
  if (!cache.has(key)) {
    const trainSet = toFloatDataset(await loadMnist({ split: 'train' }), { negative });
    const test = toFloatDataset(await loadMnist({ split: 'test' }), { negative });
    const validation = { ...test, x: test.x.slice(0, probe * test.features), labels: test.labels.slice(0, probe), count: probe };
    cache.set(key, { train: trainSet, validation });
  }
  return cache.get(key);
}

/** The first `steps` batches our trainer draws for a data-order seed (index arrays, epoch after epoch, one generator). */
export function batchOrder(count, seed, steps, batchSize = 64) {
  const perEpoch = stepsPerEpoch(count, batchSize);
  const rng = createRng(seed);
  const batches = [];
  for (let epoch = 0; batches.length < steps; epoch++) {
    for (const b of batchIndices(count, { batchSize, rng })) {
      if (batches.length === steps) break;
      batches.push(Array.from(b));
    }
    if (epoch > steps / perEpoch + 1) throw new Error('batchOrder: ran past the expected number of epochs');
  }
  return batches;
}

/** Writes the seed network's initial weights (safetensors) and our batch order (JSON) for a seed into `dir`. */
export async function exportStart({ seed, steps, count, dir }) {
  const model = seedNetwork({ seed });
  try {
    const init = join(dir, `init-${seed}.safetensors`);
    const order = join(dir, `order-${seed}-${steps}.json`);
    await writeFile(init, encodeSafetensors(await getWeights(model), { format: 'negmnist', seed: String(seed) }));
    await writeFile(order, JSON.stringify({ seed, batches: batchOrder(count, seed, steps) }));
    return { init, order };
  } finally {
    model.dispose();
  }
}

/** Trains `model` (an Mlp or ensemble) for `steps` steps, returning each member's validation loss every `every` steps. */
async function trainSteps(model, data, { steps, every, members, seed }) {
  const controller = new AbortController();
  const epochs = Math.ceil(steps / stepsPerEpoch(data.train.count, 64));
  const stop = { onBatchEnd: ({ step }) => (step >= steps ? controller.abort() : undefined) };
  const result = await train(model, data, { epochs, seed, members, evalEvery: every, probeSize: 100, hooks: stop, signal: controller.signal, engine: trainEngine });
  const evaluations = result.members.map((m) => m.evaluations.filter((e) => e.step <= steps));
  return {
    steps: (evaluations[0] ?? []).map((e) => e.step),
    valLoss: evaluations.map((ev) => ev.map((e) => e.valLoss ?? Number.NaN)),
    msPerStep: result.wallTimeMs / result.step,
  };
}

/** Our trainer from the seed network's init for `seed`, on our batch order for `seed`: validation loss every `every` steps. */
export async function trainOurs({ seed, negative, steps, every, probe }) {
  const model = seedNetwork({ seed });
  try {
    const out = await trainSteps(model, await loadData(negative, probe), { steps, every, seed });
    return { steps: out.steps, valLoss: out.valLoss[0], msPerStep: out.msPerStep };
  } finally {
    model.dispose();
  }
}

/**
 * Ours against ours: for each (seed, negative) pair, two copies of the seed network trained side by side as one
 * ensemble on the same batch order, the second with `perturb` (or the pair's own `perturb`) added in float32 to
 * one fc1 weight.
 */
export async function trainOurTwins({ pairs, steps, every, probe, perturb }) {
  const members = pairs.flatMap(({ seed, negative }) => [{ seed, negative }, { seed, negative }]);
  const model = createMlpEnsemble(members.map(({ seed }) => ({ seed })));
  try {
    // The train package's one definition of the twin's perturbed weight (fc1, centre pixel to unit 0).
    const before = (await getWeights(model))[0].data.slice();
    const deltas = members.map((_, k) => (k % 2 === 1 ? (pairs[(k - 1) / 2].perturb ?? perturb) : 0));
    setWeights(model, perturbCentreWeight(await getWeights(model), members.length, deltas, { rows: 28, cols: 28 }));
    const after = (await getWeights(model))[0].data;
    const perMember = before.length / members.length;
    // What float32 made of each delta: the one changed entry of the twin's kernel.
    const applied = pairs.map((_, p) => {
      let change = 0;
      for (let i = (2 * p + 1) * perMember; i < (2 * p + 2) * perMember; i++) change += after[i] - before[i];
      return change;
    });
    // Every member reads the same images; polarity is per member, so start from positive data.
    const data = await loadData(false, probe);
    const out = await trainSteps(model, data, { steps, every, members });
    return pairs.map((pair, p) => ({
      ...pair,
      steps: out.steps,
      valLoss: out.valLoss[2 * p],
      twinValLoss: out.valLoss[2 * p + 1],
      perturbApplied: applied[p],
    }));
  } finally {
    model.dispose();
  }
}

/** Runs torch_lockstep.py with these arguments and parses its JSON output. */
export function runTorch(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [TORCH_SCRIPT, ...args], {
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => reject(new Error(`${PYTHON} ${TORCH_SCRIPT}: failed to start (${error.message})`)));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${PYTHON} ${TORCH_SCRIPT} ${args.join(' ')}: exit ${code}: ${stderr.trim().split('\n').at(-1)}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** `{ step, ours, other, diff }` at the steps both series (`{ steps, valLoss }`) share, with diff = |ours - other|. */
export function lossDifferences(ours, other) {
  const byStep = new Map(other.steps.map((s, i) => [s, other.valLoss[i]]));
  return ours.steps.flatMap((step, i) => {
    if (!byStep.has(step)) return [];
    const a = ours.valLoss[i];
    const b = byStep.get(step);
    return [{ step, ours: a, other: b, diff: Math.abs(a - b) }];
  });
}

/**
 * The first evaluation step at which the two losses of `{ step, ours, other }` rows differ by more than
 * `threshold` (null: not within the run): @negmnist/results' `separationStep`, the one rule (a non-finite loss
 * on one side counts as separated).
 */
export function pairSeparationStep(rows, threshold) {
  const side = (key) => rows.map((r) => ({ step: r.step, valLoss: r[key] }));
  return separationStep(side('ours'), side('other'), threshold);
}
