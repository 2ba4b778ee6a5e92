import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

export default defineConfig({ ...baseConfig, entry: { index: 'src/index.ts', checkpoint: 'src/checkpoint/index.ts', testing: 'src/testing/index.ts' } });
