import type * as EngineOnnx from '@negmnist/engine-onnx';
import * as tf from '@tensorflow/tfjs';
import type { Attempt } from './backend';

type Provider = 'cpu' | 'webgpu' | 'cuda';

/**
 * The install line for the ONNX engine (it brings onnxruntime-node). onnxruntime-node's install script
 * downloads CUDA binaries and fails offline; npm then drops the optional engine, so offline machines skip it.
 */
export const ONNX_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install @negmnist/engine-onnx';

/** The one line a user without ONNX Runtime gets: what installing it would gain (measured, trainer README backend notes). */
export function onnxGain(reason: string | undefined): string {
  return `onnx-cpu not available (${reason ?? 'unknown reason'}): ${ONNX_INSTALL} trains the seed network about 6x faster than wasm on a CPU (negmnist bench)`;
}

/** How records, notes and the bench name a thread count: `1 intra-op thread`, `2 intra-op threads`. */
export function intraOpThreadsText(threads: number): string {
  return `${threads} intra-op thread${threads === 1 ? '' : 's'}`;
}

/** Loads @negmnist/engine-onnx (optional) and checks the execution provider (`cpu`: `threads` intra-op threads); the model's variables stay on tfjs cpu. */
export async function tryOnnx(provider: Provider, threads = 1): Promise<Attempt> {
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
      adapter: `onnxruntime-node ${version}${provider === 'cpu' ? `, ${intraOpThreadsText(threads)}` : ''}`,
      trainEngine: engine.onnxEngine({ executionProvider: provider, ...(provider === 'cpu' ? { intraOpThreads: threads } : {}) }),
      versions: { 'onnxruntime-node': version },
    },
  };
}
