import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';

/** Renders Plot options to markup (an `<svg>`, or a `<figure>` when Plot adds a legend) at build time. */
export function renderSvg(options: Plot.PlotOptions): string {
  const { document } = new JSDOM('<!DOCTYPE html>').window;
  return Plot.plot({ ...options, document }).outerHTML;
}
