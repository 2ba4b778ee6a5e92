export { executionProviders, onnxEngine } from './engine';
export type { ExecutionProvider, OnnxEngineOptions } from './engine';
export { encodeModel } from './onnx-model';
export type { OnnxGraph } from './onnx-model';
export { evalGraph, probeGraph } from './eval-graph';
export { networkSpec } from './network';
export type { NetworkSpec } from './network';
export { stepGraph } from './step-graph';
