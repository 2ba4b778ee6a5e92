import { createMlp } from '@negmnist/models';
import { expect, it } from 'vitest';
import type { TrainHooks } from '../../hooks';
import { tinyData } from '../fixtures';
import type { TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the hooks reference tests on `engine` (see {@link describeEngine}). */
export function hookTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

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

}
