// Shared flat config: typescript-eslint recommended, plus the house rules of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const baseConfig = tseslint.config(
  { ignores: ['dist/**', '.next/**', 'out/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Named exports only (STYLE.md); frameworks that need defaults opt out locally.
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
);
