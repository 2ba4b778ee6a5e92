import * as tf from '@tensorflow/tfjs';
import { createMlp } from '@negmnist/models';
import { beforeAll, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';
import { CheckpointError } from './errors';
import { tinyData, withoutWallTime } from './testing/fixtures';
import { train } from './testing/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = tinyData();
const options = { batchSize: 8, epochs: 3, evalEvery: 5, seed: 2, lr: 0.3 } as const;
const reproducible = (r: Awaited<ReturnType<typeof train>>): unknown =>
  withoutWallTime({ status: r.status, step: r.step, evaluations: r.evaluations, histograms: r.gradientHistograms, confusion: r.confusion });

it('a run aborted mid-window and resumed ends with the same records as an uninterrupted run', async () => {
  const whole = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
  const expected = reproducible(await train(whole, data, options));

  const first = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
  const stop = new AbortController();
  const partial = await train(first, data, { ...options, signal: stop.signal, hooks: { onBatchEnd: (r) => void (r.step === 13 && stop.abort()) } });
  expect([partial.status, partial.step, partial.checkpoint?.step]).toEqual(['interrupted', 13, 13]);
  first.dispose();

  // a fresh process: new model object, checkpoint through its file encoding
  const files = encodeCheckpoint(partial.checkpoint as Checkpoint);
  const second = createMlp({ layerSizes: [6, 5, 3], seed: 99 });
  const resumed = await train(second, data, { ...options, resumeFrom: decodeCheckpoint(files) });
  expect(reproducible(resumed)).toEqual(expected);
  expect(resumed.wallTimeMs).toBeGreaterThanOrEqual(partial.wallTimeMs);
  whole.dispose();
  second.dispose();
});

it('resumes from the checkpoint exposed at an evaluation', async () => {
  const whole = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
  const expected = reproducible(await train(whole, data, options));
  const first = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
  let saved: Checkpoint | undefined;
  let stale: { checkpoint(): Promise<Checkpoint> } | undefined;
  await train(first, data, {
    ...options,
    hooks: {
      async onEvalEnd(r) {
        if (r.step === 10) saved = await r.checkpoint();
        stale = r;
      },
    },
  });
  await expect(stale?.checkpoint()).rejects.toThrow(/during the hook/);
  const second = createMlp({ layerSizes: [6, 5, 3], seed: 7 });
  const resumed = await train(second, data, { ...options, resumeFrom: saved });
  expect(reproducible(resumed)).toEqual(expected);
  for (const m of [whole, first, second]) m.dispose();
});

it('refuses a checkpoint from another setup', async () => {
  const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
  const stop = new AbortController();
  stop.abort();
  const partial = await train(model, data, { ...options, signal: stop.signal });
  expect(partial.step).toBe(1);
  await expect(train(model, data, { ...options, batchSize: 4, resumeFrom: partial.checkpoint })).rejects.toThrow(CheckpointError);
  await expect(train(model, data, { ...options, resumeFrom: { ...partial.checkpoint!, version: 2 as 1 } })).rejects.toThrow(/version/);
  expect(() => decodeCheckpoint({ state: '{', weights: new Uint8Array() })).toThrow(CheckpointError);
  model.dispose();
});
