import * as tf from '@tensorflow/tfjs';
import type { EngineSession, EngineSetup, TrainEngine, WindowSums } from '@negmnist/core';
import { createMlpEnsemble, getWeights, setWeights } from '@negmnist/models';
import { disposeSplit, uploadSplit } from './device-data';
import { readEvaluation } from './evaluate';
import { Stepper } from './step';

/**
 * The TensorFlow.js engine: trains on the active tfjs backend (cpu, wasm, webgl, webgpu, tensorflow), every
 * member at once in stacked variables of its own (one batched matMul per layer). Pass it as
 * `train(model, data, { engine: tfjsEngine })`.
 */
export const tfjsEngine: TrainEngine = {
  name: 'tfjs',
  open: (setup) => Promise.resolve(openTfjs(setup)),
};

function openTfjs({ network, weights, data, config }: EngineSetup): EngineSession {
  // the engine's own variables, stacked [K, in, out] even for one member; init is irrelevant, the weights are set
  const model = createMlpEnsemble(network.members.map((m) => ({ layerSizes: m.layerSizes, hidden: m.hidden, output: m.output })));
  setWeights(model, weights);
  const k = model.size;
  const negatives = config.members.map((m) => m.negative);
  const trainSet = uploadSplit(data.train, negatives);
  const validation = uploadSplit(data.validation, negatives);
  const stepper = new Stepper(model, trainSet, config.members);
  return {
    get divergedAt() {
      return stepper.divergedAt;
    },
    get fc1Grad() {
      return stepper.fc1Grad;
    },
    step: (indices, step, want) => stepper.run(indices, step, want),
    evaluate: () =>
      readEvaluation({
        model,
        validation,
        chunkSize: config.evalChunkSize,
        probeSize: config.probeSize,
        window: [stepper.windowLoss, stepper.windowCorrect],
        layerNorms: (f) => stepper.layerNorms(f),
        gradNorms: stepper.gradNorms,
      }),
    async readWindow(): Promise<WindowSums> {
      const joined = tf.concat([stepper.windowLoss, stepper.windowCorrect]);
      try {
        const v = Array.from(await joined.data());
        return { lossSum: v.slice(0, k), correct: v.slice(k, 2 * k) };
      } finally {
        joined.dispose();
      }
    },
    setWindow: (sums) => stepper.setWindow(sums.lossSum, sums.correct),
    setDivergedAt: (steps) => stepper.setDivergedAt(steps),
    lossGradient: (at, images, anchor) => stepper.lossGradient(at, images, anchor),
    getWeights: () => getWeights(model),
    setWeights: (next) => setWeights(model, next),
    dispose() {
      stepper.dispose();
      disposeSplit(trainSet);
      disposeSplit(validation);
      model.dispose();
      return Promise.resolve();
    },
  };
}

