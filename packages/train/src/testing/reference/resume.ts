import { createMlp } from '@negmnist/models';
import { expect, it } from 'vitest';
import { batchIndices, createRng } from '@negmnist/data';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../checkpoint/checkpoint';
import { CheckpointError } from '../../errors';
import { tinyData, withoutWallTime } from '../fixtures';
import type { TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the resume reference tests on `engine` (see {@link describeEngine}). */
export function resumeTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

  const data = tinyData();
  const options = { batchSize: 8, epochs: 3, evalEvery: 5, seed: 2, lr: 0.3 } as const;
  const reproducible = (r: Awaited<ReturnType<typeof train>>): unknown =>
    withoutWallTime({ status: r.status, step: r.step, evaluations: r.evaluations, histograms: r.gradientHistograms, confusion: r.confusion });

  /** Trains until `stopAt`, then resumes in a fresh model from the checkpoint's file bytes; returns both results. */
  async function interruptAndResume(stopAt: number, extra: { stepsPerCall?: number } = {}, edit: (c: Checkpoint) => Checkpoint = (c) => c): Promise<{ partial: Awaited<ReturnType<typeof train>>; resumed: Awaited<ReturnType<typeof train>> }> {
    const first = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
    const stop = new AbortController();
    const partial = await train(first, data, { ...options, ...extra, signal: stop.signal, hooks: { onBatchEnd: (r) => void (r.step === stopAt && stop.abort()) } });
    first.dispose();
    // a fresh process: new model object, checkpoint through its file encoding
    const bytes = encodeCheckpoint(edit(partial.checkpoint as Checkpoint));
    const second = createMlp({ layerSizes: [6, 5, 3], seed: 99 });
    const resumed = await train(second, data, { ...options, resumeFrom: decodeCheckpoint(bytes) });
    second.dispose();
    return { partial, resumed };
  }

  it('a run aborted mid-window and resumed ends with the same records as an uninterrupted run', async () => {
    const whole = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
    const expected = reproducible(await train(whole, data, options));
    whole.dispose();
    // 12 steps per epoch: mid-epoch (13), and on an epoch boundary (24), where the next epoch's order is still to draw
    for (const stopAt of [13, 24]) {
      const { partial, resumed } = await interruptAndResume(stopAt, { stepsPerCall: 1 });
      expect([partial.status, partial.step, partial.checkpoint?.step]).toEqual(['interrupted', stopAt, stopAt]);
      expect(reproducible(resumed)).toEqual(expected);
      expect(resumed.wallTimeMs).toBeGreaterThanOrEqual(partial.wallTimeMs);
    }
    // several steps per call (engines that have them): the abort lands after the call that holds the
    // step; step 13's call ends at 14 at the latest (15 is evaluated, 24 ends an epoch: steps of their own)
    for (const [stopAt, latest] of [
      [13, 14],
      [24, 24],
    ] as const) {
      const { partial, resumed } = await interruptAndResume(stopAt);
      expect(partial.status).toBe('interrupted');
      expect(partial.step).toBeGreaterThanOrEqual(stopAt);
      expect(partial.step).toBeLessThanOrEqual(latest);
      expect(partial.checkpoint?.step).toBe(partial.step);
      expect(reproducible(resumed)).toEqual(expected);
      expect(resumed.wallTimeMs).toBeGreaterThanOrEqual(partial.wallTimeMs);
    }
  });

  it('continues the batch order from the shuffle generator state saved in the checkpoint', async () => {
    const { partial, resumed } = await interruptAndResume(13);
    // the state at the start of epoch 1 is createRng(seed) after drawing epoch 0's permutation of 96 images
    const rng = createRng(options.seed);
    batchIndices(96, { batchSize: 8, rng });
    expect(partial.checkpoint?.shuffleState).toEqual([rng.state()]);
    // another saved state gives other batches after the resume, so the state is what decides them
    const other = await interruptAndResume(13, {}, (c) => ({ ...c, shuffleState: [createRng(77).state()] }));
    expect(reproducible(other.resumed)).not.toEqual(reproducible(resumed));
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
    await expect(train(model, data, { ...options, resumeFrom: { ...partial.checkpoint!, version: 1 as 2 } })).rejects.toThrow(/version/);
    model.dispose();
  });
}
