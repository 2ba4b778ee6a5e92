import { requireComponent } from '@negmnist/system';
import { probeDawnAdapter } from '../backends/webgpu';

/** What the CLI's WebGPU backends will find here, for gating tests. */
export interface WebgpuGate {
  /** A WebGPU adapter opens (any: a GPU, or lavapipe on the CPU). */
  available: boolean;
  /** The adapter is lavapipe (llvmpipe), whose limits and `auto`'s reading of it some tests spell out. */
  lavapipe: boolean;
}

/**
 * Asks Dawn for its adapter with the CLI's own probe (a child process, so no Dawn instance lives in the test
 * process). Without one, the lavapipe component's gate prints the "not run" line for `suite` (and fails
 * under CI=true, where scripts/setup.mjs installs lavapipe).
 */
export function webgpuGate(suite: string): WebgpuGate {
  const { description } = probeDawnAdapter();
  if (description === undefined) return { available: requireComponent('lavapipe', suite).available, lavapipe: false };
  return { available: true, lavapipe: /llvmpipe|lavapipe/i.test(description) };
}
