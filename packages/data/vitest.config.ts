import { defineConfig } from 'vitest/config';
import { packageConfig } from '@negmnist/vitest-config';

export default defineConfig(packageConfig());
