import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '@negmnist/results';
import { isSoftwareAdapter } from '@negmnist/train';
import type { TrainEngine } from '@negmnist/train';
import { BackendUnavailableError } from './errors';
import { onnxGain, tryOnnx } from './onnx-backend';

/** Backends `--backend` accepts; `auto` picks the fastest present. `onnx-*`: ONNX Runtime with that execution provider. */
export const backendChoices = ['auto', 'onnx-cpu', 'onnx-webgpu', 'onnx-cuda', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
/** A `--backend` value. */
export type BackendChoice = (typeof backendChoices)[number];

/** Backends that train on a GPU (on a software rasteriser too: then the GPU is emulated on the CPU). */
export const gpuBackendChoices: ReadonlySet<BackendChoice> = new Set(['onnx-webgpu', 'onnx-cuda', 'webgpu']);

/** A backend of Node's (the records' `webgl` is for browsers only). */
interface NodeBackendInfo extends BackendInfo {
  name: Exclude<BackendInfo['name'], 'webgl'>;
}

/** The backend a run uses, as stored in its record, plus notes to print at start. */
export interface SelectedBackend extends NodeBackendInfo {
  /** The `--backend` value that selects exactly this backend again (worker threads use it). */
  choice: Exclude<BackendChoice, 'auto'>;
  /** The engine to pass to train(): undefined for tfjs (train's default). */
  trainEngine?: TrainEngine;
  /** Package versions worth storing in the record (the engine's runtime). */
  versions: Record<string, string>;
  /** Lines worth telling the user (why a faster backend was skipped). */
  notes: string[];
}


/** One backend's try: what it is when it loaded, else why not. */
export interface Attempt {
  info?: NodeBackendInfo & { trainEngine?: TrainEngine; versions?: Record<string, string> };
  /** Why the backend is absent, and what to install. */
  reason?: string;
}

async function tryTensorflow(): Promise<Attempt> {
  // Never a dependency: only where the user installed it (its install downloads libtensorflow).
  for (const specifier of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ specifier);
      if (await tf.setBackend('tensorflow')) return { info: { engine: 'tfjs', name: 'tensorflow', adapter: specifier } };
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
    url = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
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
    if (isSoftwareAdapter(probe.description)) return { reason: `the WebGPU adapter is a CPU rasteriser (${probe.description}); wasm is faster there` };
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
  return { info: { engine: 'tfjs', name: 'webgpu', adapter: description } };
}

async function tryWasm(): Promise<Attempt> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return { reason: 'the wasm backend failed to initialise' };
  } catch (error) {
    return { reason: `npm install @tensorflow/tfjs-backend-wasm@4.22.0 (${(error as Error).message})` };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { info: { engine: 'tfjs', name: 'wasm', adapter: `${simd === true ? 'SIMD' : 'no SIMD'}, 1 thread` } };
}

async function tryCpu(): Promise<Attempt> {
  await tf.setBackend('cpu');
  return { info: { engine: 'tfjs', name: 'cpu', adapter: 'plain JavaScript' } };
}

function notesFor(info: BackendInfo, threads: number): string[] {
  // tfjs sets WASM_HAS_MULTITHREAD_SUPPORT false under Node: one core per thread.
  if (info.engine !== 'onnxruntime' && info.name === 'wasm') return ['wasm threads are off in Node (tfjs), so each model uses one core; grids use one worker thread per core'];
  if (info.engine === 'onnxruntime' && info.name === 'cpu') {
    return [threads === 1 ? 'one intra-op thread per run (--threads); several runs train on one worker thread per core' : `${threads} intra-op threads per run (--threads); several runs train on one worker thread per ${threads} cores`];
  }
  return [];
}

/** The `--backend` value of a loaded backend. */
function choiceOf(info: BackendInfo): Exclude<BackendChoice, 'auto'> {
  return info.engine === 'onnxruntime' ? (`onnx-${info.name}` as Exclude<BackendChoice, 'auto'>) : (info.name as Exclude<BackendChoice, 'auto'>);
}

function selected(info: NonNullable<Attempt['info']>, notes: string[], threads: number): SelectedBackend {
  const { trainEngine, versions, ...record } = info;
  return { ...record, choice: choiceOf(record), ...(trainEngine === undefined ? {} : { trainEngine }), versions: versions ?? {}, notes: [...notes, ...notesFor(record, threads)] };
}

/**
 * Loads and activates a backend. `auto` takes the fastest present, by measured step time of the seed
 * network (trainer README, backend notes): ONNX Runtime on the CPU (onnx-cpu) > tensorflow (if the
 * user installed tfjs-node) > tfjs webgpu on a hardware adapter > wasm > cpu. Without
 * onnxruntime-node, one note says what installing it gains. A backend named explicitly and absent
 * throws `BackendUnavailableError` (exit 3); explicit `webgpu` accepts a CPU adapter. `threads`: ONNX
 * Runtime's intra-op threads on the CPU (default 1); the other backends ignore it.
 */
export async function selectBackend(choice: BackendChoice, { threads = 1 }: { threads?: number } = {}): Promise<SelectedBackend> {
  // Silences tfjs's "install tfjs-node" banner; our own start line says what was chosen.
  tf.env().set('PROD', true);
  const attempts: Record<Exclude<BackendChoice, 'auto'>, () => Promise<Attempt>> = {
    'onnx-cpu': () => tryOnnx('cpu', threads),
    'onnx-webgpu': () => tryOnnx('webgpu'),
    'onnx-cuda': () => tryOnnx('cuda'),
    tensorflow: tryTensorflow,
    webgpu: () => tryWebgpu(choice === 'webgpu'),
    wasm: tryWasm,
    cpu: tryCpu,
  };
  if (choice !== 'auto') {
    const attempt = await attempts[choice]();
    if (attempt.info === undefined) throw new BackendUnavailableError(`backend ${choice} is not available: ${attempt.reason ?? 'unknown reason'}`);
    return selected(attempt.info, [], threads);
  }
  const notes: string[] = [];
  for (const name of ['onnx-cpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const) {
    const attempt = await attempts[name]();
    if (attempt.info !== undefined) return selected(attempt.info, notes, threads);
    if (name === 'onnx-cpu') notes.push(onnxGain(attempt.reason));
    else if (name !== 'tensorflow') notes.push(`skipped ${name}: ${attempt.reason ?? 'unavailable'}`);
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could initialise, not even cpu');
}
