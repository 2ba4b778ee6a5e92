import * as tf from '@tensorflow/tfjs';
import { getWeights, setWeights } from '@negmnist/models';
import { disposeSplit, uploadSplit } from './device-data';
import type { EngineSession, EngineSetup, TrainEngine, WindowSums } from './engine';
import { readEvaluation } from './evaluate';
import { Stepper } from './step';

/** The TensorFlow.js engine: trains on the active tfjs backend (cpu, wasm, webgpu, tensorflow), the model's variables in place. */
export const tfjsEngine: TrainEngine = {
  name: 'tfjs',
  open: (setup) => Promise.resolve(openTfjs(setup)),
};

function openTfjs({ model, data, config }: EngineSetup): EngineSession {
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
    lossGradient: (weights, images, anchor) => stepper.lossGradient(weights, images, anchor),
    getWeights: () => getWeights(model),
    setWeights: (weights) => setWeights(model, weights),
    dispose() {
      stepper.dispose();
      disposeSplit(trainSet);
      disposeSplit(validation);
      return Promise.resolve();
    },
  };
}
