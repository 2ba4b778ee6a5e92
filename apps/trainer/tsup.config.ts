import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// The CLI ships as CommonJS (dist/cli.cjs; the shebang makes it directly executable): Node then
// requires TensorFlow.js and ONNX Runtime (CommonJS packages) without scanning their sources for ESM
// named exports, which cost about 0.13 s of every start (and of every worker thread's).
// The ONNX engine is an optional dependency, loaded at run time where installed: never bundled.
export default defineConfig({
  ...baseConfig,
  entry: { cli: 'src/cli.ts', worker: 'src/runs/worker.ts', 'bench-child': 'src/bench/child.ts' },
  format: ['cjs'],
  shims: true,
  dts: false,
  external: ['@negmnist/engine-onnx'],
  banner: { js: '#!/usr/bin/env node' },
});
