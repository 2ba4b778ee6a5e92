import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runRecordSchema } from '@negmnist/results';
import { requireComponent } from '@negmnist/system';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, markCounts, openPage, screenshot } from './browser';
import { MALFORMED_FILE } from './fixtures';
import { asPercent, expectedGroup, runsNamed, sampleCompare, sampleExplanation, sampleRecords } from './sample-records';
import type { Expected } from './sample-records';

const siteUrl = inject('siteUrl');
const emptySiteUrl = inject('emptySiteUrl');
// The site under test is built from the committed real records (plus one malformed record).
const records = sampleRecords();
const first = records[0]!;
const runPath = `/runs/${first.experiment}/${first.id}/`;

/** A ratio the page shows ("1.33x", "0.0528x") matches the JSON's value to within its rounding (3 significant digits or 2 decimals). */
function expectRatio(text: string, ratio: number, where: string): void {
  expect(text, where).toMatch(/^\d+(\.\d+)?x$/);
  const shown = Number(text.slice(0, -1));
  expect(Math.abs(shown - ratio), `${where}: ${text} for ${ratio}`).toBeLessThanOrEqual((ratio >= 1 ? 0.005 : ratio * 0.005) + 1e-12);
}

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
      ['explanation', '/explanation/'],
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
      // Erratic and collapsed (stuck) runs are counted apart.
      expect(answer).toContain(`Of ${negative.runs} negative runs: ${negative.erraticRuns} erratic`);
      expect(answer).toContain(`${negative.collapsedRuns} collapsed (stuck near chance`);
      expect(answer).toContain(`Of ${positive.runs} positive runs: ${positive.erraticRuns} erratic`);
      expect(answer).toContain(`${positive.collapsedRuns} collapsed (stuck near chance`);
      await page.context().close();
    });

    test('the run-record part says it is this results directory\'s runs, and what each figure rests on', async () => {
      const page = await open('/');
      const scope = await page.getByTestId('runs-scope').innerText();
      expect(scope).toContain('run records of this results directory, not the explanation above');
      for (const experiment of new Set(records.map((r) => r.experiment))) expect(scope).toContain(`${experiment}: `);
      // The committed sample has 3 seeds of every configuration: the captions may speak of a mean and a band.
      const captions = await page.getByTestId('curves-figure').locator('figcaption').allInnerTexts();
      for (const caption of captions) expect(caption).toMatch(/runs: mean over the 3 seeds of each configuration, band from min to max\.$/);
      const table = await page.getByTestId('config-table').innerText();
      expect(table).toContain('Collapsed runs');
      expect(table).toContain('from 3 seeds per configuration');
      await page.context().close();
    });

    test('the front page leads with the answer sentences of the explanation record, verbatim', async () => {
      const page = await open('/');
      const explanation = sampleExplanation();
      const items = await page.getByTestId('answer-sentences').locator('li').allInnerTexts();
      const texts = explanation.sentences.map((s) => s.text);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(3);
      for (const item of items) expect(texts).toContain(item);
      // the lead, then the decisive controls (the sweep's first sentence) and the sharpness, when the record has them
      const first = (topic: string) => explanation.sentences.find((s) => s.topic === topic);
      const expected = [first('answer'), first('sweep'), first('sharpness')].filter((s) => s !== undefined);
      expect(expected.length).toBeGreaterThan(0);
      for (const sentence of expected) expect(items).toContain(sentence.text);
      // The answer comes before the evidence, the evidence before the run records' summary.
      const order = await page.locator('[data-testid="explanation-answer"], [data-testid="evidence-effects"], [data-testid="same-as-pytorch"], [data-testid="answer"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
      expect(order).toEqual(['explanation-answer', 'evidence-effects', 'same-as-pytorch', 'answer']);
      await page.context().close();
    });

    test('the explanation page has one table row per configuration and per effect of the record', async () => {
      const page = await open('/explanation/');
      const explanation = sampleExplanation();
      const rows = await page.locator('[data-testid="configuration-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
      expect(rows.sort()).toEqual(explanation.configurations.map((c) => `${c.intervention}/${c.polarity}`).sort());
      expect(await page.locator('[data-testid="effects-table"] tbody tr').count()).toBe(explanation.effects.length);
      const text = await page.locator('main').innerText();
      for (const sentence of explanation.sentences) expect(text).toContain(sentence.text);
      await page.context().close();
    });

    test('"Same as PyTorch" shows every row of compare.json with its seeds and epochs', async () => {
      const page = await open('/');
      const compare = sampleCompare();
      const epochs = /--epochs[ =](\d+)/.exec(compare.command)?.[1] ?? 'n/a';
      const value = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
      const table = page.getByTestId('compare-table');
      expect(await table.locator('tbody tr').count()).toBe(compare.rows.length);
      for (const row of compare.rows) {
        const cells = await table.locator(`tr[data-row="${row.images}/${row.statistic}"] > *`).allInnerTexts();
        const seeds = compare.samples[row.images]!;
        expect(cells).toEqual([
          row.images, expect.any(String), value(row.meanA), value(row.meanB), value(row.difference),
          `[${value(row.interval[0])}, ${value(row.interval[1])}]`, row.p.toFixed(3), `${seeds.ours.length} / ${seeds.torch.length}`, epochs,
        ]);
      }
      expect(await page.getByTestId('separation-table').locator('tbody tr').count()).toBeGreaterThan(0);
      await page.context().close();
    });

    test('the speed page shows every committed bench table, each row with its ratio to PyTorch', async () => {
      const page = await open('/speed/');
      expect(await page.locator('h1').count()).toBe(1);
      const dir = fileURLToPath(new URL('../../../experiments/bench/', import.meta.url));
      const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
      expect(names.length).toBeGreaterThan(0);
      for (const file of names) {
        const bench = JSON.parse(readFileSync(dir + file, 'utf8')) as { rows: { vsPytorch?: number; skipped?: string }[] };
        const section = page.getByTestId(`bench-${file.slice(0, -'.json'.length)}`);
        expect(await section.locator('tbody tr').count(), file).toBe(bench.rows.length);
        for (const [i, row] of bench.rows.entries()) {
          const tr = section.locator(`tr[data-row="${i}"]`);
          if (row.skipped !== undefined) expect(await tr.innerText()).toContain(row.skipped);
          else if (row.vsPytorch === undefined) expect(await tr.locator('[data-cell="ratio"]').innerText(), `${file} row ${i}`).toBe('');
          else expectRatio(await tr.locator('[data-cell="ratio"]').innerText(), row.vsPytorch, `${file} row ${i}`);
        }
      }
      // the current CPU table leads
      expect(await page.locator('section[data-testid^="bench-"]').first().getAttribute('data-testid')).toBe('bench-cpu-2core-onnx');
      await page.context().close();
    });

    test('the speed page leads with one summary per question, its ratios those of the committed JSON, each table named in words', async () => {
      const page = await open('/speed/');
      const dir = fileURLToPath(new URL('../../../experiments/bench/', import.meta.url));
      type Bench = { machine: { cpu: string }; pytorch: { cuda?: string | null }; rows: { mode: string; side: string; label: string; vsPytorch?: number; skipped?: string }[] };
      const read = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Bench;
      // the current engine's tables, as experiments/bench/README.md names them: CPU for one run and a grid, the H200 for ensembles
      const questions = [
        { mode: 'protocol', table: 'cpu-2core-onnx', gpu: false },
        { mode: 'grid', table: 'cpu-2core-onnx', gpu: false },
        { mode: 'ensemble', table: 'gpu-h200-ensemble', gpu: true },
      ];
      for (const question of questions) {
        const section = page.getByTestId(`summary-${question.mode}`);
        expect(await section.getAttribute('data-table'), question.mode).toBe(question.table);
        const bench = read(question.table);
        expect(Boolean(bench.pytorch.cuda), `${question.table} measured against CUDA`).toBe(question.gpu);
        const expected = bench.rows.flatMap((row, i) => (row.mode === question.mode && row.side === 'negmnist' && row.vsPytorch !== undefined ? [{ i, ratio: row.vsPytorch }] : []));
        expect(expected.length).toBeGreaterThan(0);
        const items = section.locator('li[data-row]');
        expect(await items.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-row'))))).toEqual(expected.map((e) => e.i));
        for (const { i, ratio } of expected) expectRatio(await section.locator(`li[data-row="${i}"] [data-cell="ratio"]`).innerText(), ratio, `${question.mode} row ${i}`);
        // its chart draws one dot per row
        expect(await markCounts(page, `[data-testid="summary-${question.mode}"] figure.chart`)).toEqual([expected.length]);
      }
      // the summaries come before the raw tables
      const order = await page.locator('[data-testid="speed-summary"], section[data-testid^="bench-"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
      expect(order[0]).toBe('speed-summary');
      // each table is named in words from its own fields (machine, engines), its file id only beside them
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const name = file.slice(0, -'.json'.length);
        const bench = read(name);
        const heading = (await page.getByTestId(`bench-${name}`).locator('h3').first().innerText()).trim();
        expect(heading.startsWith(name), heading).toBe(false);
        expect(heading).toContain(bench.machine.cpu);
        for (const row of bench.rows.filter((r) => r.side === 'negmnist' && r.skipped === undefined)) expect(heading).toContain(row.label.split(' (')[0]!);
        if (bench.pytorch.cuda) expect(heading).toContain(bench.pytorch.cuda);
      }
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
      if (path === '/') {
        // Without an explanation record the front page says so to the visitor (no paths or build steps), and still shows the PyTorch comparison.
        const notice = await page.getByTestId('explain-howto').innerText();
        expect(notice).toContain('no explanation record');
        expect(notice).not.toMatch(/npx|RESULTS_DIR|\//);
        expect(await page.getByTestId('compare-table').isVisible()).toBe(true);
        await screenshot(page, 'empty-answer');
      }
      await page.context().close();
    });
  });
});
