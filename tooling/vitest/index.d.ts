import type { ViteUserConfig } from 'vitest/config';

/** One exact-match alias: a package specifier (`@negmnist/results/store`) and its source file. */
export interface SourceAlias {
  find: RegExp;
  replacement: string;
}

/**
 * Every export of every package under `packagesDir` (default: the repo's `packages/`), as an alias
 * from its specifier to the TypeScript file tsup builds it from (package.json `exports` → `dist/<name>`
 * → tsup.config.ts `entry`). Throws when an export into dist/ has no tsup entry.
 */
export declare function sourceAliases(packagesDir?: string): SourceAlias[];

/** A package's vitest config: `src/**\/*.test.ts` against sources, 60 s per test, `test` options merged over. */
export declare function packageConfig(test?: NonNullable<ViteUserConfig['test']>): ViteUserConfig;
