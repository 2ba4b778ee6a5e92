import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countDrops, isCollapsed, parseExplanationText, parseRunRecordText } from '@negmnist/results';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../explain/report';
import { runCli, tempDir } from '../test/cli-process';
import { writeTinyIdx } from '../test/tiny-idx';
import type { TinyIdx } from '../test/tiny-idx';

let dir: string;
let data: TinyIdx;
const dataFlags = (d: TinyIdx) => ['--images', d.images, '--labels', d.labels, '--test-images', d.testImages, '--test-labels', d.testLabels];
// 128 training images in batches of 16: 8 steps per epoch, evaluated after steps 2, 4, 6 and 8 (the per-epoch schedule).
const tiny = () => [
  ...dataFlags(data),
  ...['--layers', '784,16,10', '--batch', '16', '--epochs', '1', '--eval-every', '2', '--probe-size', '16', '--seeds', '2', '--only', 'centred,lr-0.01'],
  ...['--sweep-seeds', '2', '--sweep-lrs', '0.01,0.1,1', '--sharpness-seeds', '1', '--sharpness-steps', '20', '--sharpness-every', '10'],
  ...['--chaos-steps', '20', '--mechanism-seeds', '1', '--mechanism-steps', '5'],
  ...['--bootstrap-rounds', '500', '--backend', 'cpu', '--workers', '2', '--out', 'res'],
];

beforeAll(async () => {
  dir = tempDir('explain');
  data = await writeTinyIdx(join(dir, 'data'), 128, 40);
});

describe('negmnist explain', () => {
  it('trains ordinary runs, writes an explanation record that parses, and a report with inline SVG', async () => {
    const result = await runCli(['explain', ...tiny(), '--report', 'report.html'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('explanation: res/explain/explanation.json');
    const file = join(dir, 'res/explain/explanation.json');
    const explanation = parseExplanationText(await readFile(file, 'utf8'), file);
    expect(explanation.interventions.map((i) => i.id)).toEqual(['baseline', 'centred', 'lr-0.01']);
    expect(explanation.configurations).toHaveLength(6);
    // Every metric of both interventions on both polarities (fc1 is ReLU everywhere here).
    expect(explanation.effects).toHaveLength(2 * 2 * 4);
    expect(explanation.ranking.order.sort()).toEqual(['centred', 'lr-0.01']);
    expect(explanation.phase).toBeNull();
    // 10 input forms x 3 learning rates, and a sharpness run per form measured at steps 0, 10 and 20
    expect(explanation.sweep?.cells).toHaveLength(10 * 3);
    expect(explanation.sweep?.forms.find((f) => f.id === 'negative')?.geometry.meanSquaredNorm).toBeGreaterThan(explanation.sweep?.forms.find((f) => f.id === 'positive')?.geometry.meanSquaredNorm ?? Infinity);
    expect(explanation.sweep?.criticalLrs).toHaveLength(10);
    expect(explanation.sharpness?.series.map((s) => s.form)).toEqual(explanation.sweep?.forms.map((f) => f.id));
    expect(explanation.sharpness?.series[1]?.points.map((p) => p.step)).toEqual([0, 10, 20]);
    const sharp = parseRunRecordText(await readFile(join(dir, 'res/explain/sharpness-negative-s0/record.json'), 'utf8'), 'sharpness');
    expect(sharp.sharpness?.map((p) => p.step)).toEqual([0, 10, 20]);
    expect(explanation.sharpness?.series[1]?.points[0]?.mean).toBeCloseTo(0.1 * (sharp.sharpness?.[0]?.lambdaMax ?? Number.NaN), 12);
    expect(explanation.sweep?.forms.find((f) => f.id === 'negative')?.initialSharpness).toBeCloseTo(sharp.sharpness?.[0]?.lambdaMax ?? Number.NaN, 12);
    expect(explanation.sources?.map((s) => s.id)).toEqual(['lecun-1998', 'lecun-kanter-solla-1991', 'cohen-2021', 'lewkowycz-2020', 'dying-relu']);
    expect(explanation.deadUnits?.map((d) => `${d.intervention}/${d.polarity}`)).toContain('baseline/negative');
    expect(explanation.chaos?.pairs).toHaveLength(3 * 2);
    expect(explanation.mechanism?.polarities.map((p) => p.polarity)).toEqual(['positive', 'negative']);
    expect(explanation.meanDirection?.map((m) => m.form)).toEqual(['positive', 'negative', 'zero-mean-negative-norm', 'positive-negative-mean']);
    expect(explanation.settings).toMatchObject({ seeds: 2, epochs: 1, trainImages: 128, validationImages: 40, dataset: 'train-images.idx' });

    // The statistics come from the run records on disk.
    const runIds = new Set((await readdir(join(dir, 'res/explain'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name));
    expect(explanation.settings.runs).toBe(runIds.size);
    const negative = explanation.configurations.find((c) => c.intervention === 'baseline' && c.polarity === 'negative');
    expect(negative?.runIds).toEqual(['baseline-neg-s0', 'baseline-neg-s1']);
    const records = await Promise.all((negative?.runIds ?? []).map(async (id) => parseRunRecordText(await readFile(join(dir, 'res/explain', id, 'record.json'), 'utf8'), id)));
    expect(records.map((r) => r.evaluations.map((e) => e.step))).toEqual([[2, 4, 6, 8], [2, 4, 6, 8]]);
    expect(negative?.drops.values).toEqual(records.map((r) => countDrops(r.evaluations)));
    expect(negative?.finalAccuracy.values).toEqual(records.map((r) => r.evaluations.at(-1)?.valAccuracy));
    expect(negative?.collapseShare).toBe(records.filter((r) => isCollapsed(r.evaluations.at(-1)?.valAccuracy ?? 0)).length / 2);
    const effect = explanation.effects.find((e) => e.intervention === 'centred' && e.polarity === 'negative' && e.metric === 'drops');
    const centred = explanation.configurations.find((c) => c.intervention === 'centred' && c.polarity === 'negative');
    expect(effect?.difference).toBeCloseTo((centred?.drops.mean ?? Number.NaN) - (negative?.drops.mean ?? Number.NaN), 12);
    expect(effect?.includesZero).toBe((effect?.interval[0] ?? 1) <= 0 && (effect?.interval[1] ?? -1) >= 0);
    // Sentences name their seed counts, and a sentence whose interval includes zero says so.
    for (const sentence of explanation.sentences.filter((s) => s.topic === 'effect')) {
      const quoted = explanation.effects.find((e) => sentence.id === `effect-${e.intervention}-${e.polarity}-${e.metric}`);
      expect(sentence.text).toContain('2 seeds each');
      expect(sentence.text.includes('the interval includes zero')).toBe(quoted?.includesZero);
    }
    // The mechanism runs evaluate every step; the twins carry the perturbation.
    const twin = parseRunRecordText(await readFile(join(dir, 'res/explain/chaos-baseline-neg-s0-twin/record.json'), 'utf8'), 'twin');
    expect(twin.config).toMatchObject({ perturbation: 1e-7, maxSteps: 20, evalEvery: 10, evalSchedule: 'global' });
    const mechanism = parseRunRecordText(await readFile(join(dir, 'res/explain/mechanism-negative-s0/record.json'), 'utf8'), 'mechanism');
    expect(mechanism.evaluations.map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    expect(mechanism.evaluations.every((e) => e.meanDirection !== undefined)).toBe(true);
    expect(explanation.mechanism?.polarities[1]?.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);

    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    for (const sentence of explanation.sentences) expect(html).toContain(escapeHtml(sentence.text));

    // Re-running with the same settings reuses every run and recomputes the record.
    const again = await runCli(['explain', ...tiny()], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${runIds.size} finished (skipped), 0 to resume, 0 new`);
    // --check trains nothing and finds every number of the record in the runs; a changed number is named
    const checked = await runCli(['explain', ...tiny(), '--check'], dir);
    expect(checked.stdout).toContain('check: every number of res/explain/explanation.json is what its');
    expect(checked.code).toBe(0);
    const recordText = await readFile(file, 'utf8');
    const tampered = JSON.parse(recordText) as { configurations: Array<{ drops: { mean: number } }> };
    (tampered.configurations[0] as { drops: { mean: number } }).drops.mean += 1;
    await writeFile(file, JSON.stringify(tampered));
    const caught = await runCli(['explain', ...tiny(), '--check'], dir);
    expect(caught.code).not.toBe(0);
    expect(caught.stdout).toContain('differs: configurations[0].drops.mean');
    await writeFile(file, recordText);
    // --json (as train and grid): events on stdout, the last one names the record written.
    const events = await runCli(['explain', ...tiny(), '--json'], dir);
    expect(events.code).toBe(0);
    expect(JSON.parse(events.stdout.trim().split('\n').at(-1) ?? '')).toEqual({ event: 'explanation', file: 'res/explain/explanation.json' });
    const listed = await runCli(['ls', 'res', '--json'], dir);
    expect(listed.code).toBe(0);
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const unknown = await runCli(['explain', '--only', 'centred,nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('--only: expected intervention ids from baseline, no-output-activation');
    const lrs = await runCli(['explain', '--sweep-lrs', '0.1,x'], dir);
    expect(lrs.code).toBe(2);
    expect(lrs.stderr).toContain('--sweep-lrs: expected comma-separated positive learning rates');
    const positional = await runCli(['explain', 'extra'], dir);
    expect(positional.code).toBe(2);
  });
});
