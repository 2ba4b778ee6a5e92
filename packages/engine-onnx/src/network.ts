import type { EngineNetwork, ResolvedMember } from '@negmnist/core';
import { activate, activationGrad, type ActivationName } from './activations';
import type { GraphBuilder } from './graph-builder';

/** What the graphs of one training run depend on: the members' architecture and input transform. */
export interface NetworkSpec {
  /** Members K. K = 1 builds 2-D graphs (Gemm); K > 1 stacked 3-D graphs with batched MatMul. */
  members: number;
  layerSizes: readonly number[];
  /** Per member. */
  hidden: readonly ActivationName[];
  output: readonly ActivationName[];
  negative: readonly boolean[];
  /** The polarities in use (negative or not), one training-set copy each; member k reads `polarities.indexOf(negative[k])`. */
  polarities: readonly boolean[];
  /** Every member sees the same batches (same data-order seed): one gather for all. */
  sharedOrder: boolean;
}

/** The spec of a model trained with these member settings. */
export function networkSpec(network: EngineNetwork, members: readonly ResolvedMember[]): NetworkSpec {
  const options = network.members;
  return {
    members: network.size,
    layerSizes: options[0]?.layerSizes ?? [],
    hidden: options.map((o) => o.hidden),
    output: options.map((o) => o.output),
    negative: members.map((m) => m.negative),
    polarities: [...new Set(members.map((m) => m.negative))],
    sharedOrder: members.every((m) => m.seed === members[0]?.seed),
  };
}

/** Number of dense layers. */
export function layerCount(spec: NetworkSpec): number {
  return spec.layerSizes.length - 1;
}

/** Dims of layer l's kernel and bias inputs: `[in, out]`, `[out]` for K = 1; `[K, in, out]`, `[K, 1, out]` stacked. */
export function weightDims(spec: NetworkSpec, l: number): { kernel: number[]; bias: number[] } {
  const fanIn = spec.layerSizes[l] as number;
  const fanOut = spec.layerSizes[l + 1] as number;
  return spec.members === 1 ? { kernel: [fanIn, fanOut], bias: [fanOut] } : { kernel: [spec.members, fanIn, fanOut], bias: [spec.members, 1, fanOut] };
}

/** Graph inputs of the weights, `W{l}` and `b{l}` per layer. */
export interface Weights {
  kernels: string[];
  biases: string[];
}

/** Declares the weight inputs. */
export function weightInputs(g: GraphBuilder, spec: NetworkSpec): Weights {
  const kernels: string[] = [];
  const biases: string[] = [];
  for (let l = 0; l < layerCount(spec); l++) {
    const dims = weightDims(spec, l);
    kernels.push(g.input(`W${l}`, 'float', dims.kernel));
    biases.push(g.input(`b${l}`, 'float', dims.bias));
  }
  return { kernels, biases };
}

/** Graph inputs of one split: a copy per polarity in use (`x0`, `x1`; made by @negmnist/data's withPolarity), `[rows, in]`. */
export function polarityInputs(g: GraphBuilder, spec: NetworkSpec, rows: string): string[] {
  return spec.polarities.map((_, i) => g.input(`x${i}`, 'float', [rows, spec.layerSizes[0] as number]));
}

/** Member k's rows from its polarity's copy: `rows[0]` when all share one, else selected per member (`[K, B, in]`). */
export function memberInput(g: GraphBuilder, spec: NetworkSpec, rows: readonly string[]): string {
  if (rows.length === 1) return rows[0] as string;
  const second = g.cast(g.float(spec.negative.map((n) => (n === spec.polarities[1] ? 1 : 0)), [spec.members, 1, 1]), 'bool');
  return g.op('Where', [second, rows[1] as string, rows[0] as string]);
}

/** Pre-activations and activations of every layer. */
export interface Forward {
  input: string;
  pre: string[];
  out: string[];
}

/** Activations that are linear on each side of 0: frozen in their pattern, the network is smooth in its weights. */
const PIECEWISE_LINEAR: ReadonlySet<ActivationName> = new Set<ActivationName>(['relu', 'leakyRelu', 'none']);

/**
 * Applies member k's activation to its slice: one op when all members share it, masks otherwise. With
 * `anchor` (the pre-activations at other weights), piecewise-linear activations use its pattern: each
 * unit keeps the slope it has there (forward and gradient alike).
 */
function memberActivation(g: GraphBuilder, names: readonly ActivationName[], pre: string, grad?: { upstream: string; out: string }, anchor?: string): string {
  const distinct = [...new Set(names)];
  const one = (name: ActivationName): string => {
    const frozen = anchor !== undefined && PIECEWISE_LINEAR.has(name);
    // the frozen activation is its gradient with the pre-activation as upstream: pre x slope(anchor)
    if (grad === undefined) return frozen ? activationGrad(g, name, pre, anchor, pre) : activate(g, name, pre);
    return activationGrad(g, name, grad.upstream, frozen ? anchor : pre, distinct.length === 1 ? grad.out : activate(g, name, pre));
  };
  if (distinct.length === 1) return one(distinct[0] as ActivationName);
  let sum: string | undefined;
  for (const name of distinct) {
    const mask = g.float(names.map((n) => (n === name ? 1 : 0)), [names.length, 1, 1]);
    const part = g.mul(one(name), mask);
    sum = sum === undefined ? part : g.add(sum, part);
  }
  return sum as string;
}

/**
 * Forward pass of every member on `input` (`[B, in]` shared, or `[K, B, in]`). With `anchor` (a forward pass
 * at other weights), piecewise-linear activations keep the anchor's pattern (see {@link memberActivation}).
 */
export function forward(g: GraphBuilder, spec: NetworkSpec, w: Weights, input: string, anchor?: Forward): Forward {
  const pre: string[] = [];
  const out: string[] = [];
  let h = input;
  const last = layerCount(spec) - 1;
  for (let l = 0; l <= last; l++) {
    const kernel = w.kernels[l] as string;
    const bias = w.biases[l] as string;
    const p = spec.members === 1 ? g.op('Gemm', [h, kernel, bias]) : g.add(g.op('MatMul', [h, kernel]), bias);
    pre.push(p);
    h = memberActivation(g, l === last ? spec.output : spec.hidden, p, undefined, anchor?.pre[l]);
    out.push(h);
  }
  return { input, pre, out };
}

/** Transpose of the last two axes. */
function transposeLast(g: GraphBuilder, t: string, rank: number): string {
  return g.op('Transpose', [t], { perm: { ints: rank === 3 ? [0, 2, 1] : [1, 0] } });
}

/**
 * Gradients of every layer's kernel and bias from `dOut` = dLoss/d(last activation), by the chain
 * rule through the activations and dense layers (what tf.variableGrads computes for this network).
 */
export function backward(g: GraphBuilder, spec: NetworkSpec, w: Weights, fwd: Forward, dOut: string, inputRank: number, anchor?: Forward): { kernels: string[]; biases: string[] } {
  const layers = layerCount(spec);
  const kernels: string[] = new Array<string>(layers);
  const biases: string[] = new Array<string>(layers);
  const flat = spec.members === 1;
  let upstream = dOut;
  for (let l = layers - 1; l >= 0; l--) {
    const names = l === layers - 1 ? spec.output : spec.hidden;
    const dPre = memberActivation(g, names, fwd.pre[l] as string, { upstream, out: fwd.out[l] as string }, anchor?.pre[l]);
    const h = l === 0 ? fwd.input : (fwd.out[l - 1] as string);
    const kernel = w.kernels[l] as string;
    if (flat) {
      kernels[l] = g.op('Gemm', [h, dPre], { transA: { int: 1 } });
      biases[l] = g.sum(dPre, [0], false);
      if (l > 0) upstream = g.op('Gemm', [dPre, kernel], { transB: { int: 1 } });
    } else {
      // a shared 2-D input broadcasts: [in, B] @ [K, B, out] = [K, in, out]
      kernels[l] = g.op('MatMul', [transposeLast(g, h, l === 0 ? inputRank : 3), dPre]);
      biases[l] = g.sum(dPre, [1], true);
      if (l > 0) upstream = g.op('MatMul', [dPre, transposeLast(g, kernel, 3)]);
    }
  }
  return { kernels, biases };
}

/** Per-image cross-entropy pieces of outputs `z` (`[B, C]` or `[K, B, C]`) against int64 labels. */
export interface CrossEntropy {
  /** `[K]` mean loss per member (PyTorch CrossEntropyLoss, mean reduction). */
  loss: string;
  /** `[K]` correct predictions per member (argmax, first index on ties). */
  correct: string;
  /** `[K]` summed loss per member (evaluation). */
  lossSum: string;
  /** `[B]` or `[K, B]` int64 predicted classes. */
  predictions: string;
  /** dLoss/dz of the summed member losses. */
  dz: string;
}

/** Softmax cross-entropy on the model outputs, as @negmnist/engine-tfjs's memberLosses: logSumExp(z) - z[label]. */
export function crossEntropy(g: GraphBuilder, spec: NetworkSpec, z: string, labels: string, labelsRank: number): CrossEntropy {
  const classes = spec.layerSizes[spec.layerSizes.length - 1] as number;
  const flat = spec.members === 1;
  const max = g.reduce('ReduceMax', z, [-1], true);
  const e = g.op('Exp', [g.sub(z, max)]);
  const s = g.sum(e, [-1], true);
  const lse = g.add(max, g.op('Log', [s]));
  const oneHot = g.cast(g.op('Equal', [g.op('Unsqueeze', [labels, g.int64([-1])]), g.int64(Array.from({ length: classes }, (_, c) => c))]), 'float');
  const perImage = g.sub(lse, g.sum(g.mul(z, oneHot), [-1], true));
  // [B, 1] -> [1]; [K, B, 1] -> [K]
  const batchAxes = flat ? [0] : [1, 2];
  const loss = g.reduce('ReduceMean', perImage, batchAxes, false);
  const lossSum = g.sum(perImage, batchAxes, false);
  const predictions = g.op('ArgMax', [z], { axis: { int: -1 }, keepdims: { int: 0 } });
  const hits = g.cast(g.op('Equal', [predictions, labels]), 'float');
  const correct = flat ? g.sum(hits, [0], true) : g.sum(hits, [-1], false);
  const batch = g.cast(g.op('Gather', [g.op('Shape', [labels]), g.int64([labelsRank - 1], true)]), 'float');
  const dz = g.div(g.sub(g.div(e, s), oneHot), batch);
  return { loss, correct, lossSum, predictions, dz };
}

/** `[K]` L2 norm of each member's kernel and bias together (tfjs layerNorms). */
export function memberNorm(g: GraphBuilder, spec: NetworkSpec, kernel: string, bias: string): string {
  const flat = spec.members === 1;
  const sq = (t: string, rank: number): string =>
    flat ? g.op('Reshape', [g.reduce('ReduceSumSquare', t, rank === 2 ? [0, 1] : [0], false), g.int64([1])]) : g.reduce('ReduceSumSquare', t, rank === 3 ? [1, 2] : [1, 2], false);
  return g.op('Sqrt', [g.add(sq(kernel, flat ? 2 : 3), sq(bias, flat ? 1 : 3))]);
}
