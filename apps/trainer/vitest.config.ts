import { defineConfig } from 'vitest/config';
import { packageConfig } from '@negmnist/vitest-config';

// The end-to-end tests spawn dist/cli.cjs, so the global setup builds it first.
export default defineConfig(packageConfig({ testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ['./src/test/build-cli.ts'] }));
