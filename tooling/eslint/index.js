// Shared flat config: typescript-eslint recommended plus the house rules below, for the TypeScript
// sources and the plain JavaScript scripts (.js/.mjs/.cjs, run by Node).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Tests and their fixtures: exempt from the production-only import rules.
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts', '**/testing.ts', '**/testing/**', '**/test/**'];
const TEST_FIXTURES = { group: ['@negmnist/*/testing', '**/testing', '**/testing/**', '**/*.testing'], message: 'Test fixtures are for tests; production code never imports them.' };
const NAMED_EXPORTS = { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' };

export const baseConfig = tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/out/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      // Named exports only: one name per thing across imports, re-exports and docs.
      'no-restricted-syntax': ['error', NAMED_EXPORTS],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Test fixtures (`@negmnist/results/testing`, `./testing/…`, `*.testing.ts`) are for tests only.
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [TEST_FIXTURES] }] },
  },
  // ESLint reads its config from a default export.
  { files: ['**/eslint.config.{js,mjs}'], rules: { 'no-restricted-syntax': 'off' } },
);

/**
 * A config block for sources that must also run in a browser (a package's main entry and every module
 * it imports): they import no Node built-in (`node:fs`, `fs`, `fs/promises`, …) and none of
 * `nodeOnly` (packages such as jsdom that a `./node` entry keeps to itself), neither statically nor
 * through `import()` or `require()`. Tests stay exempt; the base rules (test fixtures, named exports)
 * still apply, since ESLint replaces a rule's options rather than merging them.
 *
 * @param {{ files: string[], ignores?: string[], nodeOnly?: string[] }} options `files`: the browser
 *   sources (globs); `ignores`: the Node-only modules among them (the `./node` entry); `nodeOnly`:
 *   package names forbidden besides the built-ins.
 */
export function browserSafeImports({ files, ignores = [], nodeOnly = [] }) {
  const names = [...new Set(builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.split('/')[0]))];
  const message = `Browser code imports no Node built-in${nodeOnly.length > 0 ? ` nor ${nodeOnly.join(', ')}` : ''}: keep it behind the package's ./node entry.`;
  // A specifier naming a built-in (with or without `node:`, any subpath) or a nodeOnly package (any subpath).
  const specifier = `^(node:|(${[...names, ...nodeOnly].join('|').replaceAll('.', '\\.')})(/|$))`;
  const selectorRegex = `/${specifier.replaceAll('/', '\\/')}/`;
  return {
    files,
    ignores: [...TEST_FILES, ...ignores],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TEST_FIXTURES, { regex: specifier, message }] }],
      'no-restricted-syntax': [
        'error',
        NAMED_EXPORTS,
        { selector: `ImportExpression > Literal.source[value=${selectorRegex}]`, message },
        { selector: `CallExpression[callee.name="require"] > Literal.arguments[value=${selectorRegex}]`, message },
      ],
    },
  };
}
