import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as viz from './index';

/** Every module specifier imported, transitively, by a local source file. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
    if (specifier!.startsWith('./')) {
      const local = `${specifier}.ts`;
      if (!seen.has(local)) {
        seen.add(local);
        importsOf(local, seen);
      }
    } else seen.add(specifier!);
  }
  return seen;
}

describe('entry points', () => {
  it('the main entry imports neither jsdom nor Node built-ins, so it runs in the browser', () => {
    const external = [...importsOf('./index.ts')].filter((specifier) => !specifier.startsWith('./'));
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((specifier) => specifier === 'jsdom' || specifier.startsWith('node:'))).toEqual([]);
    expect(importsOf('./node.ts').has('jsdom')).toBe(true);
  });

  it('leaves jsdom to the users of the ./node entry: an optional peer, never a dependency', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('jsdom');
    expect(pkg.peerDependencies?.jsdom).toBeDefined();
    expect(pkg.peerDependenciesMeta?.jsdom?.optional).toBe(true);
  });

  it('exports the chart functions the site and trainer use', () => {
    for (const name of ['learningCurves', 'deadUnits', 'gradientNorms', 'gradientHistograms', 'digitGrid', 'confusionMatrix', 'activationStats']) {
      expect(typeof (viz as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
