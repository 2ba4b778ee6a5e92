import { baseConfig, browserSafeImports } from '@negmnist/eslint-config';

export default [
  ...baseConfig,
  { ignores: ['tsup.config.ts', 'vitest.config.ts'] },
  // The main entry runs in browsers: only the ./node entry (renderSvg) and test helpers may use jsdom or Node.
  browserSafeImports({ files: ['src/**/*.ts'], ignores: ['src/node.ts', 'src/**/*.test-helpers.ts'], nodeOnly: ['jsdom'] }),
  // The gallery is a developer script that draws every chart from synthetic records, by design.
  { files: ['scripts/gallery.mjs'], rules: { 'no-restricted-imports': 'off' } },
];
