import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { runSettings, type RunConfig } from '@negmnist/core';
import { passesOverAdapter } from '@negmnist/engine-tfjs';
import { GpuUnavailableError, maxMembers, webgpuEngine, type DeviceLimits, type MemberShape } from '@negmnist/engine-webgpu';
import { SHARPNESS_DEFAULTS } from '@negmnist/train';
import { backendById } from './table';
import type { Attempt, BackendDescriptor } from './table';

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
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    const i = adapter?.info;
    process.stdout.write(JSON.stringify(i ? [i.description, i.vendor, i.device].find((s) => s) ?? 'unknown adapter' : null));
    process.exit(0);`;
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) return { reason: `the webgpu package failed to load (${probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`})` };
  const description = JSON.parse(probe.stdout) as string | null;
  return description === null ? { reason: NO_ADAPTER } : { description };
}

/**
 * What one ensemble member of a run with `config` takes on the WGSL engine's device: the network, the batch,
 * the probe pass and the sharpness probe's batch (train()'s default size, when the run measures sharpness).
 */
export function memberShape(config: RunConfig): MemberShape {
  const { model, loop } = runSettings(config);
  return { layerSizes: model.layerSizes, batchSize: loop.batchSize, probeSize: loop.probeSize, ...(loop.sharpness === undefined ? {} : { sharpnessImages: SHARPNESS_DEFAULTS.images }) };
}

function versionOf(specifier: string): string {
  return (require_(`${specifier}/package.json`) as { version: string }).version;
}

/** Opens the WGSL engine's device (@negmnist/engine-webgpu) and reads its limits. */
async function tryWgslEngine(): Promise<Attempt> {
  if (resolveDawn() === undefined) return { reason: DAWN.install };
  const engine = webgpuEngine();
  let adapter: string;
  let limits: DeviceLimits;
  try {
    adapter = await engine.adapter();
    limits = await engine.limits();
  } catch (error) {
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
      maxEnsemble: (config) => maxMembers(limits, memberShape(config)),
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
    const { vendor, device, description: text } = adapter.info;
    description = [text, vendor, device].find((s) => s !== undefined && s !== '') ?? 'unknown adapter';
  } catch (error) {
    return { reason: `the webgpu package failed to load (${(error as Error).message}); ${DAWN.install}` };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return { reason: `tfjs-backend-webgpu could not initialise on ${description}` };
  return { info: { engine: 'tfjs', name: 'webgpu', adapter: description } };
}

/**
 * Loads a backend on Dawn's adapter (see `onDawnAdapter`): the WGSL engine or tfjs's WebGPU backend. `auto`
 * (`explicit` false) first asks `adapter` (one probe for every such row) and passes over a CPU rasteriser,
 * where the CPU backends train faster; a backend named explicitly takes any adapter, llvmpipe included.
 */
export async function tryDawnBackend(backend: BackendDescriptor, explicit: boolean, adapter: () => AdapterProbe): Promise<Attempt> {
  if (!explicit) {
    const probe = adapter();
    if (probe.description === undefined) return { reason: probe.reason ?? NO_ADAPTER };
    if (passesOverAdapter(probe.description, { explicit })) return { reason: `the WebGPU adapter is a CPU rasteriser (${probe.description}); the CPU backends are faster there` };
  }
  return backend.engine === 'webgpu' ? tryWgslEngine() : tryTfjsWebgpu();
}
