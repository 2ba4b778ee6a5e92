import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');

/** Parses SVG text as XML (throws on malformed output) and returns its root: for the chart tests. */
export function parseSvg(svg: string): Element {
  const document = new window.DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = document.querySelector('parsererror');
  if (error) throw new Error(`invalid SVG: ${error.textContent}`);
  return document.documentElement;
}

/**
 * One element per line, so that a snapshot diff points at the changed mark. The chart tests compare
 * `prettySvg(svg)` with `__snapshots__/<name>.svg` through vitest's `toMatchFileSnapshot`.
 */
export const prettySvg = (svg: string): string => `${svg.replace(/></g, '>\n<')}\n`;
