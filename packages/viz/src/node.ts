import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { figureToSvg } from './figure-to-svg';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Paint a white background and black text, so the file reads the same in dark-mode viewers. Default: true. */
  background?: boolean;
}

/**
 * Renders chart options (from `learningCurves` etc.) to a standalone SVG string in Node, using
 * jsdom as Plot's `document`; titles and legends that Plot puts in an HTML figure become SVG.
 */
export function renderSvg(plotOptions: PlotOptions, options: RenderSvgOptions = {}): string {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  try {
    const node = Plot.plot({ ...plotOptions, document: window.document });
    const svg = node.tagName.toLowerCase() === 'svg' ? node : figureToSvg(node);
    if (options.background === false) svg.removeAttribute('style');
    else if (!svg.getAttribute('style')?.includes('background')) svg.setAttribute('style', `${svg.getAttribute('style') ?? ''};background: white; color: black`.replace(/^;/, ''));
    return new window.XMLSerializer().serializeToString(svg);
  } finally {
    window.close();
  }
}
