export { createMlpEnsemble } from './ensemble';
export type { AnyMlp, MlpEnsemble } from './ensemble';
export { ConfigError, WeightsFormatError } from './errors';
export { forwardWith } from './forward';
export { countParameters, createMlp, seedNetwork } from './mlp';
export type { DenseLayer, Mlp } from './mlp';
export type { MlpOptions, ResolvedMlpOptions } from './options';
export { getWeights, setWeights } from './weights';
