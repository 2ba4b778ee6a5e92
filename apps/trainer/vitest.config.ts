import { defineConfig } from 'vitest/config';

// The end-to-end tests spawn dist/cli.cjs, so the global setup builds it first.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ['./src/test/build-cli.ts'] } });
