import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown by {@link expectSvgSnapshot} when a snapshot is missing or differs. */
export class SnapshotMismatchError extends Error {
  override name = 'SnapshotMismatchError';
}

/** One element per line, so that snapshot diffs point at the changed mark. */
export const prettySvg = (svg: string): string => `${svg.replace(/></g, '>\n<')}\n`;

/**
 * Compares `svg` with `<dir>/<name>.svg`. A mismatch writes `<name>-changed.svg` beside it and
 * throws; a missing snapshot is written and throws too, unless UPDATE_SNAPSHOTS=1 (then both are
 * written and accepted), so a test can never pass silently without a reviewed snapshot.
 */
export function expectSvgSnapshot(name: string, svg: string, dir: string, update = process.env.UPDATE_SNAPSHOTS === '1'): void {
  const path = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}-changed.svg`);
  const actual = prettySvg(svg);
  mkdirSync(dir, { recursive: true });
  if (existsSync(path) && readFileSync(path, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return;
  }
  if (update) {
    writeFileSync(path, actual);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    writeFileSync(path, actual);
    throw new SnapshotMismatchError(`snapshot ${path} was missing: wrote it; review it, then rerun (UPDATE_SNAPSHOTS=1 accepts new snapshots)`);
  }
  writeFileSync(changed, actual);
  throw new SnapshotMismatchError(`snapshot ${path} differs: wrote ${changed}; compare them, then rerun with UPDATE_SNAPSHOTS=1 to accept`);
}
