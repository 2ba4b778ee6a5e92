import { GraphBuilder } from './graph-builder';
import { backward, crossEntropy, forward, layerCount, memberInput, memberNorm, polarityInputs, weightDims, weightInputs, type NetworkSpec } from './network';
import type { OnnxGraph } from './onnx-model';

/**
 * One SGD step of every member as an ONNX graph. Inputs: the weights `W{l}`/`b{l}`, the whole training
 * set `x0` `[N, in]` (and `x1`, its other polarity, when members differ) and int64 `labels` `[N]`
 * (resident: bound once, the batch is gathered inside),
 * int64 `indices` (`[B]` shared, else `[K, B]`), `lr` (every layer but the first), `fc1Lr` (the first
 * layer: `lr * fc1LrScale`) and `active` (1 = train, 0 = frozen) per member,
 * and the window sums `windowLoss`/`windowCorrect`. Outputs: the updated weights `W{l}_next`/`b{l}_next`
 * (members whose loss is not finite, or that are frozen, keep theirs), the window sums `*_next`,
 * `finite` `[K]` (1 where the loss is finite) and, with `probes`, `gradNorms` `[K, layers]` and
 * the fc1 kernel gradient `fc1Grad`. Without `guard` the update skips that selection (one pass less
 * over the weights): valid only when every member is active and its loss finite, which the caller
 * checks on `finite` before keeping the outputs.
 */
export function stepGraph(spec: NetworkSpec, options: { probes: boolean; guard: boolean }): OnnxGraph {
  const g = new GraphBuilder();
  const k = spec.members;
  const flat = k === 1;
  const w = weightInputs(g, spec);
  const xs = polarityInputs(g, spec, 'N');
  const labels = g.input('labels', 'int64', ['N']);
  const indices = g.input('indices', 'int64', spec.sharedOrder ? ['B'] : [k, 'B']);
  const lr = g.input('lr', 'float', [k]);
  const fc1Lr = g.input('fc1Lr', 'float', [k]);
  const active = g.input('active', 'float', [k]);
  const windowLoss = g.input('windowLoss', 'float', [k]);
  const windowCorrect = g.input('windowCorrect', 'float', [k]);

  const batch = memberInput(g, spec, xs.map((x) => g.op('Gather', [x, indices])));
  const batchLabels = g.op('Gather', [labels, indices]);
  const inputRank = spec.sharedOrder && spec.polarities.length === 1 ? 2 : 3;
  const fwd = forward(g, spec, w, batch);
  const z = fwd.out[fwd.out.length - 1] as string;
  const ce = crossEntropy(g, spec, z, batchLabels, spec.sharedOrder ? 1 : 2);
  const grads = backward(g, spec, w, fwd, ce.dz, inputRank);

  const finite = g.op('Not', [g.op('Or', [g.op('IsNaN', [ce.loss]), g.op('IsInf', [ce.loss])])]);
  const update = g.op('And', [finite, g.cast(active, 'bool')]);
  const memberShape = (rank: number): string => (flat ? update : g.op('Reshape', [update, g.int64([k, ...new Array<number>(rank - 1).fill(1)])]));
  const memberLr = (rate: string, rank: number): string => (flat ? rate : g.op('Reshape', [rate, g.int64([k, ...new Array<number>(rank - 1).fill(1)])]));
  for (let l = 0; l < layerCount(spec); l++) {
    const dims = weightDims(spec, l);
    for (const [name, value, grad, rank] of [
      [`W${l}`, w.kernels[l], grads.kernels[l], dims.kernel.length],
      [`b${l}`, w.biases[l], grads.biases[l], dims.bias.length],
    ] as const) {
      // frozen members may have NaN gradients: select, not multiply by zero
      const stepped = g.sub(value as string, g.mul(memberLr(l === 0 ? fc1Lr : lr, rank), grad as string));
      const next = options.guard ? g.op('Where', [memberShape(rank), stepped, value as string]) : stepped;
      g.output(`${name}_next`, next, 'float', name.startsWith('W') ? dims.kernel : dims.bias);
    }
  }
  g.output('windowLoss_next', g.add(windowLoss, ce.loss), 'float', [k]);
  g.output('windowCorrect_next', g.add(windowCorrect, ce.correct), 'float', [k]);
  g.output('finite', g.cast(finite, 'float'), 'float', [k]);
  if (options.probes) {
    const norms = grads.kernels.map((kernel, l) => g.op('Unsqueeze', [memberNorm(g, spec, kernel, grads.biases[l] as string), g.int64([1])]));
    g.output('gradNorms', g.op('Concat', norms, { axis: { int: 1 } }), 'float', [k, layerCount(spec)]);
    g.output('fc1Grad', grads.kernels[0] as string, 'float', weightDims(spec, 0).kernel);
  }
  return g.build(`negmnist_step${options.probes ? '_probes' : ''}${options.guard ? '_guarded' : ''}`);
}
