import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticExplanation, syntheticRecords } from '@negmnist/results/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as viz from './index';
import { renderSvg } from './node';
import { parseSvg } from './svg.test-helpers';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Every chart factory of the main entry, with the fixture it draws; the other function exports are helpers. */
const CHARTS = {
  activationStats: 'records',
  chaosSeparation: 'explanation',
  confusionMatrix: 'records',
  criticalLrPlot: 'explanation',
  deadUnits: 'records',
  deadUnitsByPolarity: 'explanation',
  digitGrid: 'digits',
  gradientHistograms: 'records',
  gradientNorms: 'records',
  interventionEffects: 'explanation',
  learningCurves: 'records',
  phaseMap: 'explanation',
  sharpnessCurves: 'explanation',
  sweepMap: 'explanation',
} as const;
const HELPERS = ['ChartInputError', 'configColorScale', 'greyPngDataUrl', 'polarityColorScale', 'rankedInterventionLabels'];

/** Small plain-JSON fixtures, sent to the child processes on stdin (digits' pixels as an array). */
const FIXTURES = JSON.parse(
  JSON.stringify({
    records: syntheticRecords({ seed: 1, seedsPerConfig: 2, epochs: 1, stepsPerEpoch: 200 }),
    explanation: syntheticExplanation({ seed: 5, sweep: true }),
    digits: { images: [...new Uint8Array(32).fill(255, 0, 1).fill(77, 16)], count: 2, rows: 4, cols: 4, labels: [3, 8] },
  }),
) as { records: unknown; explanation: unknown; digits: { images: number[] } };
const dataOf = (fixture: keyof typeof FIXTURES): unknown =>
  fixture === 'digits' ? { ...FIXTURES.digits, images: Uint8Array.from(FIXTURES.digits.images) } : FIXTURES[fixture];

/** Script body the children share after loading `viz` (and `node` when rendering): one SVG, or the options' type, per chart. */
const BODY = `(async () => {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const { charts, fixtures } = JSON.parse(text);
  const data = { ...fixtures, digits: { ...fixtures.digits, images: Uint8Array.from(fixtures.digits.images) } };
  const charted = {};
  for (const [name, fixture] of Object.entries(charts)) {
    const options = viz[name](data[fixture]);
    charted[name] = node === undefined ? typeof options.marks : node.renderSvg(options);
  }
  process.stdout.write(JSON.stringify({ exports: Object.keys(viz).sort(), charted, ...extra }));
})();`;

const ESM = `import * as viz from '@negmnist/viz';\nimport * as node from '@negmnist/viz/node';\nconst extra = {};\n${BODY}`;
const CJS = `const viz = require('@negmnist/viz');\nconst node = require('@negmnist/viz/node');\nconst extra = {};\n${BODY}`;
// Node as a browser bundle sees it: jsdom and every Node built-in unresolvable for the package graph.
const WITHOUT_NODE_HOOK = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`import { builtinModules } from 'node:module';
  const blocked = new Set([...builtinModules, 'jsdom']);
  export async function resolve(specifier, context, next) {
    if (specifier.startsWith('node:') || blocked.has(specifier.split('/')[0]) || blocked.has(specifier))
      throw Object.assign(new Error('blocked: ' + specifier + ' from ' + context.parentURL), { code: 'ERR_MODULE_NOT_FOUND' });
    return next(specifier, context);
  }\`));`;
const BROWSER_LIKE = `import * as viz from '@negmnist/viz';
const node = undefined;
const extra = { jsdomBlocked: await import('jsdom').then(() => false, () => true), fsBlocked: await import('node:fs').then(() => false, () => true) };
${BODY}`;

interface ChildOutput {
  exports: string[];
  charted: Record<string, string>;
  jsdomBlocked?: boolean;
  fsBlocked?: boolean;
}

/** Runs a script in plain Node inside the package, so `@negmnist/viz` resolves through package.json's exports to dist. */
function runInNode(args: string[]): ChildOutput {
  const input = JSON.stringify({ charts: CHARTS, fixtures: FIXTURES });
  const child = spawnSync(process.execPath, args, { cwd: packageDir, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as ChildOutput;
}

const newestMtime = (dir: string, keep: (file: string) => boolean): number =>
  Math.max(...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(keep).map((f) => statSync(join(dir, f)).mtimeMs));

beforeAll(() => {
  // These tests load the built package: build it when dist is missing or older than the sources.
  const sources = newestMtime(join(packageDir, 'src'), (f) => f.endsWith('.ts') && !/\.test(-helpers)?\.ts$/.test(f));
  const built = ['index.js', 'index.cjs', 'node.js', 'node.cjs'].map((f) => join(packageDir, 'dist', f));
  const stale = built.some((f) => {
    try {
      return statSync(f).mtimeMs < sources;
    } catch {
      return true;
    }
  });
  if (stale) execFileSync(join(packageDir, 'node_modules/.bin/tsup'), { cwd: packageDir, stdio: 'ignore' });
}, 120_000);

describe('the built package, loaded through its exports in plain Node', () => {
  const functions = Object.keys(viz).filter((name) => typeof (viz as Record<string, unknown>)[name] === 'function');

  it('covers every chart factory of the main entry (a new chart must join CHARTS)', () => {
    expect(functions.filter((name) => !HELPERS.includes(name)).sort()).toEqual(Object.keys(CHARTS).sort());
  });

  const expected = Object.fromEntries(Object.entries(CHARTS).map(([name, fixture]) => [name, renderSvg((viz as unknown as Record<string, (data: unknown) => object>)[name]!(dataOf(fixture)))]));

  it.each([
    ['ESM import', ['--input-type=module', '-e', ESM]],
    ['CJS require', ['--input-type=commonjs', '-e', CJS]],
  ])('%s: exports what the sources export, and every chart renders the SVG the sources render', (_, args) => {
    const { exports, charted } = runInNode(args);
    expect(exports).toEqual(Object.keys(viz).sort());
    for (const [name, svg] of Object.entries(charted)) {
      const root = parseSvg(svg);
      expect(root.tagName, name).toBe('svg');
      expect(root.querySelectorAll('[aria-label]').length, name).toBeGreaterThan(0);
      expect(svg, name).toBe(expected[name]);
    }
    expect(Object.keys(charted).sort()).toEqual(Object.keys(CHARTS).sort());
  });

  it('the main entry (ESM, as bundlers take it) loads and builds every chart without jsdom or any Node built-in', () => {
    const output = runInNode(['--import', `data:text/javascript,${encodeURIComponent(WITHOUT_NODE_HOOK)}`, '--input-type=module', '-e', BROWSER_LIKE]);
    expect([output.jsdomBlocked, output.fsBlocked]).toEqual([true, true]);
    expect(output.charted).toEqual(Object.fromEntries(Object.keys(CHARTS).map((name) => [name, 'object'])));
  });
});

describe('the ./node entry', () => {
  it('leaves jsdom to its users: an optional peer, never a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('jsdom');
    expect(pkg.peerDependencies?.jsdom).toBeDefined();
    expect(pkg.peerDependenciesMeta?.jsdom?.optional).toBe(true);
  });
});
