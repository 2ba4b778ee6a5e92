// Shared flat config: typescript-eslint recommended plus the house rules below, for the TypeScript
// sources and the plain JavaScript scripts (.js/.mjs/.cjs, run by Node).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export const baseConfig = tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/out/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      // Named exports only: one name per thing across imports, re-exports and docs.
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Test fixtures (`@negmnist/results/testing`, `./testing/…`, `*.testing.ts`) are for tests only.
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts', '**/testing.ts', '**/testing/**', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@negmnist/*/testing', '**/testing', '**/testing/**', '**/*.testing'], message: 'Test fixtures are for tests; production code never imports them.' }] },
      ],
    },
  },
  // ESLint reads its config from a default export.
  { files: ['**/eslint.config.{js,mjs}'], rules: { 'no-restricted-syntax': 'off' } },
);
