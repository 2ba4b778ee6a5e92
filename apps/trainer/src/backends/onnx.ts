import type * as EngineOnnx from '@negmnist/engine-onnx';
import * as tf from '@tensorflow/tfjs';
import { intraOpThreadsText } from './table';
import type { Attempt, BackendDescriptor } from './table';

/**
 * Loads @negmnist/engine-onnx (optional) and checks the backend's execution provider (`intra-op`
 * backends: `threads` intra-op threads per run); the model's variables stay on tfjs cpu.
 */
export async function tryOnnx(backend: BackendDescriptor, threads: number): Promise<Attempt> {
  let engine: typeof EngineOnnx;
  try {
    // The CLI is CommonJS: require the engine's CommonJS build, so that it shares @negmnist/train and
    // @negmnist/models with the CLI (an import() would load their ESM builds as second copies)
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build of the engine, see above
    engine = typeof require === 'function' ? (require('@negmnist/engine-onnx') as typeof EngineOnnx) : await import('@negmnist/engine-onnx');
  } catch (error) {
    const message = (error as Error).message;
    for (const name of ['onnxruntime-node', '@negmnist/engine-onnx']) {
      if (message.includes(`'${name}'`) && /cannot find/i.test(message)) return { reason: `${name} is not installed` };
    }
    return { reason: `@negmnist/engine-onnx failed to load: ${message.split('\n')[0] ?? ''}` };
  }
  const provider = backend.name as EngineOnnx.ExecutionProvider;
  const check = await engine.checkProvider(provider);
  if (!check.available) {
    return { reason: `the ${provider} execution provider failed: ${check.reason}${backend.requires === undefined ? '' : `; ${backend.requires}`}` };
  }
  // tfjs only holds the model's initial and final weights: its cpu backend is enough
  await tf.setBackend('cpu');
  const version = engine.onnxRuntimeVersion();
  const intraOp = backend.parallelism === 'intra-op';
  return {
    info: {
      engine: 'onnxruntime',
      name: backend.name,
      adapter: `onnxruntime-node ${version}${intraOp ? `, ${intraOpThreadsText(threads)}` : ''}`,
      trainEngine: engine.onnxEngine({ executionProvider: provider, ...(intraOp ? { intraOpThreads: threads } : {}) }),
      versions: { 'onnxruntime-node': version },
    },
  };
}
