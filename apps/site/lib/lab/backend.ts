import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { passesOverAdapter, tfjsBackendPreference } from '@negmnist/engine-tfjs';
import type { BackendInfo } from '@negmnist/results';
import type { BackendChoice } from './settings';

/** The backend a lab worker trains on, and why it is not the one asked for (empty when it is). */
export interface ChosenBackend {
  backend: BackendInfo;
  /** One sentence per backend tried and not taken, e.g. "WebGPU: this browser has no navigator.gpu". */
  notes: string[];
}

type Tried = 'webgpu' | 'webgl' | 'wasm';
const NAMES: Record<Tried, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly' };
/** The backends a page can start (`tensorflow` is Node's; plain JavaScript is too slow to offer), in engine-tfjs's order. */
const ORDER = tfjsBackendPreference.filter((name): name is Tried => name in NAMES);

/** Why WebGPU cannot run here, or undefined when an adapter is there (with its description). */
async function webgpuAdapter(): Promise<{ adapter: string } | { missing: string }> {
  // typed here: the adapter's `info` is newer than the WebGPU typings tfjs brings
  type Adapter = { info?: { vendor?: string; architecture?: string; description?: string } };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (gpu === undefined) return { missing: 'this browser has no navigator.gpu' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (adapter === null) return { missing: 'the browser found no WebGPU adapter' };
  const info = adapter.info ?? {};
  return { adapter: [info.vendor, info.architecture, info.description].filter((s) => s !== undefined && s !== '').join(' ') || 'adapter' };
}

/** GL renderer of the WebGL backend (duck-typed: tfjs-backend-webgl keeps its context on `gpgpu.gl`), unmasked where the browser allows. */
function webglRenderer(): string | undefined {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (gl === undefined) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
}

async function tryBackend(name: Tried, explicit: boolean): Promise<{ info: BackendInfo } | { missing: string }> {
  let adapter: string | undefined;
  const software = (description: string) => passesOverAdapter(description, { explicit });
  if (name === 'webgpu') {
    const found = await webgpuAdapter();
    if ('missing' in found) return found;
    if (software(found.adapter)) return { missing: `the adapter is a software renderer (${found.adapter}), slower than wasm` };
    adapter = found.adapter;
  }
  const ok = await tf.setBackend(name).catch(() => false);
  if (!ok) return { missing: `the ${name} backend failed to start` };
  await tf.ready();
  if (name === 'webgl') {
    adapter = webglRenderer();
    if (adapter !== undefined && software(adapter)) return { missing: `the renderer is software (${adapter}), slower than wasm` };
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    adapter = `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : '1 thread'}`;
  }
  return { info: { name, ...(adapter === undefined ? {} : { adapter }) } };
}

/**
 * Starts the backend asked for, else the next one of WebGPU → WebGL → wasm. `auto` starts at WebGPU
 * and passes over software renderers (no GPU behind them); a backend asked for by name takes them.
 * `wasmBase` is the URL folder holding the tfjs wasm binaries.
 */
export async function chooseBackend(choice: BackendChoice, wasmBase: string): Promise<ChosenBackend> {
  setWasmPaths(wasmBase);
  const notes: string[] = [];
  const start = choice === 'auto' ? 0 : ORDER.indexOf(choice);
  for (const name of ORDER.slice(start)) {
    const outcome = await tryBackend(name, choice === name);
    if ('info' in outcome) return { backend: outcome.info, notes };
    notes.push(`${NAMES[name]}: ${outcome.missing}`);
  }
  throw new Error(`No TensorFlow.js backend started: expected one of WebGPU, WebGL, wasm, received ${notes.join('; ')}`);
}
