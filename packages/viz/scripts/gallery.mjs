// Renders one of each chart from seeded synthetic records (and MNIST digits when an IDX path is given)
// into a folder of SVGs plus an index.html. Usage: node scripts/gallery.mjs <out-dir> [t10k-images-idx3-ubyte]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticRecords } from '@negmnist/results/testing';
import { activationStats, confusionMatrix, deadUnits, digitGrid, gradientHistograms, gradientNorms, learningCurves } from '../dist/index.js';
import { renderSvg } from '../dist/node.js';

const [outDir = 'gallery', idxPath] = process.argv.slice(2);
const records = syntheticRecords({
  seed: 1,
  configs: [
    { negative: false, hidden: 'relu' },
    { negative: true, hidden: 'relu' },
    { negative: false, hidden: 'sigmoid' },
    { negative: true, hidden: 'sigmoid' },
  ],
});
/** First images of an uncompressed IDX3 file, or a drawn ring when none is given. */
function digits() {
  if (!idxPath) {
    const images = new Uint8Array(4 * 28 * 28);
    for (let k = 0; k < 4; k += 1)
      for (let r = 0; r < 28; r += 1)
        for (let c = 0; c < 28; c += 1) images[k * 784 + r * 28 + c] = Math.abs(Math.hypot(r - 14, c - 14) - 6 - k) < 1.5 ? 255 : 0;
    return { images, count: 4, rows: 28, cols: 28 };
  }
  const bytes = readFileSync(idxPath);
  return { images: new Uint8Array(bytes.buffer, bytes.byteOffset + 16, 10 * 784), count: 10, rows: 28, cols: 28 };
}
const charts = {
  'learning-curves': learningCurves(records),
  'dead-units': deadUnits(records),
  'gradient-norms': gradientNorms(records),
  'gradient-histograms': gradientHistograms(records),
  'digit-grid': digitGrid(digits()),
  'confusion-matrix': confusionMatrix(records),
  'activation-stats': activationStats(records),
};
mkdirSync(outDir, { recursive: true });
const images = [];
for (const [name, options] of Object.entries(charts)) {
  const svg = renderSvg(options);
  writeFileSync(join(outDir, `${name}.svg`), svg);
  images.push(`<h4>${name}</h4><img src="${name}.svg">`);
  console.log(`${name}.svg ${svg.length} bytes`);
}
writeFileSync(join(outDir, 'index.html'), `<!doctype html><body style="margin:8px">${images.join('\n')}</body>`);
