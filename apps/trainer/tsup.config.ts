import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// The CLI ships as ESM only; the shebang makes dist/cli.js directly executable.
// The ONNX engine is an optional dependency, loaded at run time where installed: never bundled.
export default defineConfig({
  ...baseConfig,
  entry: ['src/cli.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: false,
  external: ['@negmnist/engine-onnx'],
  banner: { js: '#!/usr/bin/env node' },
});
