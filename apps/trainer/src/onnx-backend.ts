import type * as EngineOnnx from '@negmnist/engine-onnx';
import * as tf from '@tensorflow/tfjs';
import type { Attempt } from './backend';

type Provider = 'cpu' | 'webgpu' | 'cuda';

/** The install line for ONNX Runtime: its install script downloads CUDA binaries, which offline machines must skip. */
export const ONNX_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1';

/** The one line a user without ONNX Runtime gets: what installing it would gain (measured, trainer README backend notes). */
export function onnxGain(reason: string | undefined): string {
  return `onnx-cpu not available (${reason ?? 'unknown reason'}): ${ONNX_INSTALL} trains the seed network about 6x faster than wasm on a CPU (negmnist bench)`;
}

/** Loads @negmnist/engine-onnx (optional) and checks the execution provider; the model's variables stay on tfjs cpu. */
export async function tryOnnx(provider: Provider): Promise<Attempt> {
  let engine: typeof EngineOnnx;
  try {
    engine = await import('@negmnist/engine-onnx');
  } catch (error) {
    const missing = /onnxruntime-node/.test((error as Error).message) ? 'onnxruntime-node is not installed' : `@negmnist/engine-onnx failed to load: ${(error as Error).message.split('\n')[0] ?? ''}`;
    return { reason: missing };
  }
  const check = await engine.checkProvider(provider);
  if (!check.available) {
    const hint = provider === 'cuda' ? '; reinstall onnxruntime-node with internet access (its install script downloads the CUDA provider) and CUDA 12 + cuDNN 9' : '';
    return { reason: `the ${provider} execution provider failed: ${check.reason}${hint}` };
  }
  // tfjs only holds the model's initial and final weights: its cpu backend is enough
  await tf.setBackend('cpu');
  const version = engine.onnxRuntimeVersion();
  return {
    info: {
      engine: 'onnxruntime',
      name: provider,
      adapter: `onnxruntime-node ${version}${provider === 'cpu' ? ', 1 intra-op thread' : ''}`,
      trainEngine: engine.onnxEngine({ executionProvider: provider }),
      versions: { 'onnxruntime-node': version },
    },
  };
}
