import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeIdx } from './testing/idx-builder';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const demo = fileURLToPath(new URL('../../../scripts/demo.mjs', import.meta.url));
const newestMtime = (dir: string): number =>
  Math.max(...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(dir, f)).mtimeMs));

let dir = '';
beforeAll(() => {
  // The demo imports the built package: build it when dist is missing or older than src.
  const built = ['index.js', 'node.js'].map((f) => join(packageDir, 'dist', f));
  const stale = built.some((f) => { try { return statSync(f).mtimeMs < newestMtime(join(packageDir, 'src')); } catch { return true; } });
  if (stale) execFileSync(join(packageDir, 'node_modules/.bin/tsup'), { cwd: packageDir, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'negmnist-demo-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runDemo(images: Uint8Array, labels: Uint8Array) {
  writeFileSync(join(dir, 'images'), images);
  writeFileSync(join(dir, 'labels'), labels);
  return spawnSync(process.execPath, [demo, '--images', join(dir, 'images'), '--labels', join(dir, 'labels')], { encoding: 'utf8' });
}

const labels = encodeIdx('u8', [2], [0, 1]);
describe('demo on bad input: one line on stderr, non-zero exit, no stack trace', () => {
  test.each([
    ['not IDX', Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 255), /magic bytes 0-1/],
    ['truncated', encodeIdx('u8', [2, 3, 3], new Array<number>(18).fill(5)).subarray(0, 20), /declared size/],
    ['lies about its size', encodeIdx('u8', [2, 3, 3], new Array<number>(20).fill(5)), /file length/],
  ])('%s', (_, images, message) => {
    const result = runDemo(images, labels);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toContain(join(dir, 'images'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('a valid pair prints the counts and exits 0', () => {
    const result = runDemo(encodeIdx('u8', [2, 1, 2], [0, 255, 255, 255]), labels);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 images of 1x2, 10 classes');
    expect(result.stdout).toContain('positive 0.7500, negative 0.2500');
  });
});
