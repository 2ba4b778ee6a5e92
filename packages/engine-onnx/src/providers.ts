import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from './engine';
import { GraphBuilder } from './graph-builder';
import { encodeModel } from './onnx-model';

/** Whether an execution provider runs here, and if not, why. */
export type ProviderCheck = { available: true } | { available: false; reason: string };

/** The onnxruntime-node version this engine runs on. */
export function onnxRuntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

/** Runs a one-op graph on `provider`: CUDA needs its provider binaries (onnxruntime-node's install downloads them), WebGPU an adapter. */
export async function checkProvider(provider: ExecutionProvider): Promise<ProviderCheck> {
  const g = new GraphBuilder();
  g.output('y', g.add(g.input('x', 'float', [2]), g.float(1)), 'float', [2]);
  // a missing provider library is an answer here, not an error worth ONNX Runtime's log line
  const logLevel = ort.env.logLevel;
  ort.env.logLevel = 'fatal';
  try {
    const session = await ort.InferenceSession.create(encodeModel(g.build('check')), { executionProviders: [provider], logSeverityLevel: 4 });
    try {
      const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2]), [2]) });
      const y = out.y?.data as Float32Array;
      if (y[0] !== 2 || y[1] !== 3) return { available: false, reason: `${provider} computed 1 + [1, 2] as [${Array.from(y).join(', ')}]` };
    } finally {
      await session.release();
    }
    return { available: true };
  } catch (error) {
    return { available: false, reason: (error as Error).message.split('\n')[0] ?? 'unknown error' };
  } finally {
    ort.env.logLevel = logLevel;
  }
}
