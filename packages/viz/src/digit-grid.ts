import { negativePixel, polarities } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { ChartOptions } from './options';
import { ChartInputError } from './options';
import { greyPngDataUrl } from './png';

/** Images to draw: row-major pixels, either bytes 0–255 or floats in [0, 1] (values outside are clamped). */
export interface DigitImages {
  images: Uint8Array | Float32Array;
  count: number;
  rows: number;
  cols: number;
  /** Class of each image, shown above its column. */
  labels?: Uint8Array | readonly number[];
}

/** Options of {@link digitGrid}. */
export interface DigitGridOptions extends ChartOptions {
  /** Indices of the images to show, in order. Default: the first `limit` images. */
  indices?: readonly number[];
  /** Images to show when `indices` is absent. Default: 10. */
  limit?: number;
  /** One row per polarity, in this order: `positive` is x, `negative` is 1 − x. Default: both. */
  polarities?: readonly Polarity[];
  /** Side of one drawn digit in pixels (nearest-neighbour scaled). Default: 56. */
  size?: number;
}

const ROW_LABEL: Record<Polarity, string> = { positive: 'positive x', negative: 'negative 1 − x' };
/** Band padding: gaps between digits, as a fraction of the step. */
const PADDING = 0.1;
const MARGIN = { top: 40, right: 10, bottom: 10, left: 110 } as const;

/** Grey bytes of one image as the network sees it: 0 black, 255 white; negative images are core's `negativePixel` (1 − x). */
function greyBytes(input: DigitImages, index: number, polarity: Polarity): Uint8Array {
  const size = input.rows * input.cols;
  const out = new Uint8Array(size);
  const scale = input.images instanceof Float32Array ? 255 : 1;
  for (let i = 0; i < size; i += 1) {
    const byte = Math.round(Math.min(255, Math.max(0, input.images[index * size + i]! * scale)));
    out[i] = polarity === 'negative' ? Math.round(negativePixel(byte / 255) * 255) : byte;
  }
  return out;
}

/**
 * The same digits as positive and negative images, pixel for pixel as the network sees them on a
 * grey ramp (0 black, 1 white): positives are white digits on black, negatives dark digits on white.
 */
export function digitGrid(input: DigitImages, options: DigitGridOptions = {}): PlotOptions {
  const { size = 56 } = options;
  const shown = options.polarities ?? polarities;
  const pixels = input.rows * input.cols;
  if (input.images.length < input.count * pixels) {
    throw new ChartInputError(`digitGrid: images must hold count × rows × cols = ${input.count * pixels} values, received ${input.images.length}`);
  }
  const indices = options.indices ?? Array.from({ length: Math.min(input.count, options.limit ?? 10) }, (_, i) => i);
  const outside = indices.filter((index) => !Number.isInteger(index) || index < 0 || index >= input.count);
  if (indices.length === 0 || outside.length > 0) {
    throw new ChartInputError(`digitGrid: indices must be non-empty integers in [0, ${input.count}), received [${outside.join(', ')}]`);
  }
  const columnLabel = (index: number): string => (input.labels ? `#${index}: ${input.labels[index]}` : `#${index}`);
  const cells = shown.flatMap((polarity) =>
    indices.map((index) => ({
      column: columnLabel(index),
      row: ROW_LABEL[polarity],
      src: greyPngDataUrl(greyBytes(input, index, polarity), input.cols, input.rows),
    })),
  );
  // band ranges sized so that each band is exactly `size` pixels: range = (n + p) · size / (1 − p)
  const span = (n: number): number => ((n + PADDING) * size) / (1 - PADDING);
  // whole-pixel chart size: the rounding slack goes to the right and bottom margins
  const width = Math.ceil(MARGIN.left + MARGIN.right + span(indices.length));
  const height = Math.ceil(MARGIN.top + MARGIN.bottom + span(shown.length));
  return {
    width,
    height,
    marginTop: MARGIN.top,
    marginRight: width - MARGIN.left - span(indices.length),
    marginBottom: height - MARGIN.top - span(shown.length),
    marginLeft: MARGIN.left,
    title: options.title === undefined ? 'Digits as the network sees them' : options.title,
    subtitle: options.subtitle === undefined ? 'Grey ramp: 0 black, 1 white. Negative images are 1 − x.' : options.subtitle,
    ariaLabel: 'Digit grid',
    ariaDescription: `${indices.length} digits (${indices.map(columnLabel).join(', ')}) drawn as ${shown.join(' and ')} images.`,
    style: { imageRendering: 'pixelated' }, // inherited by the images: crisp pixels, no smoothing
    x: { type: 'band', domain: indices.map(columnLabel), padding: PADDING, round: false, axis: 'top', label: input.labels ? 'image #index: label' : 'image #index', tickSize: 0 },
    y: { type: 'band', domain: shown.map((polarity) => ROW_LABEL[polarity]), padding: PADDING, round: false, label: null, tickSize: 0 },
    marks: [
      Plot.image(cells, { x: 'column', y: 'row', src: 'src', width: size, height: size, preserveAspectRatio: 'none', ariaLabel: (cell: { row: string; column: string }) => `${cell.row} image ${cell.column}`, ariaDescription: 'digit images' }),
      Plot.cell(cells, { x: 'column', y: 'row', fill: 'none', stroke: 'currentColor', strokeOpacity: 0.35, ariaHidden: 'true' }),
    ],
  };
}
