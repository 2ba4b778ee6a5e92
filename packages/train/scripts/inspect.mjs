// Prints per-evaluation details of one seed-network run on real MNIST (wasm): node scripts/inspect.mjs <seed> [--negative] [epochs]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { train } from '../dist/index.js';
await tf.setBackend('wasm');
const seed = Number(process.argv[2] ?? 0);
const negative = process.argv.includes('--negative');
const epochs = Number(process.argv.find((a, i) => i > 2 && /^\d+$/.test(a)) ?? 1);
const data = { train: toFloatDataset(await loadMnist({ split: 'train' }), { negative }), validation: toFloatDataset(await loadMnist({ split: 'test' }), { negative }) };
const r = await train(seedNetwork({ seed }), data, { epochs, seed });
for (const e of r.evaluations) console.log(e.step, e.valAccuracy.toFixed(4), e.layers.map((l) => l.deadFraction?.toFixed(2)).join(' '), 'deadOut', e.deadOutputFraction.toFixed(3));
console.log(r.confusion.map((row) => row.join(' ')).join('\n'));
