import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { runSettings, type RunConfig } from '@negmnist/core';
import { passesOverAdapter } from '@negmnist/engine-tfjs';
import { adapterName, GpuUnavailableError, maxMembers, webgpuEngine, type DeviceLimits, type MemberShape, type StepsTiming } from '@negmnist/engine-webgpu';
import { SHARPNESS_DEFAULTS } from '@negmnist/train';
import { backendById } from './table';
import type { Attempt, BackendDescriptor, ImageCounts } from './table';

/** What asking Dawn for its adapter found: the adapter in words, else why there is none. */
export interface AdapterProbe {
  description?: string;
  reason?: string;
}

const DAWN = backendById('webgpu');
const NO_ADAPTER = `no WebGPU adapter: install ${DAWN.requires ?? 'a Vulkan driver'}`;
const require_ = createRequire(import.meta.url);

/** The `webgpu` package's entry, or undefined when it is not installed. */
function resolveDawn(): string | undefined {
  try {
    return require_.resolve('webgpu');
  } catch {
    return undefined;
  }
}

/** Asks Dawn for its adapter in a child process: Dawn prints driver warnings on stderr while probing. */
export function probeDawnAdapter(): AdapterProbe {
  const entry = resolveDawn();
  if (entry === undefined) return { reason: DAWN.install };
  const script = `const { create } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const { adapterName } = await import(${JSON.stringify(pathToFileURL(require_.resolve('@negmnist/engine-webgpu')).href)});
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    process.stdout.write('\\n' + JSON.stringify(adapter ? adapterName(adapter) : null));
    process.exit(0);`;
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? adapterFromProbe(probe.stdout) : { reason: failedProbeReason(probe) };
}

/** Why the probe child failed: its last stderr line, else how it ended (`exit 134`, `killed by SIGTERM`). */
export function failedProbeReason(probe: { stderr: string; status: number | null; signal: NodeJS.Signals | null }): string {
  const last = probe.stderr.trim().split('\n').at(-1) ?? '';
  const ended = probe.signal === null ? `exit ${probe.status ?? 'unknown'}` : `killed by ${probe.signal}`;
  return `the webgpu package failed to load (${last === '' ? ended : last})`;
}

/** The probe child's answer: its last stdout line (Dawn may print before it) is the adapter's name in JSON, or null. */
export function adapterFromProbe(stdout: string): AdapterProbe {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let description: unknown;
  try {
    description = JSON.parse(last);
  } catch {
    return { reason: `the webgpu package's adapter probe printed no answer (${last === '' ? 'nothing' : last})` };
  }
  if (description === null) return { reason: NO_ADAPTER };
  return typeof description === 'string' ? { description } : { reason: `the webgpu package's adapter probe printed no answer (${last})` };
}

/**
 * What one ensemble member of a run with `config` takes on the WGSL engine's device: the network, the batch,
 * the probe pass and the sharpness probe's batch (train()'s default size, when the run measures sharpness),
 * and a prediction per validation image; the probe and the sharpness batch capped at the data's images, as
 * train() caps them.
 */
export function memberShape(config: RunConfig, images: ImageCounts): MemberShape {
  const { model, loop } = runSettings(config);
  return {
    layerSizes: model.layerSizes,
    batchSize: loop.batchSize,
    probeSize: Math.min(loop.probeSize, images.validation),
    validationImages: images.validation,
    ...(loop.sharpness === undefined ? {} : { sharpnessImages: Math.min(SHARPNESS_DEFAULTS.images, images.train) }),
  };
}

function versionOf(specifier: string): string {
  return (require_(`${specifier}/package.json`) as { version: string }).version;
}

/** Opens the WGSL engine's device (@negmnist/engine-webgpu) and reads its limits; `onStepsTimed`: see {@link DawnOptions}. */
async function tryWgslEngine(onStepsTimed: DawnOptions['onStepsTimed']): Promise<Attempt> {
  if (resolveDawn() === undefined) return { reason: DAWN.install };
  const engine = webgpuEngine(onStepsTimed === undefined ? {} : { onStepsTimed });
  let adapter: string;
  let limits: DeviceLimits;
  try {
    adapter = await engine.adapter();
    limits = await engine.limits();
  } catch (error) {
    // a device that opened is released, whatever failed after it
    await engine.destroy();
    return { reason: error instanceof GpuUnavailableError ? NO_ADAPTER : `the webgpu package failed to load (${(error as Error).message}); ${DAWN.install}` };
  }
  // tfjs only holds the model's initial and final weights: its cpu backend is enough
  await tf.setBackend('cpu');
  return {
    info: {
      engine: 'webgpu',
      name: 'webgpu',
      adapter,
      trainEngine: engine,
      versions: { '@negmnist/engine-webgpu': versionOf('@negmnist/engine-webgpu'), webgpu: versionOf('webgpu') },
      // one ensemble's buffers must fit the device's limits
      maxEnsemble: (config, images) => maxMembers(limits, memberShape(config, images)),
    },
  };
}

/** Sets TensorFlow.js's WebGPU backend on Dawn's adapter. */
async function tryTfjsWebgpu(): Promise<Attempt> {
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
    description = adapterName(adapter);
  } catch (error) {
    return { reason: `the webgpu package failed to load (${(error as Error).message}); ${DAWN.install}` };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return { reason: `tfjs-backend-webgpu could not initialise on ${description}` };
  return { info: { engine: 'tfjs', name: 'webgpu', adapter: description } };
}

/** How {@link tryDawnBackend} loads a backend on Dawn's adapter. */
export interface DawnOptions {
  /** Whether the backend was named (`--backend <id>`), not tried by `auto`. */
  explicit: boolean;
  /** Dawn's adapter, asked once for every row that trains on it. */
  adapter: () => AdapterProbe;
  /** The WGSL engine only: each training submission's GPU time (engine-webgpu's `onStepsTimed`; negmnist bench). */
  onStepsTimed?: (timing: StepsTiming) => void;
}

/**
 * Loads a backend on Dawn's adapter (see `onDawnAdapter`): the WGSL engine or tfjs's WebGPU backend. `auto`
 * (`explicit` false) first asks `adapter` (one probe for every such row) and passes over a CPU rasteriser,
 * where the CPU backends train faster; a backend named explicitly takes any adapter, llvmpipe included.
 */
export async function tryDawnBackend(backend: BackendDescriptor, { explicit, adapter, onStepsTimed }: DawnOptions): Promise<Attempt> {
  if (!explicit) {
    const probe = adapter();
    if (probe.description === undefined) return { reason: probe.reason ?? NO_ADAPTER };
    if (passesOverAdapter(probe.description, { explicit })) return { reason: `the WebGPU adapter is a CPU rasteriser (${probe.description}); the CPU backends are faster there` };
  }
  return backend.engine === 'webgpu' ? tryWgslEngine(onStepsTimed) : tryTfjsWebgpu();
}
