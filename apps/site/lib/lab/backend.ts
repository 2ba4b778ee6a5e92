import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import type { TrainEngine } from '@negmnist/core';
import { passesOverAdapter, tfjsEngine } from '@negmnist/engine-tfjs';
import { webgpuEngine } from '@negmnist/engine-webgpu';
// the package exports no version: its package.json, bundled, gives it (as the CLI reads it from there)
import engineWebgpuPackage from '@negmnist/engine-webgpu/package.json';
import type { BackendInfo } from '@negmnist/results';
import { LAB_ENGINES, labEngineName, planEngines, probeWebGpu } from './engines';
import type { BackendChoice } from './engines';

/** The engine a lab worker trains with, what its record says of it, and why engines tried before it were not used. */
export interface ChosenBackend {
  /** Engine and backend as the run's record stores them. */
  backend: BackendInfo;
  /** Passed to train(). */
  engine: TrainEngine;
  /** Versions worth storing in the record: the engine's runtime (`@tensorflow/tfjs` or `@negmnist/engine-webgpu`). */
  versions: Record<string, string>;
  /** One sentence per engine tried and not taken, e.g. "engine-webgpu on WebGPU: this browser has no navigator.gpu". */
  notes: string[];
  /** Releases what the engine holds (engine-webgpu's device). */
  release(): Promise<void>;
}

/** GL renderer of the WebGL backend (duck-typed: tfjs-backend-webgl keeps its context on `gpgpu.gl`), unmasked where the browser allows. */
function webglRenderer(): string | undefined {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (gl === undefined) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
}

type Started = Omit<ChosenBackend, 'notes'>;

/** The fused WGSL engine on the probed adapter: it opens its device here, so a device it cannot get is a fallback, not a failed run. */
async function startFused(adapter: string): Promise<Started | { missing: string }> {
  const engine = webgpuEngine();
  try {
    await engine.adapter();
  } catch (error) {
    await engine.destroy();
    return { missing: `engine-webgpu could not open a device on ${adapter} (${error instanceof Error ? error.message : String(error)})` };
  }
  // tfjs only holds the model's initial and final weights: its cpu backend is enough
  await tf.setBackend('cpu');
  return {
    backend: { engine: engine.name, name: 'webgpu', adapter },
    engine,
    versions: { '@negmnist/engine-webgpu': engineWebgpuPackage.version },
    release: () => engine.destroy(),
  };
}

async function startTfjs(name: 'webgpu' | 'webgl' | 'wasm', adapter: string | undefined, explicit: boolean): Promise<Started | { missing: string }> {
  const ok = await tf.setBackend(name).catch(() => false);
  if (!ok) return { missing: `the ${name} backend failed to start` };
  await tf.ready();
  if (name === 'webgl') {
    adapter = webglRenderer();
    if (adapter !== undefined && passesOverAdapter(adapter, { explicit })) return { missing: `the renderer is software (${adapter}), slower than wasm` };
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    adapter = `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : '1 thread'}`;
  }
  return {
    backend: { engine: tfjsEngine.name, name, ...(adapter === undefined ? {} : { adapter }) },
    engine: tfjsEngine,
    versions: { '@tensorflow/tfjs': tf.version.tfjs },
    release: async () => {},
  };
}

/**
 * Starts the engine asked for, else the next that starts, by {@link planEngines}: `auto` takes
 * engine-webgpu on a hardware WebGPU adapter, else TensorFlow.js on WebGL, else wasm. `wasmBase` is the
 * URL folder holding the tfjs wasm binaries.
 */
export async function chooseBackend(choice: BackendChoice, wasmBase: string): Promise<ChosenBackend> {
  setWasmPaths(wasmBase);
  const probe = await probeWebGpu();
  const { candidates, notes } = planEngines(choice, probe);
  const adapter = 'adapter' in probe ? probe.adapter : undefined;
  for (const candidate of candidates) {
    // a WebGPU candidate is only planned where the probe found an adapter
    const { engine, name } = LAB_ENGINES[candidate];
    const outcome = engine === 'webgpu' ? await startFused(adapter ?? 'the WebGPU adapter') : await startTfjs(name, name === 'webgpu' ? adapter : undefined, candidate === choice);
    if ('engine' in outcome) return { ...outcome, notes };
    notes.push(`${labEngineName(candidate)}: ${outcome.missing}`);
  }
  throw new Error(`No engine started: expected one of ${candidates.map(labEngineName).join(', ')}, received ${notes.join('; ')}`);
}
