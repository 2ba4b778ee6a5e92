import type { EngineNetwork, ResolvedTrainOptions } from '@negmnist/core';

/** Activation codes as the shaders number them. */
export const ACTIVATION_CODES = { relu: 0, sigmoid: 1, tanh: 2, leakyRelu: 3, gelu: 4, none: 5 } as const;
/** An activation the engine knows. */
export type ActivationName = keyof typeof ACTIVATION_CODES;

/** f32 values per member in the `aux` buffer: lr, fc1 lr, polarity index, hidden and output activation codes. */
export const MEMBER_STRIDE = 8;

/**
 * Where everything lives in the engine's buffers, in elements (f32, or u32/i32 where said). Weights are
 * member-stacked as the contract's tensors, one after another: `fc1.kernel [K, in, out]`, `fc1.bias [K, out]`, ….
 */
export interface Layout {
  /** Members K. */
  k: number;
  /** Layer sizes, input first. */
  sizes: readonly number[];
  /** Dense layers L. */
  layers: number;
  /** Offset of each layer's kernel and bias in the weights buffer. */
  kernelAt: readonly number[];
  biasAt: readonly number[];
  /** Weights of all members, in f32 values. */
  weightCount: number;
  /** Sum of the layer widths (sizes[1..L]), and each layer's prefix of it. */
  widthTotal: number;
  widthBefore: readonly number[];
  /** Stats buffer regions (f32): window loss and correct, evaluation sums, lossGradient losses, norms, probes, predictions. */
  stats: { windowLoss: number; windowCorrect: number; evalLoss: number; evalCorrect: number; lossOut: number; gradNorm: number; weightNorm: number; probes: number; predictions: number; total: number };
  /** Probe values per member: dead, mean and std per layer, then the dead-output share. */
  probeWidth: number;
  validationCount: number;
}

/** The layout of a network of `network.members` on a validation set of `validationCount` images. */
export function layoutOf(network: EngineNetwork, validationCount: number): Layout {
  const k = network.size;
  const sizes = network.members[0]?.layerSizes ?? [];
  const layers = sizes.length - 1;
  const kernelAt: number[] = [];
  const biasAt: number[] = [];
  let at = 0;
  const widthBefore: number[] = [];
  let widthTotal = 0;
  for (let l = 0; l < layers; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    kernelAt.push(at);
    at += k * fanIn * fanOut;
    biasAt.push(at);
    at += k * fanOut;
    widthBefore.push(widthTotal);
    widthTotal += fanOut;
  }
  const probeWidth = 3 * layers + 1;
  const stats = { windowLoss: 0, windowCorrect: k, evalLoss: 2 * k, evalCorrect: 3 * k, lossOut: 4 * k, gradNorm: 5 * k, weightNorm: 5 * k + k * layers, probes: 5 * k + 2 * k * layers, predictions: 0, total: 0 };
  stats.predictions = stats.probes + k * probeWidth;
  stats.total = stats.predictions + k * validationCount;
  return { k, sizes, layers, kernelAt, biasAt, weightCount: at, widthTotal, widthBefore, stats, probeWidth, validationCount };
}

/** Name of weight tensor i (`fc1.kernel`, `fc1.bias`, `fc2.kernel`, …) and its contract shape. */
export function weightTensors(layout: Layout): { name: string; shape: number[]; at: number; size: number }[] {
  return Array.from({ length: 2 * layout.layers }, (_, i) => {
    const l = Math.floor(i / 2);
    const fanIn = layout.sizes[l] as number;
    const fanOut = layout.sizes[l + 1] as number;
    const kernel = i % 2 === 0;
    const shape = kernel ? [layout.k, fanIn, fanOut] : [layout.k, fanOut];
    return { name: `fc${l + 1}.${kernel ? 'kernel' : 'bias'}`, shape, at: kernel ? (layout.kernelAt[l] as number) : (layout.biasAt[l] as number), size: shape.reduce((a, b) => a * b, 1) };
  });
}

/** Member settings as the `aux` buffer holds them (see {@link MEMBER_STRIDE}); `polarityOf[m]` indexes the split's tables. */
export function memberRecords(network: EngineNetwork, config: ResolvedTrainOptions, polarityOf: readonly number[]): Float32Array {
  const out = new Float32Array(network.size * MEMBER_STRIDE);
  config.members.forEach((m, i) => {
    const spec = network.members[i];
    out.set([m.lr, m.lr * m.fc1LrScale, polarityOf[i] ?? 0, ACTIVATION_CODES[(spec?.hidden ?? 'relu') as ActivationName], ACTIVATION_CODES[(spec?.output ?? 'relu') as ActivationName]], i * MEMBER_STRIDE);
  });
  return out;
}
