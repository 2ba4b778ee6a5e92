import { defineConfig } from 'vitest/config';
import { sourceAliases } from '@negmnist/vitest-config';

// Unit tests import the workspace packages from source; the e2e project's `next build` uses their dist/.
export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.tsx'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          // Builds the site twice (synthetic records + one malformed; an empty directory) and serves both.
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
