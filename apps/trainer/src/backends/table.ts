import { availableParallelism } from 'node:os';
import type { BackendInfo } from '@negmnist/results';
import type { RunConfig, TrainEngine } from '@negmnist/core';

/**
 * The install line for the ONNX engine (it brings onnxruntime-node). onnxruntime-node's install script
 * downloads CUDA binaries and fails offline; npm then drops the optional engine, so offline machines skip it.
 */
const ONNX_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install @negmnist/engine-onnx';

/**
 * How a backend's runs use the cores: `intra-op`, ONNX Runtime's intra-op threads per run (`--threads`),
 * several runs then one worker thread per that many cores; `one-core`, one core per model, several runs
 * one worker thread per core; `own`, the backend uses the machine (or its GPU) from one thread.
 */
export type Parallelism = 'intra-op' | 'one-core' | 'own';

/** One backend `--backend` names: what it is, how it trains, and what to install when it is absent. */
export interface BackendDescriptor {
  /** The `--backend` value. */
  id: string;
  /** The engine that trains on it (records' `backend.engine`): @negmnist/engine-webgpu, ONNX Runtime or TensorFlow.js. */
  engine: 'webgpu' | 'onnxruntime' | 'tfjs';
  /**
   * Records' `backend.name`: the TensorFlow.js backend, the ONNX Runtime execution provider, or `webgpu` for
   * the WGSL engine. With `engine` it says how to probe the backend: open the WGSL engine's device, load ONNX
   * Runtime with that provider, or set that tfjs backend.
   */
  name: Exclude<BackendInfo['name'], 'webgl'>;
  /** Where the numbers are computed: a GPU, or the CPU (tfjs-node's CUDA build counts as the CPU here). */
  device: 'cpu' | 'gpu';
  /** `--ensemble auto` trains runs with the same shape as one ensemble (one batched computation) here. */
  ensembles: boolean;
  parallelism: Parallelism;
  /**
   * `auto` tries it, in table order: `webgpu` first (on a hardware adapter; its GPU speed is not measured
   * yet, scripts/gpu-check.sh measures it), then the CPU backends fastest first as negmnist bench measured
   * them; a WebGPU one only on a hardware adapter.
   */
  auto: boolean;
  /** What to install when it is absent (`undefined`: always present). */
  install?: string;
  /** What it needs besides its package (drivers, toolkits), said when it fails to start. */
  requires?: string;
  /** What installing it gains: `auto` says so in one line when it is absent. */
  gain?: string;
  /** `auto` says nothing when it is absent (a package users add themselves, never a dependency). */
  quietWhenAbsent?: boolean;
  /** A line the start of a session prints when it trains here. */
  note?: string;
  /** What `--help` says of this choice besides its id. */
  help?: string;
}

const DAWN = { install: 'npm install webgpu@0.6.2', requires: 'a Vulkan driver (e.g. mesa-vulkan-drivers or the NVIDIA driver) and libvulkan1' } as const;

const TABLE = [
  {
    id: 'webgpu',
    engine: 'webgpu',
    name: 'webgpu',
    device: 'gpu',
    ensembles: true,
    parallelism: 'own',
    auto: true,
    ...DAWN,
    help: 'the WGSL engine, @negmnist/engine-webgpu; named, also on a CPU adapter such as llvmpipe',
  },
  {
    id: 'onnx-cpu',
    engine: 'onnxruntime',
    name: 'cpu',
    device: 'cpu',
    ensembles: false,
    parallelism: 'intra-op',
    auto: true,
    install: ONNX_INSTALL,
    gain: 'trains the seed network about 6x faster than wasm on a CPU (negmnist bench)',
  },
  { id: 'onnx-webgpu', engine: 'onnxruntime', name: 'webgpu', device: 'gpu', ensembles: true, parallelism: 'own', auto: false, install: ONNX_INSTALL },
  {
    id: 'onnx-cuda',
    engine: 'onnxruntime',
    name: 'cuda',
    device: 'gpu',
    ensembles: true,
    parallelism: 'own',
    auto: false,
    install: ONNX_INSTALL,
    requires: 'reinstall onnxruntime-node with internet access (its install script downloads the CUDA provider) and CUDA 12 + cuDNN 9',
  },
  {
    id: 'tensorflow',
    engine: 'tfjs',
    name: 'tensorflow',
    device: 'cpu',
    ensembles: true,
    parallelism: 'own',
    auto: true,
    install: 'npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA) next to negmnist',
    quietWhenAbsent: true,
  },
  {
    id: 'tfjs-webgpu',
    engine: 'tfjs',
    name: 'webgpu',
    device: 'gpu',
    ensembles: true,
    parallelism: 'own',
    auto: true,
    ...DAWN,
    help: "TensorFlow.js's WebGPU backend; named, also on a CPU adapter",
  },
  {
    id: 'wasm',
    engine: 'tfjs',
    name: 'wasm',
    device: 'cpu',
    ensembles: false,
    parallelism: 'one-core',
    auto: true,
    install: 'npm install @tensorflow/tfjs-backend-wasm@4.22.0',
    // tfjs sets WASM_HAS_MULTITHREAD_SUPPORT false under Node: one core per thread.
    note: 'wasm threads are off in Node (tfjs), so each model uses one core; grids use one worker thread per core',
  },
  { id: 'cpu', engine: 'tfjs', name: 'cpu', device: 'cpu', ensembles: false, parallelism: 'one-core', auto: true },
] as const satisfies readonly BackendDescriptor[];

/**
 * Every backend of the CLI, one descriptor each: `--backend`, `auto`'s order, ensembles, worker threads,
 * the bench and the help derive from this table.
 */
export const BACKENDS: readonly BackendDescriptor[] = TABLE;

/** A `--backend` value other than `auto`. */
export type BackendId = (typeof TABLE)[number]['id'];

/** Backends `--backend` accepts; `auto` picks the first present in its order (see `auto`). `onnx-*`: ONNX Runtime with that execution provider. */
export const backendChoices = ['auto', ...TABLE.map((b) => b.id)] as const;
/** A `--backend` value. */
export type BackendChoice = 'auto' | BackendId;

/**
 * Whether a backend trains on the adapter of the `webgpu` package (Dawn): one probe finds it for every such
 * row, and `auto` passes over a CPU adapter there (ONNX Runtime's WebGPU provider has a Dawn of its own).
 */
export function onDawnAdapter(backend: BackendDescriptor): boolean {
  return backend.name === 'webgpu' && backend.engine !== 'onnxruntime';
}

/** What `--help` says of each `--backend` choice: auto's order, and the rows' own notes. */
export function backendChoiceNotes(): Partial<Record<BackendChoice, string>> {
  const autoGpu = backendIds((b) => b.auto && onDawnAdapter(b)).join(' and ');
  const order = backendIds((b) => b.auto);
  const notes: Partial<Record<BackendChoice, string>> = {
    auto: `the first present of ${order.join(', ')}: ${order[0] ?? ''} first (its GPU speed not measured yet), then the CPU backends fastest first by negmnist bench; ${autoGpu} on a hardware GPU only`,
  };
  for (const backend of BACKENDS) if (backend.help !== undefined) notes[backend.id as BackendId] = backend.help;
  return notes;
}

/** The descriptor of a `--backend` value. */
export function backendById(id: BackendId): BackendDescriptor {
  return BACKENDS.find((b) => b.id === id) as BackendDescriptor;
}

/** The ids of the backends a predicate holds for, in table order (for help and notes). */
export function backendIds(which: (backend: BackendDescriptor) => boolean): BackendId[] {
  return BACKENDS.filter(which).map((b) => b.id as BackendId);
}

/** How `--threads` defaults: one intra-op thread per core when one run trains, else 1 (and a worker thread per core). */
export function defaultThreads(runs: number): number {
  return runs === 1 ? availableParallelism() : 1;
}

/** The words help uses for {@link defaultThreads}. */
export const DEFAULT_THREADS_TEXT = 'one per core when one run trains, else 1 and one worker thread per core';

/** How records, notes and the bench name a thread count: `1 intra-op thread`, `2 intra-op threads`. */
export function intraOpThreadsText(threads: number): string {
  return `${threads} intra-op thread${threads === 1 ? '' : 's'}`;
}

/** A backend of Node's as a record stores it (the records' `webgl` is for browsers only). */
export interface NodeBackendInfo extends BackendInfo {
  name: BackendDescriptor['name'];
}

/** Images of a session's data: train() caps the probe at the validation images and the sharpness batch at the training images. */
export interface ImageCounts {
  train: number;
  validation: number;
}

/** One backend's probe: what it is when it loaded, else why not (and what to install). */
export interface Attempt {
  info?: NodeBackendInfo & { trainEngine?: TrainEngine; versions?: Record<string, string>; maxEnsemble?: (config: RunConfig, images: ImageCounts) => number };
  /** Why the backend is absent, and what to install. */
  reason?: string;
}
