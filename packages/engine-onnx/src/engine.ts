import type { TrainEngine } from '@negmnist/core';
import { OnnxSession } from './session';

/** ONNX Runtime execution providers this engine can run on. */
export const executionProviders = ['cpu', 'webgpu', 'cuda'] as const;
/** An ONNX Runtime execution provider. */
export type ExecutionProvider = (typeof executionProviders)[number];

/** Options of {@link onnxEngine}. */
export interface OnnxEngineOptions {
  /** Where the graphs run: `cpu` (default), `webgpu` (Dawn, inside onnxruntime-node) or `cuda` (needs its provider binaries). */
  executionProvider?: ExecutionProvider;
  /** Intra-op threads of each session (integer >= 1). Default 1: run one training per core instead. */
  intraOpThreads?: number;
}

/**
 * The ONNX Runtime engine for @negmnist/train: the SGD step (forward, softmax cross-entropy, explicit
 * backward, update), validation and probes as generated ONNX graphs, the training set and weights
 * resident in the runtime. Pass it as `train(model, data, { engine: onnxEngine() })`.
 */
export function onnxEngine(options: OnnxEngineOptions = {}): TrainEngine {
  const executionProvider = options.executionProvider ?? 'cpu';
  const intraOpThreads = options.intraOpThreads ?? 1;
  if (!executionProviders.includes(executionProvider)) {
    throw new RangeError(`onnxEngine executionProvider: expected one of ${executionProviders.join(', ')}, received ${String(executionProvider)}`);
  }
  if (!Number.isInteger(intraOpThreads) || intraOpThreads < 1) {
    throw new RangeError(`onnxEngine intraOpThreads: expected an integer >= 1, received ${String(intraOpThreads)}`);
  }
  return {
    name: 'onnxruntime',
    open: ({ network, weights, data, config }) => OnnxSession.open(network, data, config, weights, { executionProvider, intraOpThreads }),
  };
}
