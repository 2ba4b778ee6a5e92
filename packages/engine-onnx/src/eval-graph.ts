import { GraphBuilder } from './graph-builder';
import { crossEntropy, forward, layerCount, memberInput, memberNorm, polarityInputs, weightInputs, type NetworkSpec } from './network';
import type { OnnxGraph } from './onnx-model';

/**
 * Validation of every member on a chunk of images shared by all: inputs the weights, `x0` `[n, in]` (and `x1`)
 * and int64 `labels` `[n]`; outputs `lossSum` and `correct` `[K]` and float `predictions` (class
 * indices; `[n]` for K = 1, else `[K, n]`).
 */
export function evalGraph(spec: NetworkSpec): OnnxGraph {
  const g = new GraphBuilder();
  const k = spec.members;
  const w = weightInputs(g, spec);
  const xs = polarityInputs(g, spec, 'n');
  const labels = g.input('labels', 'int64', ['n']);
  const fwd = forward(g, spec, w, memberInput(g, spec, xs));
  const ce = crossEntropy(g, spec, fwd.out[fwd.out.length - 1] as string, labels, 1);
  g.output('lossSum', ce.lossSum, 'float', [k]);
  g.output('correct', ce.correct, 'float', [k]);
  // classes as floats (exact below 2^24): the host copies them without a per-image int64 conversion
  g.output('predictions', g.cast(ce.predictions, 'float'), 'float', k === 1 ? ['n'] : [k, 'n']);
  return g.build('negmnist_eval');
}

/** Probe columns per member: dead fraction, activation mean and std per layer, dead-output share, weight norm per layer. */
export function probeWidth(layers: number): number {
  return 4 * layers + 1;
}

/**
 * The probes of @negmnist/train on the probe images `x0` `[p, in]` (and `x1`): output `probes` `[K, 4 * layers + 1]`
 * (per layer: share of units that are <= 0 on every image, activation mean and population std; then the
 * share of images whose outputs are all <= 0; then each layer's weight L2 norm).
 */
export function probeGraph(spec: NetworkSpec): OnnxGraph {
  const g = new GraphBuilder();
  const k = spec.members;
  const flat = k === 1;
  const w = weightInputs(g, spec);
  const fwd = forward(g, spec, w, memberInput(g, spec, polarityInputs(g, spec, 'p')));
  // per member [K]: flat tensors have no member axis, so reduce everything and reshape to [1]
  const perMember = (op: 'ReduceMean' | 'ReduceMax', t: string, stackedAxes: number[], rank: number): string =>
    flat ? g.op('Reshape', [g.reduce(op, t, Array.from({ length: rank }, (_, i) => i), false), g.int64([1])]) : g.reduce(op, t, stackedAxes, false);
  const columns: string[] = [];
  const batchAxis = flat ? 0 : 1;
  for (const a of fwd.out) {
    const deadUnits = g.cast(g.op('LessOrEqual', [g.reduce('ReduceMax', a, [batchAxis], false), g.float(0)]), 'float');
    columns.push(perMember('ReduceMean', deadUnits, [1], flat ? 1 : 2));
    const mean = perMember('ReduceMean', a, [1, 2], flat ? 2 : 3);
    const centred = g.sub(a, flat ? mean : g.op('Reshape', [mean, g.int64([k, 1, 1])]));
    columns.push(mean, g.op('Sqrt', [perMember('ReduceMean', g.mul(centred, centred), [1, 2], flat ? 2 : 3)]));
  }
  const z = fwd.out[fwd.out.length - 1] as string;
  const deadImages = g.cast(g.op('LessOrEqual', [g.reduce('ReduceMax', z, [-1], false), g.float(0)]), 'float');
  columns.push(perMember('ReduceMean', deadImages, [1], flat ? 1 : 2));
  for (let l = 0; l < layerCount(spec); l++) columns.push(memberNorm(g, spec, w.kernels[l] as string, w.biases[l] as string));
  const stacked = columns.map((c) => g.op('Unsqueeze', [c, g.int64([1])]));
  g.output('probes', g.op('Concat', stacked, { axis: { int: 1 } }), 'float', [k, probeWidth(layerCount(spec))]);
  return g.build('negmnist_probes');
}
