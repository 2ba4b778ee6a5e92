// GPU drivers that run on the CPU: WebGPU and WebGL on them train slower than wasm (about 60 vs 8 ms
// per seed step in `negmnist bench`; the site's scripts/lab-bench.mjs measures the browser side).
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i;

/** True when a GPU adapter or renderer description names a software rasteriser (a GPU emulated on the CPU). */
export function isSoftwareAdapter(description: string): boolean {
  return SOFTWARE_ADAPTER.test(description);
}

/**
 * Whether a backend choice passes over a GPU adapter or renderer: `auto` passes over software rasterisers
 * (wasm trains faster than a GPU emulated on the CPU), a backend asked for by name takes whatever is there.
 */
export function passesOverAdapter(description: string, { explicit }: { explicit: boolean }): boolean {
  return !explicit && isSoftwareAdapter(description);
}

/**
 * TensorFlow.js backends from fastest to slowest for the seed network (negmnist bench; the site's
 * scripts/lab-bench.mjs in browsers): tfjs-node's native TensorFlow, a GPU through WebGPU, then WebGL,
 * wasm, plain JavaScript. `auto` tries them in this order, each platform those it has (WebGL only in
 * browsers, `tensorflow` only in Node).
 */
export const tfjsBackendPreference = ['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A TensorFlow.js backend of {@link tfjsBackendPreference}. */
export type TfjsBackendName = (typeof tfjsBackendPreference)[number];
