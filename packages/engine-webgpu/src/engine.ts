import type { TrainEngine } from '@negmnist/core';
import type { DeviceLimits } from './capacity';
import { createContext, type DeviceContext } from './context';
import type { GpuSource } from './gpu';
import type { GpuTimingOptions } from './timing';
import { WebgpuSession } from './session';

/** Options of {@link webgpuEngine}. */
export interface WebgpuEngineOptions extends GpuSource, GpuTimingOptions {
  /** A device to train on (default: one opened on the first adapter, with its larger limits). */
  device?: GPUDevice;
}

/** The WebGPU engine, plus its adapter's name and a way to release the device. */
export interface WebgpuEngine extends TrainEngine {
  /** The adapter the engine trains on, in words (opens the device on first call). */
  adapter(): Promise<string>;
  /** The device's buffer limits (opens the device on first call): with `maxMembers`, how many members one session holds. */
  limits(): Promise<DeviceLimits>;
  /** Destroys the device the engine opened (not a device passed in); later runs open a new one. */
  destroy(): Promise<void>;
}

/**
 * The WebGPU engine for @negmnist/train: every member's SGD step as a few fused WGSL kernels (gather and
 * forward, softmax cross-entropy with the divergence guard, backward, weight gradients with the update),
 * images resident as bytes, many steps per submission, evaluation and probes on the GPU. Runs on
 * `navigator.gpu` in browsers and on the `webgpu` package (Dawn) in Node. Pass it as
 * `train(model, data, { engine: webgpuEngine() })`.
 */
export function webgpuEngine(options: WebgpuEngineOptions = {}): WebgpuEngine {
  let context: Promise<DeviceContext> | undefined;
  const open = (): Promise<DeviceContext> => (context ??= createContext(options));
  return {
    name: 'webgpu',
    open: async (setup) => WebgpuSession.open(await open(), setup),
    adapter: async () => (await open()).adapter,
    limits: async () => {
      const { maxStorageBufferBindingSize, maxBufferSize } = (await open()).device.limits;
      return { maxStorageBufferBindingSize, maxBufferSize };
    },
    async destroy() {
      const opened = context;
      context = undefined;
      if (opened === undefined || options.device !== undefined) return;
      (await opened.catch(() => undefined))?.device.destroy();
    },
  };
}
