import { requireComponent } from '@negmnist/system';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { sampleRecords } from './sample-records';

const siteUrl = inject('siteUrl');
const first = sampleRecords()[0]!;

/** Every page of the site built from the sample records. */
const PAGES = ['/', '/explanation/', '/runs/', `/runs/${first.experiment}/${first.id}/`, '/data/', '/speed/', '/lab/'] as const;
/** A phone (iPhone 12–15 width) and a laptop. */
const WIDTHS = [390, 1280] as const;
/** Least share of its drawn size a chart may be shown at: Plot's 10 px axis text stays at 8 px or more. */
const LEAST_CHART_SCALE = 0.8;

describe.skipIf(!requireComponent('chromium', 'site layout browser tests').available)('layout at phone and laptop widths', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, width: number, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
    const page = await context.newPage();
    await page.goto(siteUrl + path, { waitUntil: 'networkidle' });
    return page;
  }

  describe.each(WIDTHS)('%i px wide', (width) => {
    test.each(PAGES)('%s: no sideways page scroll, every nav link inside the header, no heading level skipped', async (path) => {
      const page = await open(path, width);
      const layout = await page.evaluate(() => {
        const header = document.querySelector('header')!.getBoundingClientRect();
        const links = [...document.querySelectorAll('header nav a')].map((a) => {
          const r = a.getBoundingClientRect();
          const inside = r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && r.top >= header.top && r.bottom <= header.bottom;
          return { text: a.textContent, inside };
        });
        const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({ level: Number(h.tagName[1]), text: h.textContent?.trim() ?? '' }));
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, links, headings };
      });
      expect(layout.scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.links.length).toBeGreaterThanOrEqual(6);
      expect(layout.links.filter((link) => !link.inside).map((link) => link.text)).toEqual([]);
      for (const name of ['Runs', 'Data', 'Speed', 'Lab']) expect(await page.locator('header nav').getByRole('link', { name, exact: true }).isVisible()).toBe(true);
      expect(layout.headings[0]?.level).toBe(1);
      const skips = layout.headings.flatMap((h, i) => (i > 0 && h.level > layout.headings[i - 1]!.level + 1 ? [`h${layout.headings[i - 1]!.level} → h${h.level} "${h.text}"`] : []));
      expect(skips).toEqual([]);
      if (width === 390) await screenshot(page, `narrow${path === '/' ? '-home' : path.replaceAll('/', '-').replace(/-$/, '')}`);
      await page.context().close();
    });

    test('/: the answer (its heading and first sentence) is on the first screen, no developer notice', async () => {
      const page = await open('/', width);
      const firstScreen = await page.evaluate(() => {
        const bottom = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().bottom ?? Number.POSITIVE_INFINITY;
        return { heading: bottom('#answer-heading'), sentence: bottom('[data-testid="answer-sentences"] li'), height: window.innerHeight };
      });
      expect(firstScreen.heading, 'answer heading').toBeLessThanOrEqual(firstScreen.height);
      expect(firstScreen.sentence, 'first answer sentence').toBeLessThanOrEqual(firstScreen.height);
      expect(await page.getByTestId('explain-howto').count()).toBe(0);
      await screenshot(page, `first-screen-${width}`);
      await page.context().close();
    });

    test.each(PAGES.filter((path) => path !== '/lab/'))('%s: charts keep readable text (scrolling inside their figure when narrower)', async (path) => {
      const page = await open(path, width);
      const charts = await page.locator('.chart-body > svg, .chart-body > figure > svg').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const drawn = Number(svg.getAttribute('width'));
          const box = svg.closest('.chart-body')!;
          return { scale: svg.getBoundingClientRect().width / drawn, overflowX: getComputedStyle(box).overflowX, label: box.getAttribute('aria-label') };
        }),
      );
      expect(charts.length).toBeGreaterThan(0);
      expect(charts.filter((chart) => chart.scale < LEAST_CHART_SCALE).map((chart) => `${chart.label}: ${chart.scale.toFixed(2)}`)).toEqual([]);
      expect(new Set(charts.map((chart) => chart.overflowX))).toEqual(new Set(['auto']));
      await page.context().close();
    });
  });

  test.each(['/speed/', '/runs/'])('%s at 1280 px: its own tables fit their box, no sideways scroll', async (path) => {
    const page = await open(path, 1280);
    const tables = await page.locator('table.bench-table, table[data-testid="runs-table"]').evaluateAll((all) =>
      all.map((table) => {
        const wrap = table.closest('.table-wrap')!;
        return { id: table.closest('section')?.getAttribute('data-testid') ?? table.getAttribute('data-testid'), scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth };
      }),
    );
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((t) => t.scrollWidth > t.clientWidth)).toEqual([]);
    await page.context().close();
  });

  test('/lab without JavaScript says why it cannot train, with its buttons disabled', async () => {
    const page = await open('/lab/', 1280, { javaScriptEnabled: false });
    const note = page.getByTestId('lab-noscript');
    expect(await note.isVisible()).toBe(true);
    expect(await note.innerText()).toMatch(/needs JavaScript/);
    expect(await page.getByTestId('lab-start').isDisabled()).toBe(true);
    expect(await page.locator('main').innerText()).not.toContain('Checking this browser for WebGPU');
    await page.context().close();
  });
});
