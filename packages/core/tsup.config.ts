import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// `.`: the run config, its vocabulary and the engine contract (browser-safe, no engine inside).
export default defineConfig({ ...baseConfig, entry: { index: 'src/index.ts' } });
