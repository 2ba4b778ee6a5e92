import { hiddenActivations, initializers, outputActivations, SEED_CONFIG, type HiddenActivation, type Initializer, type OutputActivation } from '@negmnist/core';
import { ConfigError } from './errors';

/** Options of {@link createMlp}. Every field is optional; the defaults (`SEED_CONFIG` of @negmnist/core) build the seed network. */
export interface MlpOptions {
  /** Layer sizes including input and output. Default `[784, 200, 100, 10]` (the seed's Network2). */
  layerSizes?: readonly number[];
  /** Activation after each hidden layer. Default `relu`. */
  hidden?: HiddenActivation;
  /** Activation on the last layer's output (the logits). Default `relu`, as in the seed program. */
  output?: OutputActivation;
  /** Weight initialiser. Default `torch` (PyTorch nn.Linear: U(±1/√fan_in) for weights and bias). */
  init?: Initializer;
  /** Seed of the weight initialisation (non-negative integer). Default 0. */
  seed?: number;
}

/** {@link MlpOptions} with every default filled in and validated. */
export interface ResolvedMlpOptions {
  readonly layerSizes: readonly number[];
  readonly hidden: HiddenActivation;
  readonly output: OutputActivation;
  readonly init: Initializer;
  readonly seed: number;
}

/** Fills defaults and validates; throws {@link ConfigError} naming the option (prefixed by `path`). */
export function resolveMlpOptions(options: MlpOptions = {}, path = ''): ResolvedMlpOptions {
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  const layerSizes = options.layerSizes ?? SEED_CONFIG.layers;
  if (!Array.isArray(layerSizes) || layerSizes.length < 2 || !layerSizes.every(isPositiveInt)) {
    throw new ConfigError(at('layerSizes'), 'an array of at least 2 positive integers', layerSizes);
  }
  const hidden = options.hidden ?? SEED_CONFIG.hidden;
  if (!hiddenActivations.includes(hidden)) {
    throw new ConfigError(at('hidden'), `one of ${hiddenActivations.join(', ')}`, hidden);
  }
  const output = options.output ?? SEED_CONFIG.output;
  if (!outputActivations.includes(output)) {
    throw new ConfigError(at('output'), `one of ${outputActivations.join(', ')}`, output);
  }
  const init = options.init ?? SEED_CONFIG.init;
  if (!initializers.includes(init)) {
    throw new ConfigError(at('init'), `one of ${initializers.join(', ')}`, init);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError(at('seed'), 'an integer in [0, 2^32)', seed);
  }
  return { layerSizes: [...layerSizes], hidden, output, init, seed };
}

function isPositiveInt(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}
