// The sharpness probe (λmax of the training-loss Hessian, central differences of the ONNX engine's own
// gradient, float32) against PyTorch's exact double-backward Hessian-vector products (float64) on identical
// weights and probe images: the seed network on positive and negative images, at initialisation and after
// training steps. Prints a table and exits 1 when a relative difference exceeds 1e-2.
// Usage: node experiments/reproduce/sharpness/sharpness.mjs [--seeds 0,1] [--steps 0,300] [--json]
// (build first: node scripts/pnpm.mjs --filter negmnist... build; needs /usr/bin/python3 with torch)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../../apps/trainer/package.json', import.meta.url));
const tf = require('@tensorflow/tfjs');
const { toFloatDataset } = require('@negmnist/data');
const { loadMnist } = require('@negmnist/data/node');
const { getWeights, seedNetwork } = require('@negmnist/models');
const { train } = require('@negmnist/train');
const { onnxEngine } = require('@negmnist/engine-onnx');

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '0,1' }, steps: { type: 'string', default: '0,300' }, epsilon: { type: 'string', default: '1e-3' }, json: { type: 'boolean', default: false } } });
const seeds = values.seeds.split(',').map(Number);
const stepsList = values.steps.split(',').map(Number);
tf.enableProdMode();
const images = { train: await loadMnist({ split: 'train' }), validation: await loadMnist({ split: 'test' }) };
const cases = [];
for (const negative of [false, true]) {
  const data = { train: toFloatDataset(images.train, { negative }), validation: toFloatDataset(images.validation, { negative }) };
  for (const seed of seeds) {
    for (const steps of stepsList) {
      const model = seedNetwork({ seed });
      const started = performance.now();
      // every = steps: measured at 0 and after the last step (steps 0: one step, the measurement at 0)
      const result = await train(model, data, {
        seed,
        maxSteps: Math.max(steps, 1),
        epochs: 1,
        evalEvery: 10_000,
        evalFinal: false,
        engine: onnxEngine(),
        sharpness: { every: Math.max(steps, 1), iterations: 300, tolerance: 1e-7, epsilon: Number(values.epsilon) },
      });
      const point = result.sharpness.find((p) => p.step === steps);
      const ms = performance.now() - started;
      // weights at `steps`: for steps 0 retrain nothing, take the initial model
      const weights = steps === 0 ? await getWeights(seedNetwork({ seed })) : await getWeights(model);
      const n = Math.min(2048, images.train.count);
      const stride = Math.floor(images.train.count / n);
      cases.push({
        id: `${negative ? 'negative' : 'positive'} seed ${seed} step ${steps}`,
        negative,
        hidden: 'relu',
        output: 'relu',
        indices: Array.from({ length: n }, (_, i) => i * stride),
        weights: weights.map((w) => ({ name: w.name, shape: w.shape, data: Array.from(w.data) })),
        ours: point.lambdaMax,
        oursIterations: point.iterations,
        oursMs: ms,
      });
      model.dispose();
    }
  }
}
const dir = mkdtempSync(join(tmpdir(), 'negmnist-sharpness-'));
const file = join(dir, 'cases.json');
writeFileSync(file, JSON.stringify(cases));
const py = spawnSync('/usr/bin/python3', [new URL('sharpness_torch.py', import.meta.url).pathname, file], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(2);
}
const torch = new Map(py.stdout.trim().split('\n').map((line) => JSON.parse(line)).map((r) => [r.id, r]));
const rows = cases.map((c) => {
  const t = torch.get(c.id);
  return { id: c.id, ours: c.ours, oursIterations: c.oursIterations, torch: t.lambdaMax, torchIterations: t.iterations, relative: Math.abs(c.ours - t.lambdaMax) / Math.abs(t.lambdaMax) };
});
const worst = Math.max(...rows.map((r) => r.relative));
if (values.json) console.log(JSON.stringify({ rows, worst }));
else {
  console.log('| case | ours (central differences, f32, ONNX Runtime) | PyTorch (double backward, f64) | relative difference |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.id} | ${r.ours.toFixed(4)} (${r.oursIterations} it.) | ${r.torch.toFixed(4)} (${r.torchIterations} it.) | ${r.relative.toExponential(2)} |`);
  console.log(`worst relative difference ${worst.toExponential(2)} (limit 1e-2)`);
}
process.exit(worst <= 1e-2 ? 0 : 1);
