import { baseConfig } from '@negmnist/eslint-config';

export default [
  ...baseConfig,
  { ignores: ['tsup.config.ts', 'vitest.config.ts'] },
  // The gallery is a developer script that draws every chart from synthetic records, by design.
  { files: ['scripts/gallery.mjs'], rules: { 'no-restricted-imports': 'off' } },
];
