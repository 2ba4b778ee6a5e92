// The browser bundle's stand-in for the `webgpu` package (Dawn for Node, a native addon that cannot load in
// a browser): next.config.ts aliases it here for browser code. engine-webgpu imports that package only when
// there is no navigator.gpu, so in a browser this is reached only without WebGPU, and the engine then
// reports no GPU (its import is inside a try).

/** Always throws: browsers get their GPU from navigator.gpu, never from Dawn for Node. */
export function create(): never {
  throw new Error('the webgpu package (Dawn for Node) is not bundled for browsers: WebGPU in a browser is navigator.gpu');
}
