import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '@negmnist/results';
import { BackendUnavailableError } from './errors';

/** Backends `--backend` accepts; `auto` picks the fastest present. */
export const backendChoices = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
/** A `--backend` value. */
export type BackendChoice = (typeof backendChoices)[number];

/** The backend a run uses, as stored in its record, plus notes to print at start. */
/** A backend of Node's (the records' `webgl` is for browsers only). */
interface NodeBackendInfo extends BackendInfo {
  name: Exclude<BackendChoice, 'auto'>;
}

export interface SelectedBackend extends NodeBackendInfo {
  /** Lines worth telling the user (why a faster backend was skipped). */
  notes: string[];
}

// Software rasterisers: WebGPU on them is slower than wasm (about 60 vs 8 ms per seed step, negmnist bench).
const CPU_ADAPTER = /llvmpipe|lavapipe|swiftshader|softpipe/i;

interface Attempt {
  info?: NodeBackendInfo;
  /** Why the backend is absent, and what to install. */
  reason?: string;
}

async function tryTensorflow(): Promise<Attempt> {
  // Never a dependency: only where the user installed it (its install downloads libtensorflow).
  for (const specifier of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ specifier);
      if (await tf.setBackend('tensorflow')) return { info: { name: 'tensorflow', adapter: specifier } };
    } catch {
      /* not installed or failed to load: try the next */
    }
  }
  return { reason: 'npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA) next to negmnist' };
}

/** Asks Dawn for its adapter in a child process: Dawn prints driver warnings on stderr while probing. */
function probeWebgpuAdapter(): { description?: string; reason?: string } {
  let url: string;
  try {
    url = import.meta.resolve('webgpu');
  } catch {
    return { reason: 'npm install webgpu@0.6.2' };
  }
  const script = `const { create } = await import(${JSON.stringify(url)});
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    const i = adapter?.info;
    process.stdout.write(JSON.stringify(i ? [i.description, i.vendor, i.device].find((s) => s) ?? 'unknown adapter' : null));
    process.exit(0);`;
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) return { reason: `the webgpu package failed to load (${probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`})` };
  const description = JSON.parse(probe.stdout) as string | null;
  if (description === null) return { reason: 'no WebGPU adapter: install a Vulkan driver (e.g. mesa-vulkan-drivers or the NVIDIA driver) and libvulkan1' };
  return { description };
}

async function tryWebgpu(allowCpuAdapter: boolean): Promise<Attempt> {
  if (!allowCpuAdapter) {
    const probe = probeWebgpuAdapter();
    if (probe.description === undefined) return { reason: probe.reason };
    if (CPU_ADAPTER.test(probe.description)) return { reason: `the WebGPU adapter is a CPU rasteriser (${probe.description}); wasm is faster there` };
  }
  let description: string;
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create([]);
    // Node >= 21 has a read-only global navigator; defineProperty replaces it on every version.
    const navigator = { ...(globalThis.navigator ?? {}), gpu };
    Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) return { reason: 'no WebGPU adapter: install a Vulkan driver (e.g. mesa-vulkan-drivers or the NVIDIA driver) and libvulkan1' };
    const { vendor, device, description: text } = adapter.info;
    description = [text, vendor, device].find((s) => s !== undefined && s !== '') ?? 'unknown adapter';
  } catch (error) {
    return { reason: `the webgpu package failed to load (${(error as Error).message}); npm install webgpu@0.6.2` };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return { reason: `tfjs-backend-webgpu could not initialise on ${description}` };
  return { info: { name: 'webgpu', adapter: description } };
}

async function tryWasm(): Promise<Attempt> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return { reason: 'the wasm backend failed to initialise' };
  } catch (error) {
    return { reason: `npm install @tensorflow/tfjs-backend-wasm@4.22.0 (${(error as Error).message})` };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { info: { name: 'wasm', adapter: `${simd === true ? 'SIMD' : 'no SIMD'}, 1 thread` } };
}

async function tryCpu(): Promise<Attempt> {
  await tf.setBackend('cpu');
  return { info: { name: 'cpu', adapter: 'plain JavaScript' } };
}

function notesFor(info: BackendInfo): string[] {
  // tfjs sets WASM_HAS_MULTITHREAD_SUPPORT false under Node: one core per thread.
  return info.name === 'wasm' ? ['wasm threads are off in Node (tfjs), so each model uses one core; grids use one worker thread per core'] : [];
}

/**
 * Loads and activates a TensorFlow.js backend. `auto` takes the fastest present: tensorflow (if the
 * user installed tfjs-node) > webgpu on a hardware adapter > wasm > cpu. A backend named explicitly
 * and absent throws `BackendUnavailableError` (exit 3); explicit `webgpu` accepts a CPU adapter.
 */
export async function selectBackend(choice: BackendChoice): Promise<SelectedBackend> {
  // Silences tfjs's "install tfjs-node" banner; our own start line says what was chosen.
  tf.env().set('PROD', true);
  const attempts: Record<Exclude<BackendChoice, 'auto'>, () => Promise<Attempt>> = {
    tensorflow: tryTensorflow,
    webgpu: () => tryWebgpu(choice === 'webgpu'),
    wasm: tryWasm,
    cpu: tryCpu,
  };
  if (choice !== 'auto') {
    const attempt = await attempts[choice]();
    if (attempt.info === undefined) throw new BackendUnavailableError(`backend ${choice} is not available: ${attempt.reason ?? 'unknown reason'}`);
    return { ...attempt.info, notes: notesFor(attempt.info) };
  }
  const notes: string[] = [];
  for (const name of ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const) {
    const attempt = await attempts[name]();
    if (attempt.info !== undefined) return { ...attempt.info, notes: [...notes, ...notesFor(attempt.info)] };
    if (name !== 'tensorflow') notes.push(`skipped ${name}: ${attempt.reason ?? 'unavailable'}`);
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could initialise, not even cpu');
}
