import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { train } from '@negmnist/train';

await tf.setBackend('wasm');
const negative = true;
const data = {
  train: toFloatDataset(await loadMnist({ split: 'train' }), { negative }),
  validation: toFloatDataset(await loadMnist({ split: 'test' }), { negative }),
};
const result = await train(seedNetwork({ seed: 0 }), data, {
  epochs: 1,
  evalEvery: 300,
  hooks: {
    onEvalEnd: ({ step, evaluation: e }) =>
      console.log(`step ${step}: val acc ${e.valAccuracy.toFixed(3)}, fc1 dead ${e.layers[0].deadFraction}`),
  },
});
console.log(result.status, result.step, result.gradientHistograms.length, 'histogram(s)');
