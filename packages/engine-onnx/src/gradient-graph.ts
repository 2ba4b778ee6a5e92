import { GraphBuilder } from './graph-builder';
import { backward, crossEntropy, forward, layerCount, memberInput, polarityInputs, weightDims, weightInputs, type NetworkSpec, type Weights } from './network';
import type { OnnxGraph } from './onnx-model';
import { pixelInputs, type PixelOp } from './pixels';

/**
 * The training-loss gradient of every member at given weights on one set of training images, as an ONNX
 * graph (the sharpness probe's Hessian-vector products difference two of these), with ReLU and leaky ReLU
 * units frozen in their pattern at the anchor weights. Inputs: the weights `W{l}`/`b{l}`, the anchor
 * weights `anchor_W{l}`/`anchor_b{l}`, the training set as the step graph takes it (`x{i}` or `pixels`, and
 * `labels`) and int64 `indices` `[B]` (the same images for every member). Outputs: `grad_W{l}`/`grad_b{l}` (dims of the
 * weights) of each member's mean cross-entropy over the images, and `loss` `[K]`.
 */
export function gradientGraph(spec: NetworkSpec, options: { pixels?: readonly (readonly PixelOp[])[] } = {}): OnnxGraph {
  // One image set for all members, whatever their data orders.
  const shared: NetworkSpec = { ...spec, sharedOrder: true };
  const g = new GraphBuilder();
  const w = weightInputs(g, shared);
  const anchorWeights: Weights = { kernels: [], biases: [] };
  for (let l = 0; l < layerCount(shared); l++) {
    const dims = weightDims(shared, l);
    anchorWeights.kernels.push(g.input(`anchor_W${l}`, 'float', dims.kernel));
    anchorWeights.biases.push(g.input(`anchor_b${l}`, 'float', dims.bias));
  }
  const gatherRows = options.pixels === undefined ? undefined : pixelInputs(g, shared, 'N', options.pixels);
  const xs = gatherRows === undefined ? polarityInputs(g, shared, 'N') : [];
  const labels = g.input('labels', 'int64', ['N']);
  const indices = g.input('indices', 'int64', ['B']);
  const batch = memberInput(g, shared, gatherRows === undefined ? xs.map((x) => g.op('Gather', [x, indices])) : gatherRows(indices));
  const batchLabels = g.op('Gather', [labels, indices]);
  const anchor = forward(g, shared, anchorWeights, batch);
  const fwd = forward(g, shared, w, batch, anchor);
  const ce = crossEntropy(g, shared, fwd.out[fwd.out.length - 1] as string, batchLabels, 1);
  const grads = backward(g, shared, w, fwd, ce.dz, shared.polarities.length === 1 ? 2 : 3, anchor);
  for (let l = 0; l < layerCount(shared); l++) {
    const dims = weightDims(shared, l);
    g.output(`grad_W${l}`, grads.kernels[l] as string, 'float', dims.kernel);
    g.output(`grad_b${l}`, grads.biases[l] as string, 'float', dims.bias);
  }
  g.output('loss', ce.loss, 'float', [shared.members]);
  return g.build('negmnist_gradient');
}
