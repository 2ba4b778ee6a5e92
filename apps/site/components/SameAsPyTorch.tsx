import { polarityOf } from '@negmnist/core';
import { effectMetricLabels } from '@negmnist/viz';
import { Figure } from './Figure';
import { chartSvg, separationCurves } from '../lib/charts';
import { compareEpochs, compareRows, pairKindLabel, separationRows, separationSentence, stepText } from '../lib/reproduce';
import type { ChaosFile, CompareFile, CompareStatistic } from '@negmnist/results';
import type { Loaded } from '../lib/reproduce';

/** Three decimals, one for values of 10 or more (as compare.md writes them). */
export function statValue(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
}

const STATISTICS: Record<CompareStatistic, string> = {
  final: 'final accuracy',
  best: 'best accuracy',
  drops: effectMetricLabels.drops,
  fc1Dead: effectMetricLabels.fc1DeadFraction,
  collapsed: 'share collapsed',
};

/** The "same as PyTorch" evidence: lockstep and chaos (chaos.json), and the distribution table (compare.json). */
export function SameAsPyTorch({ compare, chaos }: { compare: Loaded<CompareFile>; chaos: Loaded<ChaosFile> }) {
  return (
    <section aria-labelledby="pytorch-heading" data-testid="same-as-pytorch">
      <h2 id="pytorch-heading">Same as PyTorch</h2>
      <p className="prose">
        Is this the computation the seed&apos;s PyTorch program does? Two checks, both in <code>experiments/reproduce/</code>: the same start trained step by
        step in both, and the two trainers compared as distributions over seeds.
      </p>
      <Lockstep chaos={chaos} />
      <Distribution compare={compare} />
    </section>
  );
}

function Missing({ loaded, command }: { loaded: { file: string; error: string }; command: string }) {
  return (
    <p className="warning" data-testid="reproduce-missing">
      <code>{loaded.file}</code>: {loaded.error}. Produce it with <code>{command}</code>.
    </p>
  );
}

function Lockstep({ chaos }: { chaos: Loaded<ChaosFile> }) {
  if ('error' in chaos) return <Missing loaded={chaos} command="node experiments/reproduce/lockstep/chaos.mjs" />;
  const rows = separationRows(chaos.data);
  const thresholds = [...new Set(rows.map((row) => row.threshold))];
  const largest = thresholds.at(-1) ?? '';
  const perturbations = [...new Set(chaos.data.parts.map((part) => part.config.perturb))].join(', ');
  const lockstep = separationSentence(rows, 'ours-torch', largest, 'From the same start (our initial weights and batch order loaded into the PyTorch program), our run and PyTorch\'s');
  const twins = separationSentence(rows, 'torch-torch', largest, `Two PyTorch runs whose weights differ by ${perturbations} in one fc1 weight`);
  return (
    <>
      <h3>Step by step from the same start, and how fast near-identical runs part</h3>
      <div className="prose" data-testid="lockstep-sentences">
        {lockstep ? <p>{lockstep}</p> : null}
        {twins ? <p>{twins}</p> : null}
        <p className="muted">
          Agreement seed for seed can only be checked while a pair stays together; past that point the two trainers are compared as distributions
          over seeds (below).
        </p>
      </div>
      <Figure
        title="Loss difference of paired runs"
        svg={chartSvg(separationCurves(chaos.data))}
        caption={`|Validation loss difference| of each pair against step (log scale; differences below 1e-8, identical included, sit on the floor). Dashed: the thresholds ${thresholds.join(', ')}.`}
      />
      <div className="table-wrap">
        <table data-testid="separation-table">
          <caption>Steps until the pair&apos;s validation losses differ by more than the threshold, per seed (&gt; N: not within the N steps run).</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Images</th>
              <th scope="col" className="num">Threshold</th>
              <th scope="col">Per seed</th>
              <th scope="col" className="num">Median</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.kind}-${row.negative}-${row.threshold}`}>
                <th scope="row">{pairKindLabel(row.kind)}</th>
                <td>{polarityOf(row.negative)}</td>
                <td className="num">{Number(row.threshold)}</td>
                <td>{row.seeds.map((s) => stepText(s.step, s.horizon)).join(', ')}</td>
                <td className="num">{row.median === null ? `> ${row.horizon}` : row.median}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="muted">
        {chaos.data.parts.map((part) => (
          <li key={part.command}>
            <code>{part.command}</code>: {part.minutes} min on {part.machine}; {Object.entries(part.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.
          </li>
        ))}
      </ul>
    </>
  );
}

function Distribution({ compare }: { compare: Loaded<CompareFile> }) {
  if ('error' in compare) return <Missing loaded={compare} command="node experiments/reproduce/compare.mjs --seeds 20 --epochs 20" />;
  const rows = compareRows(compare.data);
  const epochs = compareEpochs(compare.data);
  return (
    <>
      <h3>In distribution: ours against the PyTorch program</h3>
      <div className="table-wrap">
        <table data-testid="compare-table">
          <caption>
            Difference = ours − PyTorch; 95% percentile bootstrap interval of the difference; two-sided permutation p-value. Seeds are not paired across
            the two programs.
          </caption>
          <thead>
            <tr>
              <th scope="col">Images</th>
              <th scope="col">Statistic</th>
              <th scope="col" className="num">Ours mean</th>
              <th scope="col" className="num">PyTorch mean</th>
              <th scope="col" className="num">Difference</th>
              <th scope="col" className="num">95% interval</th>
              <th scope="col" className="num">p</th>
              <th scope="col" className="num">Seeds (ours / PyTorch)</th>
              <th scope="col" className="num">Epochs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.images}-${row.statistic}`} data-row={`${row.images}/${row.statistic}`}>
                <td>{row.images}</td>
                <th scope="row">{STATISTICS[row.statistic]}</th>
                <td className="num">{statValue(row.ours)}</td>
                <td className="num">{statValue(row.torch)}</td>
                <td className="num">{statValue(row.difference)}</td>
                <td className="num">
                  [{statValue(row.interval[0])}, {statValue(row.interval[1])}]
                </td>
                <td className="num">{row.p.toFixed(3)}</td>
                <td className="num">
                  {row.oursSeeds} / {row.torchSeeds}
                </td>
                <td className="num">{epochs ?? 'n/a'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Protocol: {compare.data.protocol}. Command: <code>{compare.data.command}</code>, {compare.data.minutes} min on {compare.data.machine};{' '}
        {Object.entries(compare.data.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.
      </p>
    </>
  );
}
