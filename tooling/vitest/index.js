// Shared vitest options. Tests resolve `@negmnist/*` to TypeScript sources, not to dist/, so a test of
// one package runs the current code of the packages below it, without rebuilding them first.
// The map is derived from each package's own files (package.json exports, tsup.config.ts entries).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vitest/node';

const PACKAGES_DIR = fileURLToPath(new URL('../../packages', import.meta.url));

/** @type {(text: string) => string} */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Every file an export target names, through its conditions (`import`, `require`, `types`, …). */
const targetFiles = (target) => (typeof target === 'string' ? [target] : Object.values(target ?? {}).flatMap(targetFiles));

/** The dist/ output name of one export target (`./dist/store.js` → `store`), or undefined if it is not built. */
function distName(target) {
  const built = targetFiles(target).find((file) => /^(\.\/)?dist\/.+\.[cm]?js$/.test(file));
  return built?.replace(/^(\.\/)?dist\//, '').replace(/\.[cm]?js$/, '');
}

/** String values of a literal; throws on anything computed, since the map must not guess. */
function literal(node, file) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  throw new Error(`${file}: tsup entry must list string literals (found ${node.type})`);
}

/** tsup's entries of one config file: output name → source path (relative to the package). */
function tsupEntries(file) {
  const entries = new Map();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const key = node.type === 'Property' ? (node.key.name ?? node.key.value) : undefined;
    if (key !== 'entry') return Object.values(node).forEach(visit);
    if (node.value.type === 'ObjectExpression') {
      for (const prop of node.value.properties) entries.set(prop.key.name ?? prop.key.value, literal(prop.value, file));
    } else if (node.value.type === 'ArrayExpression') {
      // esbuild names array entries relative to their lowest common directory (its default outbase).
      const paths = node.value.elements.map((element) => literal(element, file));
      const base = paths.map((path) => dirname(path)).reduce((common, dir) => {
        while (common !== '.' && dir !== common && !dir.startsWith(common + '/')) common = dirname(common);
        return common;
      });
      for (const path of paths) entries.set(relative(base, path).split(sep).join('/').replace(/\.[cm]?tsx?$/, ''), path);
    } else {
      throw new Error(`${file}: tsup entry must be an object or array literal (found ${node.value.type})`);
    }
  };
  visit(parseAst(readFileSync(file, 'utf8'), { lang: 'ts' }));
  return entries;
}

/** @type {import('./index').sourceAliases} */
export function sourceAliases(packagesDir = PACKAGES_DIR) {
  const aliases = [];
  for (const dir of readdirSync(packagesDir, { withFileTypes: true })) {
    const packageDir = join(packagesDir, dir.name);
    if (!dir.isDirectory() || !existsSync(join(packageDir, 'package.json'))) continue;
    const { name, exports = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const built = Object.entries(typeof exports === 'string' ? { '.': exports } : exports).flatMap(([subpath, target]) => {
      const output = distName(target);
      return output ? [{ subpath, output }] : [];
    });
    if (built.length === 0) continue;
    const config = join(packageDir, 'tsup.config.ts');
    if (!existsSync(config)) throw new Error(`${packageDir}: package.json exports dist/ but there is no tsup.config.ts to map to sources`);
    const entries = tsupEntries(config);
    for (const { subpath, output } of built) {
      const source = entries.get(output);
      if (!source) throw new Error(`${name}: export '${subpath}' is dist/${output}, but ${config} has no entry named '${output}' (entries: ${[...entries.keys()].join(', ')})`);
      const specifier = subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`;
      aliases.push({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: resolve(packageDir, source) });
    }
  }
  return aliases;
}

/** @type {import('./index').packageConfig} */
export function packageConfig(test = {}) {
  return { resolve: { alias: sourceAliases() }, test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, ...test } };
}
