// Milliseconds per SGD step of the seed network (784-200-100-10, batch 64, MNIST) on the WebGPU engine, for
// K = 1, 8 and 64 members trained at once (shared batch order), on whatever adapter is here: wall time, and
// the GPU time of the step's compute pass (timestamp queries) where the adapter offers timestamp-query.
// Run after `pnpm build`: node bench/steps.mjs [--ks 1,8,64] [--steps N]
import { SEED_CONFIG } from '@negmnist/core';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { createMlpEnsemble } from '@negmnist/models';
import { train } from '@negmnist/train';
import { webgpuEngine } from '@negmnist/engine-webgpu';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
};
const ks = arg('ks', '1,8,64').split(',').map(Number);
const fixedSteps = arg('steps', undefined);

const test = await loadMnist({ split: 'test' });
const validation = toFloatDataset({ ...test, count: 1000, images: test.images.subarray(0, 1000 * 784), labels: test.labels.subarray(0, 1000) });
const data = { train: toFloatDataset(await loadMnist({ split: 'train' })), validation };
const timings = [];
const engine = webgpuEngine({ onStepsTimed: (t) => timings.push(t) });
console.log(`adapter: ${await engine.adapter()}; seed network, batch 64, negative images, MNIST train (60,000)`);

for (const k of ks) {
  // one warm-up call of n steps (compiles the kernels), then n timed steps in one more call
  const n = Number(fixedSteps ?? Math.max(4, Math.round(200 / k)));
  const { layers, hidden, output, init } = SEED_CONFIG;
  const model = createMlpEnsemble(Array.from({ length: k }, (_, i) => ({ layerSizes: layers, hidden, output, init, seed: i })));
  let start = 0;
  let end = 0;
  await train(model, data, {
    engine,
    negative: true,
    batchSize: 64,
    epochs: 1,
    maxSteps: 2 * n + 1,
    stepsPerCall: n,
    evalEvery: 100_000,
    probeSize: 100,
    members: Array.from({ length: k }, () => ({})),
    hooks: {
      onBatchEnd: (r) => {
        if (r.step === n) {
          start = performance.now();
          timings.length = 0;
        }
        if (r.step === 2 * n) end = performance.now();
      },
    },
  });
  model.dispose();
  const ms = (end - start) / n;
  // the timed submission: the n steps after the warm-up call
  const timed = timings.find((t) => t.steps === n);
  const gpu = timed === undefined ? 'no GPU time (no timestamp-query)' : `GPU ${(timed.gpuMs / n).toFixed(2)} ms per step`;
  console.log(`K = ${String(k).padStart(3)}: ${ms.toFixed(2)} ms per step, ${((1000 * k) / ms).toFixed(1)} model-steps/s, ${gpu} (${n} steps in one submission)`);
}
await engine.destroy();
