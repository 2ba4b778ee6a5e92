// The package graph, checked: every workspace package sits on a layer, and its run-time dependencies
// (dependencies and peerDependencies) point only to lower layers, so no edge goes up (devDependencies
// may reach sideways for tests, e.g. an engine's lockstep test against another engine). Also: no source
// outside the TensorFlow.js engine, the tfjs model builders and the apps imports TensorFlow.js.
// Run by `npm run lint` (lint:root). Exit 1 with one line per violation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** Layer of each package, bottom first. A package missing here is a violation: place it. */
const LAYERS = {
  '@negmnist/core': 0,
  '@negmnist/system': 0,
  '@negmnist/data': 1,
  '@negmnist/results': 2,
  '@negmnist/models': 3,
  '@negmnist/train': 4,
  '@negmnist/viz': 4,
  '@negmnist/engine-tfjs': 5,
  '@negmnist/engine-onnx': 5,
  '@negmnist/engine-webgpu': 5,
  negmnist: 6,
  '@negmnist/site': 6,
};
/** Packages whose sources may import @tensorflow/tfjs (the apps also may). */
const TFJS_ALLOWED = new Set(['@negmnist/engine-tfjs', '@negmnist/models']);

const problems = [];
const packages = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return [{ dir: join(group, d.name), pkg: JSON.parse(readFileSync(join(root, group, d.name, 'package.json'), 'utf8')) }];
      } catch {
        return [];
      }
    }),
);
for (const { dir, pkg } of packages) {
  const layer = LAYERS[pkg.name];
  if (layer === undefined) {
    problems.push(`${dir}/package.json: ${pkg.name} has no layer in scripts/layers.mjs`);
    continue;
  }
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      if (!(dep in LAYERS)) continue;
      if (LAYERS[dep] >= layer && dep !== pkg.name) problems.push(`${dir}/package.json ${field}: ${pkg.name} (layer ${layer}) depends on ${dep} (layer ${LAYERS[dep]}): expected a lower layer`);
    }
  }
  if (dir.startsWith('packages/') && !TFJS_ALLOWED.has(pkg.name)) {
    for (const file of sources(join(root, dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      if (/from '@tensorflow\/tfjs|require\('@tensorflow\/tfjs|import\('@tensorflow\/tfjs/.test(text)) problems.push(`${file.slice(root.length)}: imports @tensorflow/tfjs; expected only in ${[...TFJS_ALLOWED].join(', ')} and the apps`);
    }
  }
}

/** Non-test TypeScript sources under `dir`. */
function sources(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

if (problems.length > 0) {
  for (const p of problems) console.error(`layers: ${p}`);
  process.exit(1);
}
console.log(`layers: ${packages.length} packages, no upward edge, TensorFlow.js only in ${[...TFJS_ALLOWED].join(', ')} and the apps`);
