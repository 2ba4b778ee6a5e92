import { createRng } from '@negmnist/data';
import type { Initializer } from '@negmnist/core';
import type { ResolvedMlpOptions } from './options';

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
function initBounds(init: Initializer, fanIn: number, fanOut: number): { weight: number; bias: number } {
  switch (init) {
    case 'torch':
      return { weight: 1 / Math.sqrt(fanIn), bias: 1 / Math.sqrt(fanIn) };
    case 'glorot':
      return { weight: Math.sqrt(6 / (fanIn + fanOut)), bias: 0 };
    case 'he':
      return { weight: Math.sqrt(6 / fanIn), bias: 0 };
  }
}

/**
 * Seeded initial values of every layer, drawn on the CPU from one `createRng(seed)` stream of
 * @negmnist/data (layer by layer, kernel then bias, as PyTorch draws from one generator), so the
 * same seed gives the same weights on every backend.
 */
export function initialWeights(options: Pick<ResolvedMlpOptions, 'layerSizes' | 'init' | 'seed'>): LayerInit[] {
  const rng = createRng(options.seed);
  const sizes = options.layerSizes;
  const uniform = (out: Float32Array, bound: number): void => {
    for (let i = 0; i < out.length; i++) out[i] = (2 * rng.nextFloat() - 1) * bound;
  };
  return sizes.slice(1).map((fanOut, i) => {
    const fanIn = sizes[i] as number;
    const bounds = initBounds(options.init, fanIn, fanOut);
    const kernel = new Float32Array(fanIn * fanOut);
    const bias = new Float32Array(fanOut);
    uniform(kernel, bounds.weight);
    if (bounds.bias > 0) uniform(bias, bounds.bias);
    return { kernel, bias };
  });
}
