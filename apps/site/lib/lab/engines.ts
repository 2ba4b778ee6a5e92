import { isSoftwareAdapter, tfjsBackendPreference } from '@negmnist/engine-tfjs';
import type { BackendChoice } from './settings';

/**
 * What a lab run can train on: `engine-webgpu` is @negmnist/engine-webgpu's fused WGSL kernels on
 * `navigator.gpu`; the others are TensorFlow.js backends (with @negmnist/engine-tfjs).
 */
export type LabEngine = 'engine-webgpu' | 'webgpu' | 'webgl' | 'wasm';

/** The TensorFlow.js backends a page can start (`tensorflow` is Node's; plain JavaScript is too slow to offer), in engine-tfjs's order. */
const TFJS_BACKENDS = tfjsBackendPreference.filter((name): name is Exclude<LabEngine, 'engine-webgpu'> => name === 'webgpu' || name === 'webgl' || name === 'wasm');
/** Every engine, fastest first: the fused engine before TensorFlow.js's own WebGPU backend on the same adapter. */
const ORDER: readonly LabEngine[] = ['engine-webgpu', ...TFJS_BACKENDS];

/** Each engine in words, as the page's notes name it. */
export const LAB_ENGINE_NAMES: Readonly<Record<LabEngine, string>> = {
  'engine-webgpu': 'WebGPU (engine-webgpu)',
  webgpu: 'WebGPU (TensorFlow.js)',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
};

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
  /** One sentence per engine passed over, e.g. "WebGPU (engine-webgpu): this browser has no navigator.gpu". */
  notes: string[];
}

/**
 * Which engines a choice tries, given what the WebGPU probe found. `auto` tries engine-webgpu, then WebGL,
 * then wasm: TensorFlow.js's WebGPU backend is left out because it would run on the same adapter the fused
 * engine runs on or passes over, slower. A choice by name tries that engine first (taking a software
 * adapter), then the engines after it in that order.
 */
export function planEngines(choice: BackendChoice, probe: WebGpuProbe): EnginePlan {
  const explicit = choice !== 'auto';
  const listed = explicit ? [choice, ...ORDER.slice(ORDER.indexOf(choice) + 1).filter((e) => e !== 'webgpu')] : ORDER.filter((e) => e !== 'webgpu');
  const candidates: LabEngine[] = [];
  const notes: string[] = [];
  for (const engine of listed) {
    const refusal = engine === 'engine-webgpu' || engine === 'webgpu' ? webgpuRefusal(probe, { explicit: engine === choice }) : undefined;
    if (refusal === undefined) candidates.push(engine);
    else notes.push(`${LAB_ENGINE_NAMES[engine]}: ${refusal}`);
  }
  return { candidates, notes };
}
