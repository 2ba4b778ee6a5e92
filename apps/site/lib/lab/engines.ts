import { isSoftwareAdapter, tfjsBackendPreference } from '@negmnist/engine-tfjs';

/**
 * An engine a lab run can train on, by the id `backendId` of @negmnist/results gives its record (as the
 * CLI's `--backend` and `negmnist ls` name it): `webgpu` is @negmnist/engine-webgpu's WGSL kernels on
 * `navigator.gpu`; `tfjs-webgpu`, `webgl` and `wasm` are TensorFlow.js backends (with @negmnist/engine-tfjs).
 */
export type LabEngine = 'webgpu' | 'tfjs-webgpu' | 'webgl' | 'wasm';

/** The engine a visitor asks for: one by name, or `auto` (best available, {@link planEngines}). */
export type BackendChoice = 'auto' | LabEngine;

/** What each engine's record stores: `backend.engine` and `backend.name` (the TensorFlow.js backend, or WebGPU). */
export const LAB_ENGINES: Readonly<Record<LabEngine, { engine: 'webgpu' | 'tfjs'; name: 'webgpu' | 'webgl' | 'wasm' }>> = {
  webgpu: { engine: 'webgpu', name: 'webgpu' },
  'tfjs-webgpu': { engine: 'tfjs', name: 'webgpu' },
  webgl: { engine: 'tfjs', name: 'webgl' },
  wasm: { engine: 'tfjs', name: 'wasm' },
};

const ENGINE_IDS = Object.keys(LAB_ENGINES) as LabEngine[];
/**
 * Every engine in the order the lab tries them: engine-webgpu first by design (many steps per GPU submission,
 * everything resident on the GPU), then TensorFlow.js's backends in engine-tfjs's order (`tensorflow` is
 * Node's; plain JavaScript is too slow to offer). A design, not a measurement: engine-webgpu has not been
 * timed on a hardware GPU in a browser yet (apps/site/README.md, "The lab's engines", has what
 * scripts/lab-bench.mjs measured on SwiftShader).
 */
export const LAB_ENGINE_ORDER: readonly LabEngine[] = [
  'webgpu',
  ...tfjsBackendPreference.flatMap((name) => ENGINE_IDS.filter((id) => LAB_ENGINES[id].engine === 'tfjs' && LAB_ENGINES[id].name === name)),
];

/** The page's words for a record's `backend.engine` (records from before there were two engines have none: TensorFlow.js). */
const ENGINE_WORDS: Readonly<Record<string, string>> = { webgpu: 'engine-webgpu', tfjs: 'TensorFlow.js' };
/** The page's words for a record's `backend.name`. */
const BACKEND_WORDS: Readonly<Record<string, string>> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (wasm)' };

/** A run's engine and backend in words, e.g. `{ engine: 'TensorFlow.js', backend: 'WebAssembly (wasm)' }` (an unknown one as its id). */
export function backendWords(info: { engine?: string; name: string }): { engine: string; backend: string } {
  const engine = info.engine ?? 'tfjs';
  return { engine: ENGINE_WORDS[engine] ?? engine, backend: BACKEND_WORDS[info.name] ?? info.name };
}

/** An engine in words, as the Engine select and the notes name it: `TensorFlow.js on WebGL`. */
export function labEngineName(id: LabEngine): string {
  const words = backendWords(LAB_ENGINES[id]);
  return `${words.engine} on ${words.backend}`;
}

/** Engines to try, in words and in order, the runtime said once per stretch: `TensorFlow.js on WebGL, else on WebAssembly (wasm)`. */
export function enginesInOrder(ids: readonly LabEngine[]): string {
  return ids
    .map((id, i) => {
      const words = backendWords(LAB_ENGINES[id]);
      const previous = ids[i - 1];
      return previous !== undefined && LAB_ENGINES[previous].engine === LAB_ENGINES[id].engine ? `on ${words.backend}` : labEngineName(id);
    })
    .join(', else ');
}

/**
 * What this browser's `navigator.gpu` offers: an adapter (in words, and whether the browser marks it a
 * fallback adapter, the specification's name for one with major performance caveats such as a CPU
 * implementation), or why there is none (with whether the API is there at all).
 */
export type WebGpuProbe = { adapter: string; fallback: boolean } | { missing: string; api: boolean };

/** The subset of `GPUAdapterInfo` the probe reads (typed here: tfjs brings older WebGPU typings without `info`). */
interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
/** The subset of `GPU` the probe calls. */
export interface ProbedGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<{ info?: AdapterInfo } | null>;
}

/**
 * Asks `scope.navigator.gpu` (default scope: this page or worker) for the adapter engine-webgpu opens (high
 * performance), described by vendor, architecture and description together: SwiftShader, for one, says
 * who it is only in its architecture (`google swiftshader`).
 */
export async function probeWebGpu(scope: { navigator?: { gpu?: ProbedGpu } } = globalThis as { navigator?: { gpu?: ProbedGpu } }): Promise<WebGpuProbe> {
  const gpu = scope.navigator?.gpu;
  if (gpu === undefined) return { missing: 'this browser has no navigator.gpu', api: false };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (adapter === null) return { missing: 'the browser found no WebGPU adapter', api: true };
  const info = adapter.info ?? {};
  const adapterText = [info.vendor, info.architecture, info.description].filter((s) => s !== undefined && s !== '').join(' ') || 'adapter';
  return { adapter: adapterText, fallback: info.isFallbackAdapter === true };
}

/** Why a WebGPU engine does not run on what the probe found, or undefined when it runs on its adapter. */
function webgpuRefusal(probe: WebGpuProbe, { explicit }: { explicit: boolean }): string | undefined {
  if ('missing' in probe) return probe.missing;
  // engine-tfjs's rule (passesOverAdapter), the one the CLI applies too: `auto` passes over a GPU emulated on
  // the CPU, a choice by name takes it. Browsers hide most descriptions, so a fallback adapter counts as one.
  if (!explicit && (probe.fallback || isSoftwareAdapter(probe.adapter))) return `the adapter is a software renderer (${probe.adapter}), slower than wasm`;
  return undefined;
}

/** The engines a run tries, in order, and a note for each passed over before trying it. */
export interface EnginePlan {
  /** Engines to start, first that starts wins; a WebGPU one only when its adapter is there and taken. */
  candidates: LabEngine[];
  /** One sentence per engine passed over, e.g. "engine-webgpu on WebGPU: this browser has no navigator.gpu". */
  notes: string[];
}

/** Whether best available and the fallbacks try an engine: not TensorFlow.js's WebGPU backend, which only a choice by name starts. */
const triedUnasked = (engine: LabEngine) => engine !== 'tfjs-webgpu';

/**
 * Which engines a choice tries, given what the WebGPU probe found. `auto` tries engine-webgpu, then WebGL,
 * then wasm. It leaves TensorFlow.js's WebGPU backend out by design: that backend would run on the adapter
 * engine-webgpu runs on or passes over (which of the two is faster on a GPU is not measured yet). A choice by
 * name tries that engine first (taking a software adapter), then the engines after it in that order.
 */
export function planEngines(choice: BackendChoice, probe: WebGpuProbe): EnginePlan {
  const listed = choice === 'auto' ? LAB_ENGINE_ORDER.filter(triedUnasked) : [choice, ...LAB_ENGINE_ORDER.slice(LAB_ENGINE_ORDER.indexOf(choice) + 1).filter(triedUnasked)];
  const candidates: LabEngine[] = [];
  const notes: string[] = [];
  for (const engine of listed) {
    const refusal = LAB_ENGINES[engine].name === 'webgpu' ? webgpuRefusal(probe, { explicit: engine === choice }) : undefined;
    if (refusal === undefined) candidates.push(engine);
    else notes.push(`${labEngineName(engine)}: ${refusal}`);
  }
  return { candidates, notes };
}
