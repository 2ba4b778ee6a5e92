// Lockstep of the ONNX engine against TensorFlow.js (cpu, and wasm) on the seed network, batch 64,
// real MNIST (6400 training images, 1000 validation): |val loss difference| at every 10th step.
// Usage: node bench/lockstep.mjs [steps per side, default 400 positive / 200 negative]. Heavy: a script, not a test.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { train } from '@negmnist/train';
import { onnxEngine } from '@negmnist/engine-onnx';
import { tfjsEngine } from '@negmnist/engine-tfjs';

const head = (ds, count) => ({ ...ds, count, images: ds.images.subarray(0, count * ds.rows * ds.cols), labels: ds.labels.subarray(0, count) });
const data = { train: toFloatDataset(head(await loadMnist({ split: 'train' }), 6400)), validation: toFloatDataset(head(await loadMnist({ split: 'test' }), 1000)) };
for (const negative of [false, true]) {
  const runs = [];
  for (const [backend, engine] of [['cpu', tfjsEngine], ['wasm', tfjsEngine], ['cpu', onnxEngine()]]) {
    await tf.setBackend(backend);
    runs.push(await train(seedNetwork({ seed: 0 }), data, { negative, epochs: negative ? 2 : 4, evalEvery: 10, probeSize: 100, engine }));
  }
  const gap = (a, b) => a.evaluations.map((e, i) => `${e.step}:${Math.abs(e.valLoss - b.evaluations[i].valLoss).toExponential(0)}`).join(' ');
  console.log(`${negative ? 'negative' : 'positive'} images\n  tfjs cpu vs onnx cpu:  ${gap(runs[0], runs[2])}\n  tfjs cpu vs tfjs wasm: ${gap(runs[0], runs[1])}`);
}
