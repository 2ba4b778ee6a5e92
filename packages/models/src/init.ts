import type { Initializer } from '@negmnist/results';
import { createUniformSource } from './rng';

/** Initial values of one dense layer: kernel `[in, out]` row-major and bias `[out]`. */
export interface LayerInit {
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * Weight bound and bias bound of each initialiser (all uniform):
 * `torch` = PyTorch nn.Linear default, U(±1/√fan_in) for weights and bias;
 * `glorot` = U(±√(6/(fan_in+fan_out))), zero bias; `he` = U(±√(6/fan_in)), zero bias (kaiming_uniform, ReLU gain).
 */
export function initBounds(init: Initializer, fanIn: number, fanOut: number): { weight: number; bias: number } {
  switch (init) {
    case 'torch':
      return { weight: 1 / Math.sqrt(fanIn), bias: 1 / Math.sqrt(fanIn) };
    case 'glorot':
      return { weight: Math.sqrt(6 / (fanIn + fanOut)), bias: 0 };
    case 'he':
      return { weight: Math.sqrt(6 / fanIn), bias: 0 };
  }
}

/** Seeded initial values for layer `index` (0-based) of an MLP; independent stream per layer. */
export function initLayer(init: Initializer, fanIn: number, fanOut: number, seed: number, index: number): LayerInit {
  const bounds = initBounds(init, fanIn, fanOut);
  const rng = createUniformSource(seed, index);
  const kernel = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rng.next() - 1) * bounds.weight;
  const bias = new Float32Array(fanOut);
  if (bounds.bias > 0) for (let i = 0; i < fanOut; i++) bias[i] = (2 * rng.next() - 1) * bounds.bias;
  return { kernel, bias };
}
