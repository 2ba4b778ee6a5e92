import { runRecordSchema } from '@negmnist/results';
import { requireComponent } from '@negmnist/system';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, markCounts, openPage, screenshot } from './browser';
import { MALFORMED_FILE } from './fixtures';
import { asPercent, expectedGroup, runsNamed, sampleRecords } from './sample-records';
import type { Expected } from './sample-records';

const siteUrl = inject('siteUrl');
const emptySiteUrl = inject('emptySiteUrl');
// The site under test is built from the committed real records (plus one malformed record).
const records = sampleRecords();
const first = records[0]!;
const runPath = `/runs/${first.experiment}/${first.id}/`;

/** How the pages write a spread of fractions: the mean, then the range when the runs differ. */
const spreadText = ({ mean, min, max }: Expected): string =>
  min === max ? asPercent(mean) : `${asPercent(mean)} (range ${(min * 100).toFixed(1)}–${asPercent(max)})`;

describe.skipIf(!requireComponent('chromium', 'site browser tests').available)('site in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page of the fixture site and fails the test on any console error or failed request. */
  async function open(path: string, base = siteUrl): Promise<Page> {
    const { page, problems } = await openPage(browser, base + path);
    expect(problems, `problems on ${path}`).toEqual([]);
    return page;
  }

  describe('pages', () => {
    test.each([
      ['answer', '/'],
      ['runs', '/runs/'],
      ['run', runPath],
      ['data', '/data/'],
    ])('%s page (%s) loads without console errors, every chart draws marks', async (name, path) => {
      const page = await open(path);
      expect(await page.locator('h1').count()).toBe(1);
      const counts = await markCounts(page, 'figure.chart');
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.filter((count) => count === 0), `charts without marks on ${path}`).toEqual([]);
      await screenshot(page, name);
      await page.context().close();
    });

    test('the answer states the numbers of the seed configuration\'s runs', async () => {
      const page = await open('/');
      const answer = await page.getByTestId('answer').innerText();
      const negative = expectedGroup(runsNamed(records, 'neg-relu-out-relu'));
      const positive = expectedGroup(runsNamed(records, 'pos-relu-out-relu'));
      expect(answer).toContain(spreadText(negative.deadFc1!));
      expect(answer).toContain(spreadText(positive.deadFc1!));
      expect(answer).toContain(spreadText(negative.finalAccuracy));
      expect(answer).toContain(spreadText(positive.finalAccuracy));
      expect(answer).toContain(`${negative.unstableRuns} of ${negative.runs} negative runs`);
      expect(answer).toContain(`${positive.unstableRuns} of ${positive.runs} positive runs`);
      await page.context().close();
    });

    test('charts are in the HTML, so they show without JavaScript', async () => {
      const { page, problems } = await openPage(browser, `${siteUrl}/`, { javaScriptEnabled: false });
      // With JavaScript off, chromium blocks the script requests (reported as `csp`); nothing else may fail.
      expect(problems.filter((problem) => !problem.endsWith(': csp'))).toEqual([]);
      const counts = await markCounts(page, 'figure.chart');
      expect(counts.length).toBeGreaterThanOrEqual(4);
      expect(counts.every((count) => count > 0)).toBe(true);
      await page.context().close();
    });

    test('the metric switch redraws the learning curves in the browser', async () => {
      const page = await open('/');
      const before = await page.getByTestId('curves-figure').first().locator('svg').first().innerHTML();
      await page.getByTestId('metric-switch').selectOption('valLoss');
      const live = page.getByTestId('curves-figure').first().locator('[data-live] svg').first();
      await live.waitFor({ state: 'visible' });
      expect(await live.innerHTML()).not.toBe(before);
      await page.context().close();
    });
  });

  describe('runs table', () => {
    const rowKeys = (page: Page) => page.locator('[data-testid="runs-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));

    test('sorts by final validation accuracy both ways', async () => {
      const page = await open('/runs/');
      const values = () => page.locator('[data-testid="runs-table"] tbody td[data-value]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
      await page.locator('button[data-sort="finalValAccuracy"]').click();
      const ascending = await values();
      expect(ascending).toHaveLength(records.length);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(await page.locator('th[aria-sort="ascending"]').count()).toBe(1);
      await page.locator('button[data-sort="finalValAccuracy"]').click();
      const descending = await values();
      expect(descending).toEqual([...ascending].reverse());
      await page.context().close();
    });

    test('filters by polarity and by text', async () => {
      const page = await open('/runs/');
      await page.getByTestId('filter-polarity').selectOption('negative');
      const negative = records.filter((r) => r.config.negative).map((r) => `${r.experiment}/${r.id}`);
      expect((await rowKeys(page)).sort()).toEqual(negative.sort());
      await page.getByTestId('filter-text').fill('sigmoid');
      const sigmoid = records.filter((r) => r.config.negative && r.config.hidden === 'sigmoid').map((r) => `${r.experiment}/${r.id}`);
      expect((await rowKeys(page)).sort()).toEqual(sigmoid.sort());
      expect(await page.getByTestId('row-count').innerText()).toBe(`Showing ${sigmoid.length} of ${records.length} runs`);
      await page.context().close();
    });

    test('ticking a run adds it to the overlay chart', async () => {
      const page = await open('/runs/');
      const figure = page.getByTestId('overlay-figure');
      const boxes = '[data-testid="runs-table"] tbody input[type="checkbox"]';
      // The overlay holds a limited number of runs: when the initial selection fills it, make room first.
      if ((await page.locator(`${boxes}:not(:checked):disabled`).count()) > 0) {
        await page.locator(`${boxes}:checked`).first().uncheck();
        await figure.locator('[data-live] svg').first().waitFor({ state: 'visible' });
      }
      const linesBefore = await figure.locator('svg g[aria-label="line"] path').count();
      const unticked = page.locator(`${boxes}:not(:checked)`).first();
      const name = (await unticked.getAttribute('aria-label'))!.replace(/^Overlay /, '');
      await unticked.check();
      await figure.locator('[data-live] svg').first().waitFor({ state: 'visible' });
      await expect.poll(() => figure.locator('svg g[aria-label="line"] path').count()).toBe(linesBefore + 1);
      expect(await figure.innerText()).toContain(name.replace(' seed ', ' · seed '));
      await page.context().close();
    });
  });

  describe('run page', () => {
    test('links its record as JSON and its curves as CSV', async () => {
      const page = await open(runPath);
      const jsonHref = await page.getByRole('link', { name: 'Download record (JSON)' }).getAttribute('href');
      const csvHref = await page.getByRole('link', { name: 'Download curves (CSV)' }).getAttribute('href');
      await page.context().close();
      const record = runRecordSchema.parse(await (await fetch(siteUrl + jsonHref)).json());
      expect(record).toEqual(first);
      const csv = (await (await fetch(siteUrl + csvHref)).text()).trim().split('\n');
      expect(csv[0]!.startsWith('step,epoch,')).toBe(true);
      expect(csv).toHaveLength(first.evaluations.length + 1);
      expect(csv[1]!.split(',')[0]).toBe(String(first.evaluations[0]!.step));
    });
  });

  describe('bad and missing results', () => {
    test('the build warns about the malformed record and names its file', () => {
      expect(inject('buildLog')).toContain(MALFORMED_FILE);
    });

    test.each(['/', '/runs/'])('%s shows the malformed-record warning', async (path) => {
      const page = await open(path);
      const warning = page.getByTestId('skipped-warning');
      expect(await warning.isVisible()).toBe(true);
      expect(await warning.innerText()).toContain(MALFORMED_FILE);
      await page.context().close();
    });

    test.each(['/', '/runs/'])('an empty results directory: %s says how to produce results', async (path) => {
      const page = await open(path, emptySiteUrl);
      const howTo = page.getByTestId('howto');
      expect(await howTo.isVisible()).toBe(true);
      expect(await howTo.innerText()).toContain('npx negmnist grid quick');
      expect(await howTo.innerText()).toContain('RESULTS_DIR=');
      if (path === '/') await screenshot(page, 'empty-answer');
      await page.context().close();
    });
  });
});
