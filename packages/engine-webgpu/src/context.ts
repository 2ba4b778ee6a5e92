import { openDevice, type GpuSource } from './gpu';
import { passTimer, type GpuTimingOptions, type PassTimer } from './timing';

/** No WebGPU adapter (or no WebGPU at all) where the engine was asked to run. */
export class GpuUnavailableError extends Error {
  constructor(reason: string) {
    super(`webgpu engine: no WebGPU device (${reason})`);
    this.name = 'GpuUnavailableError';
  }
}

/** A training setup that does not fit the device's limits (too many members, or too large a probe set): lower them. */
export class DeviceLimitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceLimitError';
  }
}

/** One GPUDevice and what every session on it shares: the binding layout and the compiled kernels per network shape. */
export interface DeviceContext {
  readonly device: GPUDevice;
  readonly adapter: string;
  /** Keeps the GPU instance alive while the device is (see {@link GpuContext.gpu}). */
  readonly gpu: GPU | undefined;
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly pipelineLayout: GPUPipelineLayout;
  /** Times training passes where asked for and the device has `timestamp-query`. */
  readonly timer: PassTimer | undefined;
  /** Kernels by entry point, compiled once per WGSL source. */
  pipelines(source: string, entryPoints: readonly string[]): Promise<Map<string, GPUComputePipeline>>;
  /** Throws the first uncaptured device error since the last call (a WGSL or validation bug), if any. */
  check(): void;
}

const STORAGE_BINDINGS: GPUBufferBindingType[] = ['read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'storage', 'storage', 'storage', 'storage'];

/** Opens a device (or adopts `device`) and prepares the shared binding layout. */
export async function createContext(options: GpuSource & GpuTimingOptions & { device?: GPUDevice }): Promise<DeviceContext> {
  let device = options.device;
  let adapter = 'the given device';
  let instance: GPU | undefined = options.gpu;
  if (device === undefined) {
    const opened = await openDevice(options, { timestamps: options.onStepsTimed !== undefined });
    if (opened === undefined) throw new GpuUnavailableError('no adapter: install a Vulkan, Metal or D3D12 driver, or Mesa >= 25 lavapipe on a CPU');
    ({ device, adapter, gpu: instance } = opened);
  }
  const gpu = device;
  const errors: string[] = [];
  gpu.addEventListener('uncapturederror', (event) => errors.push((event as GPUUncapturedErrorEvent).error.message));
  const bindGroupLayout = gpu.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: 4, buffer: { type: 'uniform', hasDynamicOffset: true } },
      ...STORAGE_BINDINGS.map((type, i) => ({ binding: i + 1, visibility: 4, buffer: { type } })),
    ],
  });
  const pipelineLayout = gpu.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
  const compiled = new Map<string, Promise<Map<string, GPUComputePipeline>>>();
  const compile = async (source: string, entryPoints: readonly string[]): Promise<Map<string, GPUComputePipeline>> => {
    const module = gpu.createShaderModule({ code: source });
    const info = await module.getCompilationInfo();
    const bad = info.messages.filter((m) => m.type === 'error');
    if (bad.length > 0) throw new Error(`webgpu engine: WGSL does not compile: ${bad.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    // one at a time: Dawn's concurrent asynchronous pipeline creation crashes lavapipe (a mutex assertion)
    const pipelines = new Map<string, GPUComputePipeline>();
    for (const entryPoint of entryPoints) pipelines.set(entryPoint, await gpu.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } }));
    return pipelines;
  };
  return {
    device: gpu,
    adapter,
    gpu: instance,
    bindGroupLayout,
    pipelineLayout,
    timer: passTimer(gpu, options),
    pipelines(source, entryPoints) {
      let entry = compiled.get(source);
      if (entry === undefined) {
        entry = compile(source, entryPoints);
        compiled.set(source, entry);
      }
      return entry;
    },
    check() {
      if (errors.length > 0) throw new Error(`webgpu engine: device error: ${errors.splice(0).join('; ')}`);
    },
  };
}
