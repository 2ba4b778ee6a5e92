#!/usr/bin/env node
// Steps per second of the /lab page in headless Chromium, per engine: TensorFlow.js's backends and engine-webgpu.
// Usage: node scripts/lab-bench.mjs [outDir] [--seconds N] [--screenshot file.png]
// Needs a built site (`pnpm build`) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { createStaticServer } from './serve.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
const seconds = Number(option('seconds', '15'));
const screenshotFile = option('screenshot', undefined);
const outDir = args[0] ?? 'out';
/** Warm-up before measuring: data download, backend start, shader compilation. */
const WARMUP_STEPS = 20;

const server = createStaticServer(outDir);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/lab/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
});
console.log(`chromium ${browser.version()}, headless; ${seconds} s per measurement after ${WARMUP_STEPS} warm-up steps`);
console.log('engine · backend (adapter)                                        | images   | evaluate every | steps/s per run');

const steps = (page) => page.locator('[data-testid^="run-"]').evaluateAll((cards) => cards.map((card) => Number(card.dataset.step)));

/** Whether the page trains with what `choice` asks for (else it fell back): the engine and backend it names, as the Engine select's option names them. */
const runsChoice = async (page, choice, engine, backend) =>
  choice === 'auto' || `${engine} on ${backend}` === (await page.locator(`[data-testid="lab-backend"] option[value="${choice}"]`).innerText());

async function measure(backend, images, evalEvery) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByTestId('lab-backend').selectOption(backend);
  await page.getByTestId('lab-images').selectOption(images);
  await page.getByTestId('lab-eval-every').fill(String(evalEvery));
  await page.getByTestId('lab-start').click();
  const engine = await page.getByTestId('engine-name').innerText({ timeout: 120_000 });
  const backendName = await page.getByTestId('backend-name').innerText();
  const name = `${engine} · ${backendName}`;
  const note = await page.getByTestId('backend-note').innerText();
  if (!(await runsChoice(page, backend, engine, backendName))) {
    console.log(`${backend}: not available here (${note.slice(note.indexOf('not used:'))}); skipped`);
    await page.close();
    return undefined;
  }
  const deadline = Date.now() + 120_000;
  while ((await steps(page)).some((step) => step < WARMUP_STEPS)) {
    if (Date.now() > deadline) throw new Error(`${backend}: expected ${WARMUP_STEPS} warm-up steps within 120 s`);
    await page.waitForTimeout(250);
  }
  const t0 = Date.now();
  const s0 = await steps(page);
  await page.waitForTimeout(seconds * 1000);
  const s1 = await steps(page);
  const rates = s1.map((s, i) => (((s - s0[i]) * 1000) / (Date.now() - t0)).toFixed(1));
  const adapterNode = page.getByTestId('backend-adapter');
  const adapter = (await adapterNode.count()) > 0 ? (await adapterNode.innerText()).trim().slice(1, -1) : '';
  console.log(`${`${name}${adapter ? ` (${adapter})` : ''}`.slice(0, 64).padEnd(64)} | ${images.padEnd(8)} | ${String(evalEvery).padEnd(14)} | ${rates.join(', ')}`);
  if (screenshotFile && backend === 'auto') {
    await page.getByTestId('lab-pause').click();
    await page.waitForTimeout(1000);
    await page.screenshot({ path: screenshotFile, fullPage: true });
  }
  await page.close();
  return name;
}

try {
  // the Engine select's values: `webgpu` is engine-webgpu, `tfjs-webgpu` TensorFlow.js's WebGPU backend
  for (const backend of ['wasm', 'webgl', 'tfjs-webgpu', 'webgpu']) {
    if ((await measure(backend, 'positive', 100000)) !== undefined) await measure(backend, 'both', 25);
  }
  if (screenshotFile) await measure('auto', 'both', 25);
} finally {
  await browser.close();
  server.close();
}
