import type { Explanation, SeedStat } from '@negmnist/results';
import { effectMetricLabels, rankedInterventionLabels } from '@negmnist/viz';
import { configurationRows } from '../lib/explanation';
import { percent } from '../lib/format';

/** Mean with the range across seeds, e.g. "0.7 (0–2)"; the range is left out when every seed agrees. */
function statText(stat: SeedStat, format: (value: number) => string): string {
  return stat.min === stat.max ? format(stat.mean) : `${format(stat.mean)} (${format(stat.min)}–${format(stat.max)})`;
}

const fraction = (value: number) => percent(value);
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
/** Differences and bounds with three significant digits. */
export const signed = (value: number) => Number(value.toPrecision(3)).toString();

/** Every configuration of the explanation: intervention × polarity, its seeds' outcomes. */
export function ConfigurationTable({ explanation }: { explanation: Explanation }) {
  const rows = configurationRows(explanation);
  return (
    <div className="table-wrap">
      <table data-testid="configuration-table">
        <caption>Per configuration: mean across seeds with the range in brackets; steps to 90%: median over the seeds that reached it.</caption>
        <thead>
          <tr>
            <th scope="col">Intervention</th>
            <th scope="col">Images</th>
            <th scope="col" className="num">Seeds</th>
            <th scope="col" className="num">Final val acc</th>
            <th scope="col" className="num">Best val acc</th>
            <th scope="col" className="num">Drops per run</th>
            <th scope="col" className="num">fc1 dead</th>
            <th scope="col" className="num">Stuck near chance</th>
            <th scope="col" className="num">Steps to 90%</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.intervention}-${row.polarity}`} data-row={`${row.intervention}/${row.polarity}`}>
              <th scope="row">{row.label}</th>
              <td>
                <span className={`tag ${row.polarity}`}>{row.polarity}</span>
              </td>
              <td className="num">{row.seeds}</td>
              <td className="num">{statText(row.finalAccuracy, fraction)}</td>
              <td className="num">{statText(row.bestAccuracy, fraction)}</td>
              <td className="num">{statText(row.drops, count)}</td>
              <td className="num">{row.fc1DeadFraction === null ? 'n/a' : statText(row.fc1DeadFraction, fraction)}</td>
              <td className="num">{percent(row.collapseShare, 0)}</td>
              <td className="num">
                {row.reached90.medianStep === null ? 'never' : row.reached90.medianStep} ({row.reached90.seeds} of {row.seeds})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every effect of the explanation, interventions in ranking order. */
export function EffectsTable({ explanation }: { explanation: Explanation }) {
  const labels = rankedInterventionLabels(explanation);
  const order = [...labels.keys()];
  const effects = [...explanation.effects].sort((a, b) => order.indexOf(a.intervention) - order.indexOf(b.intervention));
  return (
    <div className="table-wrap">
      <table data-testid="effects-table">
        <caption>Intervention mean − seed-configuration mean, with the percentile bootstrap 95% interval across seeds.</caption>
        <thead>
          <tr>
            <th scope="col">Intervention</th>
            <th scope="col">Images</th>
            <th scope="col">Metric</th>
            <th scope="col" className="num">Seed config</th>
            <th scope="col" className="num">Intervention</th>
            <th scope="col" className="num">Difference</th>
            <th scope="col" className="num">95% interval</th>
            <th scope="col" className="num">Seeds</th>
          </tr>
        </thead>
        <tbody>
          {effects.map((e) => (
            <tr key={`${e.intervention}-${e.polarity}-${e.metric}`} className={e.includesZero ? 'muted' : undefined}>
              <th scope="row">{labels.get(e.intervention) ?? e.intervention}</th>
              <td>
                <span className={`tag ${e.polarity}`}>{e.polarity}</span>
              </td>
              <td>{effectMetricLabels[e.metric]}</td>
              <td className="num">{signed(e.baselineMean)}</td>
              <td className="num">{signed(e.interventionMean)}</td>
              <td className="num">{signed(e.difference)}</td>
              <td className="num">
                [{signed(e.interval[0])}, {signed(e.interval[1])}]{e.includesZero ? ' includes 0' : ''}
              </td>
              <td className="num">
                {e.interventionSeeds} vs {e.baselineSeeds}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
