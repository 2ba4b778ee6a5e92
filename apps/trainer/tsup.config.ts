import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// The CLI ships as ESM only; the shebang makes dist/cli.js directly executable.
export default defineConfig({ ...baseConfig, entry: ['src/cli.ts', 'src/worker.ts', 'src/bench-child.ts'], format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } });
