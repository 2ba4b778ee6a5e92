import { requireComponent } from '@negmnist/system';
import { gpuAvailable } from './gpu';

/**
 * Whether a suite that needs a WebGPU adapter runs here: any adapter will do; without one, the lavapipe
 * component's gate prints the "not run" line (and fails under CI=true, where scripts/setup.mjs installs it).
 */
export async function webgpuSuite(suite: string): Promise<boolean> {
  if ((await gpuAvailable()).available) return true;
  return requireComponent('lavapipe', suite).available;
}
