import * as tf from '@tensorflow/tfjs';
import type { RunConfig, TrainEngine } from '@negmnist/core';
import { BACKENDS, backendById, intraOpThreadsText, onDawnAdapter } from './table';
import type { Attempt, BackendChoice, BackendDescriptor, BackendId, ImageCounts, NodeBackendInfo } from './table';
import { BackendUnavailableError } from '../errors';
import { tryOnnx } from './onnx';
import { probeDawnAdapter, tryDawnBackend, type AdapterProbe, type DawnOptions } from './webgpu';

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
  /** Most runs with this config one ensemble may hold here on data of `images` (the WGSL engine: what fits its device); absent: no limit of the backend's own. */
  maxEnsemble?: (config: RunConfig, images: ImageCounts) => number;
  /** Package versions worth storing in the record (the engine's runtime). */
  versions: Record<string, string>;
  /** Lines worth telling the user (why a faster backend was skipped). */
  notes: string[];
}

const installOf = (id: BackendId): string => backendById(id).install ?? '';

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

/** What every probe of one selection shares: ONNX Runtime's threads, one look at Dawn's adapter, the WGSL engine's GPU timing. */
interface ProbeContext extends DawnOptions {
  threads: number;
}

/** Loads one backend of the table: the WGSL engine, ONNX Runtime with its execution provider, or a TensorFlow.js backend. */
function probe(backend: BackendDescriptor, { threads, ...dawn }: ProbeContext): Promise<Attempt> {
  if (onDawnAdapter(backend)) return tryDawnBackend(backend, dawn);
  if (backend.engine === 'onnxruntime') return tryOnnx(backend, threads);
  switch (backend.name) {
    case 'tensorflow':
      return tryTensorflow();
    case 'wasm':
      return tryWasm();
    default:
      return tryCpu();
  }
}

/** Asks Dawn for its adapter once, on first use. */
function dawnAdapterOnce(): () => AdapterProbe {
  let found: AdapterProbe | undefined;
  return () => (found ??= probeDawnAdapter());
}

function notesFor(backend: BackendDescriptor, threads: number): string[] {
  if (backend.parallelism === 'intra-op') {
    return [threads === 1 ? 'one intra-op thread per run (--threads); several runs train on one worker thread per core' : `${intraOpThreadsText(threads)} per run (--threads); several runs train on one worker thread per ${threads} cores`];
  }
  return backend.note === undefined ? [] : [backend.note];
}

function selected(backend: BackendDescriptor, info: NonNullable<Attempt['info']>, notes: string[], threads: number): SelectedBackend {
  const { trainEngine, versions, maxEnsemble, ...record } = info;
  return {
    ...record,
    choice: backend.id as BackendId,
    descriptor: backend,
    threads,
    ...(trainEngine === undefined ? {} : { trainEngine }),
    ...(maxEnsemble === undefined ? {} : { maxEnsemble }),
    versions: versions ?? {},
    notes: [...notes, ...notesFor(backend, threads)],
  };
}

/** Why `auto` passed over backends, in the order tried; backends skipped for the same reason (no adapter, a CPU adapter) share a line. */
class SkipNotes {
  readonly lines: string[] = [];
  private readonly skipped = new Map<string, { line: number; ids: string[] }>();

  add(backend: BackendDescriptor, reason: string): void {
    if (backend.gain !== undefined) {
      this.lines.push(`${backend.id} not available (${reason}): ${backend.install ?? ''} ${backend.gain}`);
      return;
    }
    if (backend.quietWhenAbsent === true) return;
    const same = this.skipped.get(reason);
    if (same === undefined) {
      this.skipped.set(reason, { line: this.lines.length, ids: [backend.id] });
      this.lines.push(`skipped ${backend.id}: ${reason}`);
    } else {
      same.ids.push(backend.id);
      this.lines[same.line] = `skipped ${same.ids.join(', ')}: ${reason}`;
    }
  }
}

/**
 * Loads and activates a backend. `auto` takes the first present of the backend table's `auto` rows: the
 * WGSL engine first on a hardware adapter (its GPU speed is not measured yet; scripts/gpu-check.sh
 * measures it), then the CPU backends in the order negmnist bench measured (trainer README, backend
 * notes): onnx-cpu > tensorflow (if the user installed tfjs-node) > wasm > cpu, with tfjs's WebGPU
 * backend on a hardware adapter before wasm. Without onnxruntime-node, one note says what installing it
 * gains. A backend named
 * explicitly and absent throws `BackendUnavailableError` (exit 3); the WebGPU ones named explicitly accept
 * a CPU adapter. `threads`: ONNX Runtime's intra-op threads per run on the CPU (`intra-op` backends); the
 * other backends ignore it. `onStepsTimed`: the WGSL engine's GPU time per training submission.
 */
export async function selectBackend(choice: BackendChoice, { threads, onStepsTimed }: { threads: number } & Pick<DawnOptions, 'onStepsTimed'>): Promise<SelectedBackend> {
  // Silences tfjs's "install tfjs-node" banner; our own start line says what was chosen.
  tf.env().set('PROD', true);
  const context = { threads, adapter: dawnAdapterOnce(), ...(onStepsTimed === undefined ? {} : { onStepsTimed }) };
  if (choice !== 'auto') {
    const backend = backendById(choice);
    const attempt = await probe(backend, { ...context, explicit: true });
    if (attempt.info === undefined) throw new BackendUnavailableError(`backend ${choice} is not available: ${attempt.reason ?? 'unknown reason'}`);
    return selected(backend, attempt.info, [], threads);
  }
  const notes = new SkipNotes();
  for (const backend of BACKENDS.filter((b) => b.auto)) {
    const attempt = await probe(backend, { ...context, explicit: false });
    if (attempt.info !== undefined) return selected(backend, attempt.info, notes.lines, threads);
    notes.add(backend, attempt.reason ?? 'unavailable');
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could initialise, not even cpu');
}
