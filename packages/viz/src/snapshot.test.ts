import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSvgSnapshot, prettySvg, SnapshotMismatchError } from './snapshot.testing';

describe('expectSvgSnapshot', () => {
  const svg = '<svg><rect/><text>a</text></svg>';

  it('writes a missing snapshot and fails unless updating', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-snap-'));
    expect(() => expectSvgSnapshot('chart', svg, dir, false)).toThrow(SnapshotMismatchError);
    expect(readFileSync(join(dir, 'chart.svg'), 'utf8')).toBe(prettySvg(svg));
    expect(() => expectSvgSnapshot('chart', svg, dir, false)).not.toThrow();
    expect(() => expectSvgSnapshot('other', svg, dir, true)).not.toThrow();
    expect(existsSync(join(dir, 'other.svg'))).toBe(true);
  });

  it('writes <name>-changed.svg on a mismatch and fails; a later match removes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-snap-'));
    writeFileSync(join(dir, 'chart.svg'), prettySvg('<svg><circle/></svg>'));
    expect(() => expectSvgSnapshot('chart', svg, dir, false)).toThrow(/differs/);
    expect(readFileSync(join(dir, 'chart-changed.svg'), 'utf8')).toBe(prettySvg(svg));
    expect(readFileSync(join(dir, 'chart.svg'), 'utf8')).toBe(prettySvg('<svg><circle/></svg>'));
    expectSvgSnapshot('chart', svg, dir, true);
    expect(existsSync(join(dir, 'chart-changed.svg'))).toBe(false);
    expect(() => expectSvgSnapshot('chart', svg, dir, false)).not.toThrow();
  });
});
