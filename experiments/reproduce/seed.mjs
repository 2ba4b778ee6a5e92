// Reproduce the seed program on TensorFlow.js with the built packages, on real MNIST.
// Usage: node experiments/reproduce/seed.mjs [--negative] [--seeds 0,1,2] [--epochs 5] [--backend wasm|cpu] [--ensemble]
//          [--eval-schedule per-epoch|global]  (per-epoch, the default, is the seed's: i % 100 == 99 in every epoch)
// (build first: pnpm --filter @negmnist/train... build). --ensemble trains all seeds as one batched ensemble.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../packages/engine-tfjs/package.json', import.meta.url));
const requireTrain = createRequire(new URL('../../packages/train/package.json', import.meta.url));
const tf = require('@tensorflow/tfjs');
const { values } = parseArgs({
  options: {
    negative: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    ensemble: { type: 'boolean', default: false },
    'eval-schedule': { type: 'string', default: 'per-epoch' },
  },
});
if (values.backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
const { toFloatDataset } = require('@negmnist/data');
const { loadMnist } = require('@negmnist/data/node');
const { createMlpEnsemble, seedNetwork } = require('@negmnist/models');
const { countDrops } = require('@negmnist/results');
const { tfjsEngine } = require('@negmnist/engine-tfjs');
const { train } = requireTrain('@negmnist/train');

tf.enableProdMode();
await tf.setBackend(values.backend);
await tf.ready();

const seeds = values.seeds.split(',').map(Number);
const evalSchedule = values['eval-schedule'];
const epochs = Number(values.epochs);
const data = {
  train: toFloatDataset(await loadMnist({ split: 'train' }), { negative: values.negative }),
  validation: toFloatDataset(await loadMnist({ split: 'test' }), { negative: values.negative }),
};
const kind = values.negative ? 'negative' : 'positive';

function summary(seed, member, msPerStep) {
  const accs = member.evaluations.map((e) => e.valAccuracy);
  const drops = countDrops(member.evaluations);
  const last = member.evaluations.at(-1);
  const dead = last.layers[0].deadFraction;
  const status = member.status === 'done' ? '' : `  [${member.status}]`;
  console.log(
    `${kind} seed ${seed}: val acc @100 ${accs[0].toFixed(4)}  final ${accs.at(-1).toFixed(4)}  drops>500/10k ${drops}  ` +
      `fc1 dead ${dead.toFixed(3)}  ${msPerStep.toFixed(2)} ms/step  (tfjs ${tf.version.tfjs}, ${tf.getBackend()})${status}`,
  );
}

if (values.ensemble) {
  const model = createMlpEnsemble(seeds.map((seed) => ({ seed })));
  const result = await train(model, data, { epochs, evalSchedule, members: seeds.map((seed) => ({ seed })), engine: tfjsEngine });
  result.members.forEach((m, k) => summary(seeds[k], m, result.wallTimeMs / result.step));
  console.log(`ensemble of ${seeds.length}: ${(result.wallTimeMs / result.step).toFixed(2)} ms per batched step`);
  model.dispose();
} else {
  for (const seed of seeds) {
    const model = seedNetwork({ seed });
    const result = await train(model, data, { epochs, seed, evalSchedule, engine: tfjsEngine });
    summary(seed, result, result.wallTimeMs / result.step);
    model.dispose();
  }
}
