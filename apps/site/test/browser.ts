import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Flags that give headless Chromium a WebGPU adapter without a GPU: its bundled SwiftShader (Vulkan on the CPU). */
const SOFTWARE_WEBGPU = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];
/**
 * Flags that leave headless Chromium no WebGPU adapter, whatever the host has: no GPU (`--disable-gpu`, always
 * given) and no software renderer in its place, so no SwiftShader either (nor WebGL). On Chromium 156 without a
 * GPU this takes SwiftShader's adapter away even under `--enable-unsafe-webgpu`, where `--disable-features=WebGPU`
 * and `--disable-webgpu` leave it; not yet tried on a host with a GPU.
 */
const NO_WEBGPU = ['--disable-software-rasterizer'];

/**
 * Debian's chromium: `npx playwright install` cannot download browsers here. Without a GPU; `webgpu`:
 * `swiftshader` gives it SwiftShader's software WebGPU adapter, `off` takes every adapter away (and WebGL);
 * unset, WebGPU is what the host's Chromium offers without a GPU (none here).
 */
export function launchBrowser({ webgpu }: { webgpu?: 'swiftshader' | 'off' } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(webgpu === 'swiftshader' ? SOFTWARE_WEBGPU : webgpu === 'off' ? NO_WEBGPU : []),
    ],
  });
}

/** A page and every problem it reported: console errors, uncaught exceptions, failed requests. */
export interface OpenedPage {
  page: Page;
  problems: string[];
}

/** Opens `url` in a fresh page, recording problems from the first request on. */
export async function openPage(browser: Browser, url: string, options: { javaScriptEnabled?: boolean } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // Next cancels link prefetches it no longer needs; that is not a broken page.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed request ${request.url()}: ${request.failure()?.errorText}`);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, problems };
}

const screenshotDir = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));

/** Full-page screenshot under artifacts/screenshots/ at the repo root (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

/** Per chart under `selector`: how many data marks (paths, rects, images, circles outside axes, grids, frames, legends) it draws. */
export function markCounts(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((figures) => {
    const scaffolding = /axis|grid|frame|legend|rule|^text$/;
    return figures.map(
      (figure) =>
        [...figure.querySelectorAll('svg path, svg rect, svg image, svg circle')].filter((mark) => {
          const group = mark.closest('g[aria-label]');
          return group !== null && !scaffolding.test(group.getAttribute('aria-label') ?? '');
        }).length,
    );
  });
}
