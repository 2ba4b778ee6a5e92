import { polarityOf } from '@negmnist/core';
import type { ConfigFindings } from '../lib/findings';
import { percent } from '../lib/format';
import { seedsText } from '../lib/seed-counts';

/** The table's caption: what each row rests on, never a mean over seeds that a one-run row does not have. */
export function configTableCaption(configs: readonly Pick<ConfigFindings, 'runs'>[]): string {
  const counts = configs.map((c) => c.runs);
  const range = { configurations: configs.length, min: Math.min(...counts), max: Math.max(...counts) };
  const rests = range.max === 1 ? 'each row is a single run, not a mean' : `the mean over a row's runs${range.min === 1 ? ' (a row with one run is that run)' : ''}`;
  return (
    `At the last evaluation, from ${seedsText(range)} per configuration (the Runs column): ${rests}. ` +
    "Collapsed: stuck near chance (final accuracy below 20%) or every probe image's logits ≤ 0; erratic: still learning, with a drop of more than 5 points."
  );
}

/** Per-configuration outcomes of this results directory's runs: which change (activation, output, init, lr) changes them. */
export function ConfigTable({ configs }: { configs: readonly ConfigFindings[] }) {
  const anyDiverged = configs.some((c) => c.outcomes.diverged > 0);
  return (
    <section aria-labelledby="configs-heading" data-testid="config-table">
      <h2 id="configs-heading">What changes it in these runs</h2>
      <div className="table-wrap">
        <table>
          <caption>{configTableCaption(configs)}</caption>
          <thead>
            <tr>
              <th scope="col">Configuration</th>
              <th scope="col">Images</th>
              <th scope="col">Hidden → output</th>
              <th scope="col">Init</th>
              <th scope="col" className="num">lr</th>
              <th scope="col" className="num">Runs</th>
              <th scope="col" className="num">Final val acc</th>
              <th scope="col" className="num">fc1 dead</th>
              <th scope="col" className="num">Erratic runs</th>
              <th scope="col" className="num">Collapsed runs</th>
              {anyDiverged ? (
                <th scope="col" className="num">
                  Diverged runs
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {configs.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td>
                  <span className={`tag ${polarityOf(c.config.negative)}`}>{polarityOf(c.config.negative)}</span>
                </td>
                <td>
                  {c.config.hidden} → {c.config.output}
                </td>
                <td>{c.config.init}</td>
                <td className="num">{c.config.lr}</td>
                <td className="num">{c.runs}</td>
                <td className="num">{percent(c.finalAccuracy?.mean ?? null)}</td>
                <td className="num">{percent(c.deadFc1?.mean ?? null)}</td>
                <td className="num">{c.outcomes.erratic}</td>
                <td className="num">{c.outcomes.collapsed}</td>
                {anyDiverged ? <td className="num">{c.outcomes.diverged}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
