/// <reference types="@webgpu/types" />

/** Where the engine's GPUDevice comes from. */
export interface GpuSource {
  /** A GPU to ask for an adapter (default: `navigator.gpu` in browsers, the `webgpu` package's Dawn in Node). */
  gpu?: GPU;
  /** Dawn instance flags for the `webgpu` package in Node, e.g. `enable-dawn-features=allow_unsafe_apis`. */
  dawnFlags?: readonly string[];
}

/** A device with the limits the engine asked for, and what its adapter is. */
export interface GpuContext {
  device: GPUDevice;
  /** The adapter in words: description, vendor or architecture (e.g. `llvmpipe (LLVM 19.1.7, 256 bits)`). */
  adapter: string;
  /** The GPU the device came from: held as long as the device, since Dawn's Node binding crashes once it is collected. */
  gpu: GPU;
}

// The WebGPU flag values (fixed by the specification), so the engine needs no GPU globals installed.
export const BufferUsage = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
export const MAP_READ = 1;

/** The GPU of this environment: `navigator.gpu`, else the `webgpu` package (Dawn) when installed, else undefined. */
export async function findGpu(source: GpuSource = {}): Promise<GPU | undefined> {
  if (source.gpu !== undefined) return source.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  try {
    const dawn = (await import('webgpu')) as { create: (flags: string[]) => GPU };
    return dawn.create([...(source.dawnFlags ?? [])]);
  } catch {
    return undefined;
  }
}

/** The adapter's name in words: its description, vendor, architecture or device, the first one given (`unknown adapter` when none is). */
export function adapterName(adapter: GPUAdapter): string {
  const i = adapter.info;
  return [i.description, i.vendor, i.architecture, i.device].find((s) => s !== undefined && s !== '') ?? 'unknown adapter';
}

/** Limits the engine asks for: as large as the adapter offers (big weight stacks, resident data sets). */
const WANTED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupsPerDimension'] as const;

/**
 * Opens a device on the first adapter of `gpu` with the adapter's larger limits, and `timestamp-query` when
 * `timestamps` asks for it and the adapter offers it; undefined when there is no adapter.
 */
export async function openDevice(source: GpuSource = {}, { timestamps = false }: { timestamps?: boolean } = {}): Promise<GpuContext | undefined> {
  const gpu = await findGpu(source);
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === undefined || adapter === null) return undefined;
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const requiredFeatures: GPUFeatureName[] = timestamps && adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  } catch {
    // some implementations refuse their own maxima: fall back to the defaults
    device = await adapter.requestDevice({ requiredFeatures });
  }
  return { device, adapter: adapterName(adapter), gpu: gpu as GPU };
}

/**
 * Whether a WebGPU adapter is available here (`navigator.gpu` or the `webgpu` package), and its name.
 * Opens and closes a device: call it once, not per run.
 */
export async function gpuAvailable(source: GpuSource = {}): Promise<{ available: boolean; adapter?: string; reason?: string }> {
  const gpu = await findGpu(source);
  if (gpu === undefined) return { available: false, reason: 'no navigator.gpu and the webgpu package is not installed' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) return { available: false, reason: 'no WebGPU adapter (install a Vulkan, Metal or D3D12 driver; lavapipe on a CPU)' };
  return { available: true, adapter: adapterName(adapter) };
}
