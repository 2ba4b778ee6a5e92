import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

export default defineConfig({ ...baseConfig, entry: ['src/index.ts'] });
