import { isRelu, type NetworkSpec, type ProbeValues } from '@negmnist/core';
import type { Evaluation, LayerProbe } from '@negmnist/results';

/** A finite number, or null (the schema stores non-finite values as null). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Builds member m's Evaluation from host-side numbers, shaped exactly as the results schema. */
export function buildEvaluation(args: {
  member: number;
  options: NetworkSpec;
  layerNames: readonly string[];
  step: number;
  stepsPerEpoch: number;
  train: { lossSum: number; correct: number; batches: number; samples: number };
  validation: { loss: number; accuracy: number; correct: number; count: number };
  probes: ProbeValues;
  wallTimeMs: number;
}): Evaluation {
  const { member: m, options, probes, train } = args;
  const last = args.layerNames.length - 1;
  const layers: LayerProbe[] = args.layerNames.map((name, l) => ({
    name,
    deadFraction: isRelu(l === last ? options.output : options.hidden) ? finiteOrNull(probes.dead[m]?.[l] ?? Number.NaN) : null,
    gradNorm: finiteOrNull(probes.gradNorm[m]?.[l] ?? Number.NaN),
    weightNorm: finiteOrNull(probes.weightNorm[m]?.[l] ?? Number.NaN),
    activationMean: finiteOrNull(probes.mean[m]?.[l] ?? Number.NaN),
    activationStd: finiteOrNull(probes.std[m]?.[l] ?? Number.NaN),
  }));
  return {
    step: args.step,
    epoch: args.step / args.stepsPerEpoch,
    trainLoss: train.batches > 0 ? finiteOrNull(train.lossSum / train.batches) : null,
    trainAccuracy: train.samples > 0 ? clamp01(train.correct / train.samples) : 0,
    valLoss: finiteOrNull(args.validation.loss),
    valAccuracy: clamp01(args.validation.accuracy),
    valCorrect: Number.isFinite(args.validation.correct) ? Math.round(args.validation.correct) : 0,
    valCount: args.validation.count,
    layers,
    deadOutputFraction: clamp01(probes.deadOutputFraction[m] ?? 0),
    wallTimeMs: Math.max(0, args.wallTimeMs),
  };
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
