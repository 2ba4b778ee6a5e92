import { readFile } from 'node:fs/promises';
import { requireComponent } from '@negmnist/system';
import { runRecordSchema } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser';

const siteUrl = inject('siteUrl');
const STEPS = 200;

const chromium = requireComponent('chromium', 'site lab browser test');

describe.skipIf(!chromium.available)('lab page (headless chromium, wasm backend)', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const records: RunRecord[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser, `${siteUrl}/lab/`));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const step = (polarity: string) => page.getByTestId(`run-${polarity}`).getAttribute('data-step').then(Number);
  const evaluations = (polarity: string) => page.getByTestId(`run-${polarity}`).getAttribute('data-evaluations').then(Number);
  const meanLines = (polarity: string) =>
    page.getByTestId('lab-curves').locator(`[aria-label="${polarity} · relu mean"] path, path[aria-label="${polarity} · relu mean"]`).evaluateAll((paths) => paths.map((p) => p.getAttribute('d')).join('|'));

  test(`trains ${STEPS} steps on positive and negative images side by side; both curves update; training runs in one Web Worker per polarity, off the main thread`, { timeout: 240_000 }, async () => {
    await page.getByTestId('lab-backend').selectOption('wasm');
    await page.getByTestId('lab-eval-every').fill('20');
    await page.getByTestId('lab-start').click();
    await expect.poll(() => page.getByTestId('backend-name').innerText(), { timeout: 60_000 }).toBe('WebAssembly (wasm)');
    expect(await page.getByTestId('engine-name').innerText()).toBe('TensorFlow.js');
    // the page says whether WebGPU is there, and what it falls back to when it is not (or is a software renderer)
    const webgpu = await page.getByTestId('backend-note').getAttribute('data-webgpu');
    expect(['adapter', 'software', 'no-adapter', 'missing']).toContain(webgpu);
    if (webgpu !== 'adapter') expect(await page.getByTestId('backend-note').innerText()).toMatch(/WebGPU.*falls back to TensorFlow\.js on WebGL, else on WebAssembly \(wasm\)/);

    await expect.poll(async () => Math.min(await evaluations('positive'), await evaluations('negative')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    // the charts draw in tasks of their own, at most once a second
    await expect.poll(() => meanLines('positive')).not.toBe('');
    await expect.poll(() => meanLines('negative')).not.toBe('');
    const before = { positive: await meanLines('positive'), negative: await meanLines('negative') };
    await expect.poll(async () => Math.min(await step('positive'), await step('negative')), { timeout: 180_000, interval: 500 }).toBeGreaterThanOrEqual(STEPS);
    await expect.poll(() => meanLines('positive')).not.toBe(before.positive);
    await expect.poll(() => meanLines('negative')).not.toBe(before.negative);
    const dead = await page.getByTestId('lab-dead').locator('svg path').count();
    expect(dead).toBeGreaterThan(0);

    // Responsiveness by construction, not by a timing bound: both runs train in workers of their own.
    const workers = page.workers().map((w) => w.url());
    expect(workers.length, `workers: ${workers.join(', ')}`).toBeGreaterThanOrEqual(2);
  });

  test('pause holds both runs, Step trains exactly one more batch, Resume continues', { timeout: 120_000 }, async () => {
    await page.getByTestId('lab-pause').click();
    await expect.poll(() => page.getByTestId('run-negative').getAttribute('data-phase')).toBe('paused');
    await expect.poll(() => page.getByTestId('run-positive').getAttribute('data-phase')).toBe('paused');
    const paused = { positive: await step('positive'), negative: await step('negative') };
    await page.waitForTimeout(1500);
    expect({ positive: await step('positive'), negative: await step('negative') }).toEqual(paused);

    await page.getByTestId('lab-step').click();
    await expect.poll(() => step('positive')).toBe(paused.positive + 1);
    await expect.poll(() => step('negative')).toBe(paused.negative + 1);
    await page.waitForTimeout(1000);
    expect(await step('positive')).toBe(paused.positive + 1);

    await page.getByTestId('lab-start').click();
    await expect.poll(() => step('positive'), { timeout: 60_000 }).toBeGreaterThan(paused.positive + 5);
    await expect.poll(() => step('negative'), { timeout: 60_000 }).toBeGreaterThan(paused.negative + 5);
    await page.getByTestId('lab-pause').click();
    await screenshot(page, 'lab');
  });

  test('each run downloads as a record that validates against the run-record schema', async () => {
    for (const polarity of ['positive', 'negative'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${polarity}`).click()]);
      const record = runRecordSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
      expect(record.config.negative).toBe(polarity === 'negative');
      expect(record.backend).toMatchObject({ engine: 'tfjs', name: 'wasm' });
      expect(record.step).toBe(await step(polarity));
      expect(record.evaluations.length).toBe(await evaluations(polarity));
      records.push(record);
    }
    // same initial weights and batch order: the two runs differ only in the images
    expect(records[0]!.config).toEqual({ ...records[1]!.config, negative: false });
    expect(problems).toEqual([]);
  });

  test('a downloaded record dropped on /runs is listed and drawn beside the built runs; a broken file is named', async () => {
    const { page: runs, problems: runsProblems } = await openPage(browser, `${siteUrl}/runs/`);
    const built = await runs.locator('[data-testid="runs-table"] tbody tr').count();
    const [positive, negative] = records as [RunRecord, RunRecord];
    const transfer = await runs.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'lab-negative.json', { type: 'application/json' }));
      return data;
    }, JSON.stringify(negative));
    await runs.getByTestId('record-drop').dispatchEvent('drop', { dataTransfer: transfer });
    await runs.getByTestId('record-file').setInputFiles({ name: 'lab-positive.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(positive)) });
    for (const record of [negative, positive]) {
      await expect.poll(() => runs.locator(`[data-testid="runs-table"] tbody tr[data-key="lab/${record.id}"]`).count()).toBe(1);
      await expect.poll(() => runs.getByTestId('overlay-figure').innerText()).toContain(`${record.label} · seed ${record.config.seed}`);
    }
    expect(await runs.locator('[data-testid="runs-table"] tbody tr').count()).toBe(built + 2);

    await runs.getByTestId('record-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...negative, evaluations: 'none' })) });
    await expect.poll(() => runs.getByTestId('record-drop-errors').innerText()).toContain('broken.json');
    expect(runsProblems).toEqual([]);
    await screenshot(runs, 'runs-with-lab-records');
    await runs.context().close();
  });

  const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  test('keyboard focus moves on to the next control when the focused button turns disabled', { timeout: 60_000 }, async () => {
    // paused (the tests above): Resume from the keyboard disables it, so focus goes to Pause, and back
    await page.getByTestId('lab-start').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lab-start').isDisabled()).toBe(true);
    await expect.poll(activeTestId).toBe('lab-pause');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lab-pause').isDisabled()).toBe(true);
    await expect.poll(activeTestId).toBe('lab-start');
    await expect.poll(() => page.getByTestId('run-negative').getAttribute('data-phase')).toBe('paused');
  });

  const earlierLines = () => page.getByTestId('lab-curves').locator('path[aria-label$=" · run 1 mean"], [aria-label$=" · run 1 mean"] path').count();
  const currentLines = () => page.getByTestId('lab-curves').locator('path[aria-label$="relu mean"], [aria-label$="relu mean"] path').count();

  test('Reset keeps the runs on the charts as faded lines beside the next run; Clear removes them', { timeout: 180_000 }, async () => {
    const before = await currentLines();
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('lab-reset').click();
    // the runs are gone, their curves stay, named as the first round
    expect(await page.getByTestId('run-positive').count()).toBe(0);
    await expect.poll(earlierLines).toBe(before);
    const legend = await page.getByTestId('lab-curves').innerText();
    expect(legend).toContain('positive · relu · run 1');
    expect(legend).toContain('negative · relu · run 1');

    // a new run draws beside them
    await page.getByTestId('lab-start').click();
    await expect.poll(async () => Math.min(await evaluations('positive'), await evaluations('negative')), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('lab-pause').click();
    await expect.poll(currentLines, { timeout: 30_000 }).toBe(before);
    expect(await earlierLines()).toBe(before);
    // earlier lines are drawn in lighter colours than the current ones
    const strokes = await page.getByTestId('lab-curves').locator('g[aria-label="line"] path, path[aria-label$=" mean"]').evaluateAll((paths) =>
      paths.map((p) => ({ earlier: (p.getAttribute('aria-label') ?? p.closest('[aria-label]')?.getAttribute('aria-label') ?? '').includes(' · run 1'), stroke: getComputedStyle(p).stroke })),
    );
    const lightness = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
    const darkestEarlier = Math.min(...strokes.filter((s) => s.earlier).map((s) => lightness(s.stroke)));
    const lightestCurrent = Math.max(...strokes.filter((s) => !s.earlier).map((s) => lightness(s.stroke)));
    expect(darkestEarlier).toBeGreaterThan(lightestCurrent);
    await screenshot(page, 'lab-earlier-runs');

    await page.getByTestId('lab-clear-earlier').click();
    await expect.poll(earlierLines).toBe(0);
    expect(await currentLines()).toBe(before);
  });

  test('an invalid learning rate is refused: a message tied to the field says why, and Start waits', async () => {
    await page.getByTestId('lab-reset').click();
    await page.getByTestId('lab-clear-earlier').click();
    const lr = page.getByTestId('lab-lr');
    await lr.fill('-5');
    const error = page.getByTestId('lab-lr-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.innerText()).toMatch(/Learning rate: .*above 0.*-5/);
    expect(await lr.getAttribute('aria-invalid')).toBe('true');
    expect(await lr.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await page.getByTestId('lab-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('lab-step').isDisabled()).toBe(true);
    expect(await page.getByTestId('lab-session').innerText()).toMatch(/learning rate/);

    await lr.fill('0.05');
    await expect.poll(() => error.count()).toBe(0);
    expect(await lr.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByTestId('lab-start').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  const phase = (polarity: string) => page.getByTestId(`run-${polarity}`).getAttribute('data-phase');
  const bothPhases = async () => [await phase('positive'), await phase('negative')];
  const continuedLines = () => page.getByTestId('lab-curves').locator('path[aria-label*=" · run "][aria-label$=" mean"], [aria-label*=" · run "][aria-label$=" mean"] path').count();

  test('Continue trains a finished run further from where it stopped: steps past its end, the same curves extended; Reset still keeps it faded', { timeout: 420_000 }, async () => {
    // a short run of the seed's learning rate (one epoch; idle after the test above), started and continued from the keyboard
    await page.getByTestId('lab-lr').fill('0.1');
    await page.getByTestId('lab-epochs').fill('1');
    expect(await page.getByTestId('lab-continue').isDisabled()).toBe(true);
    await page.getByTestId('lab-start').focus();
    await page.keyboard.press('Enter');
    await expect.poll(bothPhases, { timeout: 180_000, interval: 500 }).toEqual(['ended', 'ended']);
    const end = { positive: await step('positive'), negative: await step('negative') };
    const evaluated = { positive: await evaluations('positive'), negative: await evaluations('negative') };
    expect(end.positive).toBeGreaterThan(0);
    expect(end.negative).toBe(end.positive);
    // at the end, focus moves from the disabled Pause to Continue, and the page says what it does
    await expect.poll(activeTestId).toBe('lab-continue');
    expect(await page.getByTestId('lab-session').innerText()).toMatch(/Continue trains 1 epoch more/);
    await expect.poll(currentLines).toBeGreaterThan(0);
    const lines = await currentLines();

    await page.keyboard.press('Enter');
    await expect.poll(activeTestId).toBe('lab-pause');
    await expect.poll(() => step('positive'), { timeout: 120_000, interval: 500 }).toBeGreaterThan(end.positive);
    await expect.poll(() => step('negative'), { timeout: 120_000, interval: 500 }).toBeGreaterThan(end.negative);
    // one more epoch: both end again at twice the first end, with more evaluations on the same lines (no new runs)
    await expect.poll(bothPhases, { timeout: 180_000, interval: 500 }).toEqual(['ended', 'ended']);
    expect(await step('positive')).toBe(2 * end.positive);
    expect(await step('negative')).toBe(2 * end.negative);
    expect(await evaluations('positive')).toBeGreaterThan(evaluated.positive);
    expect(await evaluations('negative')).toBeGreaterThan(evaluated.negative);
    expect(await currentLines()).toBe(lines);

    // the record is one run of two epochs whose evaluations go on past the first end
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-negative').click()]);
    const record = runRecordSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(record).toMatchObject({ status: 'done', step: 2 * end.negative, totalSteps: 2 * end.negative, config: { epochs: 2 } });
    const steps = record.evaluations.map((e) => e.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(2 * end.negative);
    expect(steps.filter((s) => s > end.negative).length).toBeGreaterThan(0);

    // earlier runs still work: Reset keeps the continued runs as faded lines
    await page.getByTestId('lab-reset').click();
    await expect.poll(continuedLines).toBe(lines);
    expect(problems).toEqual([]);
  });
});
