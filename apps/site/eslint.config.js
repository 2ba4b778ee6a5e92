import { baseConfig } from '@negmnist/eslint-config';

export default [
  ...baseConfig,
  { ignores: ['.test-out/**', '.tmp/**', 'next-env.d.ts', 'vitest.config.ts'] },
  // Next.js requires default exports for pages, layouts and its config.
  { files: ['app/**/page.tsx', 'app/**/layout.tsx', 'next.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
];
