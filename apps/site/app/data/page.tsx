import { digitGrid } from '@negmnist/viz';
import type { Metadata } from 'next';
import { Figure } from '../../components/Figure';
import { chartSvg, meanImageGrid, pixelHistogram } from '../../lib/charts';
import { percent } from '../../lib/format';
import { getMnistSummary } from '../../lib/mnist';
import type { MnistSummary, PolarityStats } from '../../lib/mnist';

export const metadata: Metadata = { title: 'Data' };

const STATS: readonly { label: string; value: (s: PolarityStats) => string; note: string }[] = [
  { label: 'Mean pixel value', value: (s) => s.mean.toFixed(4), note: 'x = pixel / 255; negative is 1 − x' },
  { label: 'Pixel standard deviation', value: (s) => s.std.toFixed(4), note: 'over all pixels of all images' },
  { label: 'Pixels above 0.5 per image', value: (s) => s.brightPixels.toFixed(1), note: 'mean over images, of 784' },
  { label: 'Image vector norm ‖x‖₂', value: (s) => s.meanNorm.toFixed(2), note: 'mean over images' },
  { label: 'fc1 pre-activation std at init', value: (s) => s.initPreactivationStd.toFixed(3), note: 'sqrt((E‖x‖² + 1) / (3·784)), PyTorch U(±1/√784) init' },
  { label: 'Share of pixels below 0.1', value: (s) => percent(s.histogram[0] ?? null), note: 'dark pixels' },
  { label: 'Share of pixels at 0.9 or above', value: (s) => percent(s.histogram.at(-1) ?? null), note: 'bright pixels' },
];

function StatsTable({ mnist }: { mnist: MnistSummary }) {
  return (
    <div className="table-wrap">
      <table data-testid="pixel-stats">
        <caption>
          Computed at build time from all {mnist.count.toLocaleString('en')} MNIST test images ({mnist.pixelsPerImage} pixels each).
        </caption>
        <thead>
          <tr>
            <th scope="col">Statistic</th>
            <th scope="col" className="num">
              Positive x
            </th>
            <th scope="col" className="num">
              Negative 1 − x
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {STATS.map((stat) => (
            <tr key={stat.label}>
              <th scope="row">{stat.label}</th>
              <td className="num">{stat.value(mnist.positive)}</td>
              <td className="num">{stat.value(mnist.negative)}</td>
              <td className="muted">{stat.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function DataPage() {
  const mnist = await getMnistSummary();
  if ('error' in mnist) {
    return (
      <>
        <h1>Data</h1>
        <p className="warning">The MNIST test set could not be loaded at build time: {mnist.error}</p>
      </>
    );
  }
  return (
    <>
      <h1>Data</h1>
      <p className="lede">
        The MNIST test set as the network sees it, positive (x = pixel / 255) and negative (1 − x). Negative images turn the dark background, most of
        every image, into bright input.
      </p>
      <Figure
        headingLevel={2}
        title="Sample test digits"
        svg={chartSvg(digitGrid(mnist.digits, { title: null, limit: mnist.digits.count, size: 40 }))}
        caption="The first three test images of each class, positive (top) and negative (bottom)."
      />
      <h2>Pixel statistics</h2>
      <StatsTable mnist={mnist} />
      <div className="grid-2" style={{ marginTop: '1rem' }}>
        <Figure title="Pixel values" svg={chartSvg(pixelHistogram(mnist))} caption="Share of all test pixels per value bin of width 0.1." />
        <Figure
          title="Mean image"
          svg={chartSvg(meanImageGrid(mnist.positive.meanImage))}
          caption="Mean over the 10,000 test images, positive and negative: the negative mean is bright almost everywhere."
        />
      </div>
    </>
  );
}
