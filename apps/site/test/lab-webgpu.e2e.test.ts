import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { requireComponent } from '@negmnist/system';
import { runRecordSchema } from '@negmnist/results';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser';

const siteUrl = inject('siteUrl');
const chromium = requireComponent('chromium', 'site lab WebGPU browser test');
const engineWebgpuVersion = (createRequire(import.meta.url)('@negmnist/engine-webgpu/package.json') as { version: string }).version;

// Chromium's SwiftShader is the only WebGPU adapter here: a software one, so `best available` passes over it
// and these tests ask for engine-webgpu by name (which takes any adapter), as a visitor can. With WebGPU off,
// `best available` falls back to TensorFlow.js.
describe.skipIf(!chromium.available)('lab page on engine-webgpu (headless chromium, SwiftShader WebGPU)', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: 'swiftshader' });
    ({ page, problems } = await openPage(browser, `${siteUrl}/lab/`));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const card = () => page.getByTestId('run-negative');

  test('the page names the software adapter and what the best available engine does instead', async () => {
    await expect.poll(() => page.getByTestId('backend-note').getAttribute('data-webgpu'), { timeout: 20_000 }).not.toBe('checking');
    const note = page.getByTestId('backend-note');
    expect(await note.getAttribute('data-webgpu'), 'Chromium was launched with --enable-unsafe-webgpu --enable-unsafe-swiftshader: expected its SwiftShader adapter').toBe('software');
    expect(await note.innerText()).toMatch(/software renderer \(google swiftshader\).*falls back to TensorFlow\.js on WebGL, else on WebAssembly \(wasm\)/);
  });

  test('engine-webgpu trains in the browser: the page names engine, backend and adapter, steps and evaluations advance, the rate is measured, the record says so', { timeout: 120_000 }, async () => {
    // the Engine select's values are the ids negmnist ls gives records: webgpu is engine-webgpu
    await page.getByTestId('lab-backend').selectOption('webgpu');
    await page.getByTestId('lab-images').selectOption('negative');
    await page.getByTestId('lab-eval-every').fill('10');
    await page.getByTestId('lab-start').click();
    await expect.poll(() => page.getByTestId('engine-name').innerText(), { timeout: 30_000 }).toBe('engine-webgpu');
    expect(await page.getByTestId('backend-name').innerText()).toBe('WebGPU');
    expect(await page.getByTestId('backend-adapter').innerText()).toContain('swiftshader');

    // two evaluations (steps 10 and 20), then a rate: steps over the wall time between them
    await expect.poll(async () => Number(await card().getAttribute('data-evaluations')), { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('rate-negative').count(), { timeout: 30_000 }).toBe(1);
    expect(Number(await page.getByTestId('rate-negative').innerText())).toBeGreaterThan(0);
    await page.getByTestId('lab-pause').click();
    await expect.poll(() => card().getAttribute('data-phase'), { timeout: 30_000 }).toBe('paused');
    await screenshot(page, 'lab-engine-webgpu');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-negative').click()]);
    const record = runRecordSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(record.backend).toMatchObject({ engine: 'webgpu', name: 'webgpu' });
    expect(record.backend.adapter).toContain('swiftshader');
    expect(record.versions).toMatchObject({ '@negmnist/engine-webgpu': engineWebgpuVersion });
    expect(record.versions).not.toHaveProperty('@tensorflow/tfjs');
    expect(record.step).toBe(Number(await card().getAttribute('data-step')));
    expect(record.evaluations.slice(0, 2).map((e) => e.step)).toEqual([10, 20]);
    // trained: 20 SGD steps at the seed's learning rate move the validation loss off its starting value
    for (const evaluation of record.evaluations) expect(Number.isFinite(evaluation.valLoss)).toBe(true);
    expect(record.evaluations[1]!.valLoss).not.toBe(record.evaluations[0]!.valLoss);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!chromium.available)('lab page with WebGPU off (headless chromium without a GPU or software renderer)', () => {
  test('best available falls back to TensorFlow.js, WebGL then wasm, and says why each was not used', { timeout: 60_000 }, async () => {
    const browser = await launchBrowser({ webgpu: 'off' });
    try {
      const { page, problems } = await openPage(browser, `${siteUrl}/lab/`);
      await page.getByTestId('lab-images').selectOption('negative');
      await page.getByTestId('lab-start').click();
      await expect.poll(() => page.getByTestId('engine-name').innerText(), { timeout: 30_000 }).toBe('TensorFlow.js');
      expect(await page.getByTestId('backend-name').innerText()).toBe('WebAssembly (wasm)');
      const note = await page.getByTestId('backend-note').innerText();
      expect(await page.getByTestId('backend-note').getAttribute('data-webgpu')).toBe('no-adapter');
      expect(note).toContain('falls back to TensorFlow.js on WebGL, else on WebAssembly (wasm)');
      expect(note).toMatch(/not used: engine-webgpu on WebGPU: the browser found no WebGPU adapter; TensorFlow\.js on WebGL: /);
      await expect.poll(async () => Number(await page.getByTestId('run-negative').getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
