import { syntheticRecords } from '@negmnist/results/testing';
import type { RunRecord } from '@negmnist/results';
import { parseSvg as parse, prettySvg } from './svg.test-helpers';
import { describe, expect, it } from 'vitest';
import {
  activationStats,
  ChartInputError,
  confusionMatrix,
  deadUnits,
  digitGrid,
  gradientHistograms,
  gradientNorms,
  learningCurves,
  okabeIto,
} from './index';
import { renderSvg } from './node';

const CONFIGS = [
  { negative: false, hidden: 'relu' },
  { negative: true, hidden: 'relu' },
  { negative: false, hidden: 'sigmoid' },
  { negative: true, hidden: 'sigmoid' },
] as const;
const LABELS = ['positive · relu', 'negative · relu', 'positive · sigmoid', 'negative · sigmoid'];
const records = syntheticRecords({ seed: 1, configs: CONFIGS, epochs: 2, stepsPerEpoch: 500 });


const labelled = (root: Element, pattern: RegExp): Element[] =>
  [...root.querySelectorAll('[aria-label]')].filter((element) => pattern.test(element.getAttribute('aria-label')!));
const legendLabels = (root: Element): string[] => [...root.querySelectorAll('g[aria-label="legend"] text')].map((text) => text.textContent!);

/** Two 4×4 test "digits": a bright pixel at (0, 0) in the first, a half-grey image as floats in the second. */
const digits = { images: new Uint8Array(32).fill(0).fill(255, 0, 1).fill(77, 16), count: 2, rows: 4, cols: 4, labels: [3, 8] };

describe('learningCurves', () => {
  it('draws a mean line and a band per configuration and metric, coloured by configuration, with a legend', () => {
    const root = parse(renderSvg(learningCurves(records)));
    expect(root.getAttribute('aria-label')).toBe('Learning curves');
    expect(root.querySelector('title')?.textContent).toBe('Learning curves');
    expect(labelled(root, / mean$/)).toHaveLength(LABELS.length * 4);
    expect(labelled(root, / band$/)).toHaveLength(LABELS.length * 4);
    expect(legendLabels(root)).toEqual(LABELS);
    const strokes = new Set(labelled(root, / mean$/).map((path) => path.getAttribute('stroke')));
    expect(strokes).toEqual(new Set(okabeIto.slice(0, 4)));
  });

  it('honours metrics, configs and band options', () => {
    const options = { metrics: ['valAccuracy'] as const, configs: ['negative · relu', 'positive · relu'], band: 'none' as const };
    const root = parse(renderSvg(learningCurves(records, options)));
    expect(labelled(root, / mean$/).map((path) => path.getAttribute('aria-label'))).toEqual(['negative · relu mean', 'positive · relu mean']);
    expect(labelled(root, / band$/)).toHaveLength(0);
    expect(legendLabels(root)).toEqual(['negative · relu', 'positive · relu']);
    const band = (kind: 'minmax' | 'quantile') =>
      labelled(parse(renderSvg(learningCurves(records, { metrics: ['valAccuracy'], band: kind }))), / band$/)[1]!.getAttribute('d');
    expect(band('quantile')).not.toBe(band('minmax'));
  });

  it('titles the validation column with validationLabel, leaving the training column', () => {
    const facetTitles = (svg: string) => new Set([...parse(svg).querySelectorAll('g[aria-label="fx-axis tick label"] text')].map((t) => t.textContent));
    const titles = facetTitles(renderSvg(learningCurves(records, { validationLabel: 'validation (2000 test images)' })));
    expect(titles).toEqual(new Set(['training', 'validation (2000 test images)']));
    expect(facetTitles(renderSvg(learningCurves(records)))).toEqual(new Set(['training', 'validation (10k test images)']));
  });

  it('rejects unknown configurations and metrics', () => {
    expect(() => learningCurves(records, { configs: ['nope'] })).toThrow(ChartInputError);
    expect(() => learningCurves(records, { metrics: [] })).toThrow(/non-empty/);
  });
});

describe('per-layer charts', () => {
  it('deadUnits draws ReLU layers and the output column; sigmoid hidden layers have no dead fraction', () => {
    const root = parse(renderSvg(deadUnits(records)));
    expect(labelled(root, /^negative · relu mean$/)).toHaveLength(4); // fc1, fc2, fc3, outputs
    expect(labelled(root, /^positive · sigmoid mean$/)).toHaveLength(2); // fc3 (output ReLU), outputs
    expect(labelled(parse(renderSvg(deadUnits(records, { outputs: false }))), /^negative · relu mean$/)).toHaveLength(3);
  });

  it('gradientNorms uses a log axis and leaves out zero norms', () => {
    const zeroed: RunRecord[] = records.map((record) => ({
      ...record,
      evaluations: record.evaluations.map((evaluation, i) =>
        i === 0 ? { ...evaluation, layers: evaluation.layers.map((layer) => ({ ...layer, gradNorm: 0 })) } : evaluation,
      ),
    }));
    const options = gradientNorms(zeroed);
    expect(options.y).toMatchObject({ type: 'log' });
    const svg = renderSvg(options);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(labelled(parse(svg), / mean$/)).toHaveLength(LABELS.length * 3);
  });

  it('gradientNorms keeps the mean line where only one seed has no gradient', () => {
    // Seed 0 of every config loses all gradient from the second evaluation on (e.g. every output dead).
    const oneSeedDead: RunRecord[] = records.map((record) =>
      record.config.seed !== 0
        ? record
        : { ...record, evaluations: record.evaluations.map((e, i) => (i === 0 ? e : { ...e, layers: e.layers.map((l) => ({ ...l, gradNorm: 0 })) })) },
    );
    const steps = (options: ReturnType<typeof gradientNorms>): number =>
      options.marks!.flatMap((mark) => ((mark as { data?: unknown[] }).data ?? []) as unknown[]).length;
    const svg = renderSvg(gradientNorms(oneSeedDead));
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(labelled(parse(svg), / mean$/)).toHaveLength(LABELS.length * 3);
    expect(steps(gradientNorms(oneSeedDead))).toBe(steps(gradientNorms(records)));
  });

  it('activationStats draws mean and standard deviation rows per layer', () => {
    const root = parse(renderSvg(activationStats(records, { layers: ['fc1', 'fc2'] })));
    expect(labelled(root, / mean$/)).toHaveLength(LABELS.length * 2 * 2);
    expect(root.textContent).toContain('standard deviation');
  });
});

describe('gradientHistograms', () => {
  it('draws one rect per non-empty bin, per epoch and configuration', () => {
    const nonEmpty = new Set<string>();
    for (const record of records)
      for (const histogram of record.gradientHistograms)
        histogram.counts.forEach((count, bin) => count > 0 && nonEmpty.add(`${record.label}/${histogram.epoch}/${bin}`));
    const root = parse(renderSvg(gradientHistograms(records)));
    expect(labelled(root, /, epoch \d+: /)).toHaveLength(nonEmpty.size);
  });

  it('keeps the axis on the full bin range when every gradient is zero (a dead network)', () => {
    // 41 bins over [-0.01, 0.01] as the trainer writes them; all of fc1's weights in the zero bin.
    const bins = 41;
    const binEdges = Array.from({ length: bins + 1 }, (_, i) => -0.01 + (0.02 * i) / bins);
    const counts = Array.from({ length: bins }, (_, i) => (i === (bins - 1) / 2 ? 784 * 200 : 0));
    const dead: RunRecord = { ...records[0]!, gradientHistograms: [{ epoch: 0, step: 1, layer: 'fc1', binEdges, counts }] };
    const root = parse(renderSvg(gradientHistograms([dead])));
    const cells = labelled(root, /, epoch \d+: /);
    expect(cells).toHaveLength(1);
    const frame = root.querySelector('g[aria-label="frame"] rect, rect[aria-label="frame"]')!;
    const frameWidth = Number(frame.getAttribute('width'));
    const frameLeft = Number(frame.getAttribute('x'));
    const cell = cells[0]!.matches('rect') ? cells[0]! : cells[0]!.querySelector('rect')!;
    const width = Number(cell.getAttribute('width'));
    const centre = Number(cell.getAttribute('x')) + width / 2;
    // One bin of 41 wide, centred on gradient 0 (the middle of the symmetric axis).
    expect(width).toBeCloseTo(frameWidth / bins, 0);
    expect(centre).toBeCloseTo(frameLeft + frameWidth / 2, 0);
  });

  it('fails clearly without histograms of the layer', () => {
    expect(() => gradientHistograms(records, { layer: 'fc9' })).toThrow(/layer "fc9"/);
  });
});

describe('digitGrid', () => {
  it('draws every digit positive and negative, inverted on the grey ramp', () => {
    const root = parse(renderSvg(digitGrid(digits)));
    const images = [...root.querySelectorAll('image')];
    expect(images).toHaveLength(4);
    expect(labelled(root, /^positive x image #1: 8$/)).toHaveLength(1);
    const pixels = (href: string) => Buffer.from(href.split(',')[1]!, 'base64');
    // stored-deflate PNG: the first scanline (filter byte 0, then 4 pixels) sits verbatim inside IDAT
    const [positive, , negative] = images.map((image) => pixels(image.getAttribute('href')!));
    expect(positive!.includes(Buffer.from([0, 255, 0, 0, 0]))).toBe(true);
    expect(negative!.includes(Buffer.from([0, 0, 255, 255, 255]))).toBe(true);
  });

  it('scales float images from [0, 1] and validates its input', () => {
    const floats = { images: new Float32Array(16).fill(0.5), count: 1, rows: 4, cols: 4 };
    const href = parse(renderSvg(digitGrid(floats, { polarities: ['negative'] }))).querySelector('image')!.getAttribute('href')!;
    expect(Buffer.from(href.split(',')[1]!, 'base64').includes(Buffer.from([0, 127, 127, 127, 127]))).toBe(true);
    expect(() => digitGrid({ ...floats, count: 2 })).toThrow(ChartInputError);
    expect(() => digitGrid(floats, { indices: [1] })).toThrow(/indices/);
  });
});

describe('confusionMatrix', () => {
  it('draws 10 × 10 cells per configuration with row shares', () => {
    const root = parse(renderSvg(confusionMatrix(records, { configs: ['positive · relu', 'negative · relu'] })));
    expect(labelled(root, /predicted/)).toHaveLength(200);
    expect(() => confusionMatrix(records.map(({ confusion: _, ...record }) => record))).toThrow(ChartInputError);
  });
});

describe('SVG snapshots of synthetic records', () => {
  const charts = {
    'learning-curves': () => learningCurves(records),
    'learning-curves-quantile': () => learningCurves(records, { metrics: ['valAccuracy', 'valLoss'], band: 'quantile', x: 'epoch' }),
    'dead-units': () => deadUnits(records),
    'gradient-norms': () => gradientNorms(records),
    'gradient-histograms': () => gradientHistograms(records),
    'digit-grid': () => digitGrid(digits),
    'confusion-matrix': () => confusionMatrix(records),
    'activation-stats': () => activationStats(records),
  };
  for (const [name, chart] of Object.entries(charts)) {
    it(`${name} of synthetic records matches its SVG snapshot`, () => expect(prettySvg(renderSvg(chart()))).toMatchFileSnapshot(`./__snapshots__/${name}.svg`));
  }
});

describe('learningCurves axes', () => {
  it('gives accuracy and loss rows their own scales, and one quantity a plain labelled axis', () => {
    const both = learningCurves(records, { metrics: ['valAccuracy', 'valLoss'] });
    expect(both.y).toMatchObject({ axis: null, domain: [0, 1] });
    const root = parse(renderSvg(both));
    const ticks = [...root.querySelectorAll('g[aria-description="y-axis tick label"] text')].map((text) => text.textContent);
    expect(ticks).toContain('1'); // accuracy row tops out at 1
    // The loss row has its own scale, whose top tick is the first above the largest loss the records hold.
    const largestLoss = Math.max(...records.flatMap((r) => r.evaluations.map((e) => e.valLoss ?? 0)));
    const lossTicks = ticks.map(Number).filter((tick) => tick > 1);
    expect(Math.max(...lossTicks)).toBeGreaterThanOrEqual(largestLoss);
    const single = parse(renderSvg(learningCurves(records, { metrics: ['valLoss'] })));
    expect(single.querySelector('[aria-label="y-axis label"]')?.textContent).toContain('cross-entropy loss (nats)');
  });
});
