import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { isSoftwareAdapter } from '@negmnist/engine-tfjs';
import type { TrainEngine } from '@negmnist/core';
import { BACKENDS, backendById, intraOpThreadsText } from './table';
import type { Attempt, BackendChoice, BackendDescriptor, BackendId, NodeBackendInfo } from './table';
import { BackendUnavailableError } from '../errors';
import { tryOnnx } from './onnx';

// `--backend`'s values live in the backend table; commands/grid.ts still imports them from here.
export { backendChoices } from './table';

/** The backend a run uses, as stored in its record, plus notes to print at start. */
export interface SelectedBackend extends NodeBackendInfo {
  /** The `--backend` value that selects exactly this backend again (worker threads use it). */
  choice: BackendId;
  /** Its row of the backend table: ensembles, worker threads. */
  descriptor: BackendDescriptor;
  /** ONNX Runtime intra-op threads per run (`intra-op` backends; the others ignore it). */
  threads: number;
  /** The engine to pass to train(): undefined for tfjs (train's default). */
  trainEngine?: TrainEngine;
  /** Package versions worth storing in the record (the engine's runtime). */
  versions: Record<string, string>;
  /** Lines worth telling the user (why a faster backend was skipped). */
  notes: string[];
}

const installOf = (id: BackendId): string => backendById(id).install ?? '';
const NO_ADAPTER = `no WebGPU adapter: install ${backendById('webgpu').requires ?? 'a Vulkan driver'}`;

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
  return { reason: installOf('tensorflow') };
}

/** Asks Dawn for its adapter in a child process: Dawn prints driver warnings on stderr while probing. */
function probeWebgpuAdapter(): { description?: string; reason?: string } {
  let url: string;
  try {
    url = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return { reason: installOf('webgpu') };
  }
  const script = `const { create } = await import(${JSON.stringify(url)});
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    const i = adapter?.info;
    process.stdout.write(JSON.stringify(i ? [i.description, i.vendor, i.device].find((s) => s) ?? 'unknown adapter' : null));
    process.exit(0);`;
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) return { reason: `the webgpu package failed to load (${probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`})` };
  const description = JSON.parse(probe.stdout) as string | null;
  if (description === null) return { reason: NO_ADAPTER };
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
    if (adapter === null) return { reason: NO_ADAPTER };
    const { vendor, device, description: text } = adapter.info;
    description = [text, vendor, device].find((s) => s !== undefined && s !== '') ?? 'unknown adapter';
  } catch (error) {
    return { reason: `the webgpu package failed to load (${(error as Error).message}); ${installOf('webgpu')}` };
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
    return { reason: `${installOf('wasm')} (${(error as Error).message})` };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { info: { engine: 'tfjs', name: 'wasm', adapter: `${simd === true ? 'SIMD' : 'no SIMD'}, 1 thread` } };
}

async function tryCpu(): Promise<Attempt> {
  await tf.setBackend('cpu');
  return { info: { engine: 'tfjs', name: 'cpu', adapter: 'plain JavaScript' } };
}

/** Loads one backend of the table: ONNX Runtime with its execution provider, or its TensorFlow.js backend. */
function probe(backend: BackendDescriptor, threads: number, explicit: boolean): Promise<Attempt> {
  if (backend.engine === 'onnxruntime') return tryOnnx(backend, threads);
  switch (backend.name) {
    case 'tensorflow':
      return tryTensorflow();
    case 'webgpu':
      // an explicit webgpu accepts a CPU adapter (llvmpipe); auto prefers wasm there
      return tryWebgpu(explicit);
    case 'wasm':
      return tryWasm();
    default:
      return tryCpu();
  }
}

function notesFor(backend: BackendDescriptor, threads: number): string[] {
  if (backend.parallelism === 'intra-op') {
    return [threads === 1 ? 'one intra-op thread per run (--threads); several runs train on one worker thread per core' : `${intraOpThreadsText(threads)} per run (--threads); several runs train on one worker thread per ${threads} cores`];
  }
  return backend.note === undefined ? [] : [backend.note];
}

function selected(backend: BackendDescriptor, info: NonNullable<Attempt['info']>, notes: string[], threads: number): SelectedBackend {
  const { trainEngine, versions, ...record } = info;
  return { ...record, choice: backend.id as BackendId, descriptor: backend, threads, ...(trainEngine === undefined ? {} : { trainEngine }), versions: versions ?? {}, notes: [...notes, ...notesFor(backend, threads)] };
}

/**
 * Loads and activates a backend. `auto` takes the first present of the backend table's `auto` rows,
 * fastest first by measured step time of the seed network (trainer README, backend notes): onnx-cpu >
 * tensorflow (if the user installed tfjs-node) > tfjs webgpu on a hardware adapter > wasm > cpu. Without
 * onnxruntime-node, one note says what installing it gains. A backend named explicitly and absent
 * throws `BackendUnavailableError` (exit 3); explicit `webgpu` accepts a CPU adapter. `threads`: ONNX
 * Runtime's intra-op threads per run on the CPU (`intra-op` backends); the other backends ignore it.
 */
export async function selectBackend(choice: BackendChoice, { threads }: { threads: number }): Promise<SelectedBackend> {
  // Silences tfjs's "install tfjs-node" banner; our own start line says what was chosen.
  tf.env().set('PROD', true);
  if (choice !== 'auto') {
    const backend = backendById(choice);
    const attempt = await probe(backend, threads, true);
    if (attempt.info === undefined) throw new BackendUnavailableError(`backend ${choice} is not available: ${attempt.reason ?? 'unknown reason'}`);
    return selected(backend, attempt.info, [], threads);
  }
  const notes: string[] = [];
  for (const backend of BACKENDS.filter((b) => b.auto)) {
    const attempt = await probe(backend, threads, false);
    if (attempt.info !== undefined) return selected(backend, attempt.info, notes, threads);
    const reason = attempt.reason ?? 'unavailable';
    if (backend.gain !== undefined) notes.push(`${backend.id} not available (${reason}): ${backend.install ?? ''} ${backend.gain}`);
    else if (backend.quietWhenAbsent !== true) notes.push(`skipped ${backend.id}: ${reason}`);
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could initialise, not even cpu');
}
