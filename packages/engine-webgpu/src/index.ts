export { maxMembers } from './capacity';
export type { DeviceLimits, MemberShape } from './capacity';
export { DeviceLimitError, GpuUnavailableError } from './context';
export { webgpuEngine } from './engine';
export type { WebgpuEngine, WebgpuEngineOptions } from './engine';
export { adapterName, gpuAvailable } from './gpu';
export type { GpuSource } from './gpu';
export type { GpuTimingOptions, StepsTiming } from './timing';
export { shaderSource } from './wgsl';
