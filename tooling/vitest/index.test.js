import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceAliases } from './index.js';

const packagesDir = fileURLToPath(new URL('../../packages', import.meta.url));
/** The specifier an alias matches, back from its exact-match regex. */
const specifier = (alias) => alias.find.source.slice(1, -1).replace(/\\(.)/g, '$1');

describe('sourceAliases over the workspace packages', () => {
  const aliases = sourceAliases();

  it('maps every export of every package to a source file that exists', () => {
    const exported = readdirSync(packagesDir).flatMap((dir) => {
      const { name, exports } = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
      return Object.keys(exports).filter((subpath) => subpath !== './package.json').map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
    });
    expect(aliases.map(specifier).sort()).toEqual(exported.sort());
    for (const alias of aliases) expect(existsSync(alias.replacement), alias.replacement).toBe(true);
  });

  it('follows tsup entries whose name differs from the file name', () => {
    const source = (name) => aliases.find((alias) => alias.find.test(name))?.replacement.slice(packagesDir.length + 1);
    expect(source('@negmnist/results/store')).toBe('results/src/store-index.ts');
    expect(source('@negmnist/train/testing')).toBe('train/src/testing/index.ts');
    expect(source('@negmnist/data/node')).toBe('data/src/node.ts');
  });

  it('matches a specifier exactly, not as a prefix of its subpaths', () => {
    const results = aliases.find((alias) => specifier(alias) === '@negmnist/results');
    expect(results?.find.test('@negmnist/results')).toBe(true);
    expect(results?.find.test('@negmnist/results/store')).toBe(false);
  });
});

describe('sourceAliases on a package that exports what tsup does not build', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A packages/ directory holding one package `@x/pkg` with these exports and tsup.config.ts text. */
  function fixture(exports, tsupConfig) {
    dir = mkdtempSync(join(tmpdir(), 'vitest-config-'));
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', 'package.json'), JSON.stringify({ name: '@x/pkg', exports }));
    writeFileSync(join(dir, 'pkg', 'tsup.config.ts'), tsupConfig);
    return dir;
  }
  const built = (name) => ({ import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` }, require: `./dist/${name}.cjs` });

  it('names array entries relative to their common directory, as esbuild does', () => {
    const config = "export default defineConfig({ entry: ['src/index.ts', 'src/io/node.ts'] });";
    const aliases = sourceAliases(fixture({ '.': built('index'), './node': built('io/node'), './package.json': './package.json' }, config));
    expect(aliases.map((alias) => [specifier(alias), alias.replacement.slice(dir.length + 1)])).toEqual([
      ['@x/pkg', 'pkg/src/index.ts'],
      ['@x/pkg/node', 'pkg/src/io/node.ts'],
    ]);
  });

  it('throws, naming the export, when no entry builds it', () => {
    const config = "export default defineConfig({ ...baseConfig, entry: { index: 'src/index.ts' } });";
    expect(() => sourceAliases(fixture({ '.': built('index'), './extra': built('extra') }, config))).toThrow(/@x\/pkg: export '\.\/extra' is dist\/extra, but .* has no entry named 'extra'/);
  });

  it('throws on an entry it cannot read without running the config', () => {
    const config = "const entry = ['src/index.ts'];\nexport default defineConfig({ entry });";
    expect(() => sourceAliases(fixture({ '.': built('index') }, config))).toThrow(/tsup entry must be an object or array literal \(found Identifier\)/);
  });
});
