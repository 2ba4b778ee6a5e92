import * as tf from '@tensorflow/tfjs';
import { createMlp } from '@negmnist/models';
import { beforeAll, expect, it } from 'vitest';
import type { TrainHooks } from './hooks';
import { tinyData } from './testing/fixtures';
import { train } from './testing/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('calls every hook in order with typed records, awaiting async hooks, several hook objects in turn', async () => {
  const log: string[] = [];
  const sleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));
  const first: TrainHooks = {
    onTrainBegin: (r) => void log.push(`begin ${r.step}/${r.totalSteps} spe=${r.stepsPerEpoch} k=${r.members}`),
    onEpochBegin: (r) => void log.push(`epoch ${r.epoch} @${r.step}`),
    async onBatchEnd(r) {
      await sleep();
      log.push(`batch ${r.step} e${r.epoch} b${r.batch} n${r.batchSize}`);
    },
    onEvalEnd: (r) => void log.push(`eval ${r.step} ${r.evaluation.step} ${r.evaluations.length}`),
    onEpochEnd: (r) => void log.push(`epochEnd ${r.epoch} @${r.step} ${r.gradientHistogram.step}`),
    onTrainEnd: (r) => void log.push(`end ${r.result.status}`),
  };
  const second: TrainHooks = { onBatchEnd: (r) => void log.push(`second ${r.step}`) };
  const model = createMlp({ layerSizes: [6, 4, 3] });
  // 96 images in batches of 40: 40, 40, 16
  await train(model, tinyData(), { batchSize: 40, epochs: 2, evalEvery: 2, hooks: [first, second] });
  expect(log).toEqual([
    'begin 0/6 spe=3 k=1',
    'epoch 0 @0',
    'batch 1 e0 b0 n40',
    'second 1',
    'batch 2 e0 b1 n40',
    'second 2',
    'eval 2 2 1',
    'batch 3 e0 b2 n16',
    'second 3',
    'epochEnd 0 @3 3',
    'epoch 1 @3',
    'batch 4 e1 b0 n40',
    'second 4',
    'eval 4 4 1',
    'batch 5 e1 b1 n40',
    'second 5',
    'batch 6 e1 b2 n16',
    'second 6',
    'eval 6 6 1',
    'epochEnd 1 @6 6',
    'end done',
  ]);
  model.dispose();
});

it('keeps the tensor count flat: the same after step 10 and step 1000', async () => {
  const model = createMlp({ layerSizes: [6, 4, 3] });
  const counts = new Map<number, number>();
  await train(model, tinyData(), {
    batchSize: 8,
    epochs: 84,
    evalEvery: 7,
    hooks: { onBatchEnd: (r) => void ((r.step === 10 || r.step === 1000) && counts.set(r.step, tf.memory().numTensors)) },
  });
  expect(counts.size).toBe(2);
  expect(counts.get(1000)).toBe(counts.get(10));
  model.dispose();
});
