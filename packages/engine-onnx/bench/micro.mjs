import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { resolveTrainOptions } from '@negmnist/train';
import { networkSpec, stepGraph, encodeModel, evalGraph } from '@negmnist/engine-onnx';
await tf.setBackend('cpu');
const train = toFloatDataset(await loadMnist({ split: 'train' }));
const model = seedNetwork({ seed: 0 });
const cfg = resolveTrainOptions(model, { train, validation: train }, {});
const spec = networkSpec(model, cfg.members);
const prof = process.argv[2] === 'prof';
const opts = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', enableProfiling: prof, profileFilePrefix: '/tmp/cs/ortprof' };
const sess = await ort.InferenceSession.create(encodeModel(stepGraph(spec, { probes: false, guard: false })), opts);
const f32 = (d, dims) => new ort.Tensor('float32', d, dims);
const sizes = [784, 200, 100, 10];
let w = {};
for (let l = 0; l < 3; l++) { w[`W${l}`] = f32(new Float32Array(sizes[l] * sizes[l + 1]).map(() => (Math.random() - 0.5) * 0.05), [sizes[l], sizes[l + 1]]); w[`b${l}`] = f32(new Float32Array(sizes[l + 1]), [sizes[l + 1]]); }
const feeds = { x0: f32(train.x, [60000, 784]), labels: new ort.Tensor('int64', BigInt64Array.from(train.labels, BigInt), [60000]), lr: f32(new Float32Array([0.1]), [1]), active: f32(new Float32Array([1]), [1]), windowLoss: f32(new Float32Array(1), [1]), windowCorrect: f32(new Float32Array(1), [1]) };
const N = Number(process.argv[3] ?? 500);
for (let rep = 0; rep < 2; rep++) {
  const t0 = performance.now();
  for (let s = 0; s < N; s++) {
    const idx = new BigInt64Array(64); for (let i = 0; i < 64; i++) idx[i] = BigInt((s * 64 + i) % 60000);
    const out = await sess.run({ ...w, ...feeds, indices: new ort.Tensor('int64', idx, [64]) });
    for (let l = 0; l < 3; l++) { w[`W${l}`] = out[`W${l}_next`]; w[`b${l}`] = out[`b${l}_next`]; }
  }
  console.log('step ms', ((performance.now() - t0) / N).toFixed(3));
}
if (prof) console.log(sess.endProfiling?.());
