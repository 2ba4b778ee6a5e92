// GPU drivers that run on the CPU: WebGPU and WebGL on them train slower than wasm (about 60 vs 8 ms
// per seed step in `negmnist bench`; the site's scripts/lab-bench.mjs measures the browser side).
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i;

/** True when a GPU adapter or renderer description names a software rasteriser (a GPU emulated on the CPU). */
export function isSoftwareAdapter(description: string): boolean {
  return SOFTWARE_ADAPTER.test(description);
}
