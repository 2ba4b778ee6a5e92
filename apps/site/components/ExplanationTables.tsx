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

const sig = (value: number | null): string => (value === null ? '–' : Number(value.toPrecision(3)).toString());

/** Every input form of the sweep: its geometry, its initial sharpness and its critical learning rate with the interval. */
export function CriticalLrTable({ explanation }: { explanation: Explanation }) {
  const sweep = explanation.sweep;
  if (sweep == null) return null;
  return (
    <div className="table-wrap">
      <table data-testid="critical-lr-table">
        <caption>
          Per input form: its input geometry, λmax of the loss Hessian at initialisation, and lr_c with its 95% bootstrap interval over {sweep.seeds} seeds (paired across learning rates).
        </caption>
        <thead>
          <tr>
            <th scope="col">Input form</th>
            <th scope="col" className="num">E‖x‖²</th>
            <th scope="col" className="num">‖μ‖²</th>
            <th scope="col" className="num">tr Σ</th>
            <th scope="col" className="num">λmax(E[xxᵀ])</th>
            <th scope="col" className="num">λmax(H) at init</th>
            <th scope="col" className="num">lr_c</th>
          </tr>
        </thead>
        <tbody>
          {sweep.forms.map((form) => {
            const c = sweep.criticalLrs.find((x) => x.form === form.id);
            const lrc =
              c?.value == null ? 'none learned' : c.censored === 'above' ? `> ${sig(c.value)}` : c.censored === 'below' ? `≤ ${sig(c.value)}` : `${sig(c.value)}${c.interval === null ? '' : ` (${sig(c.interval[0])}–${sig(c.interval[1])})`}`;
            return (
              <tr key={form.id} data-row={form.id}>
                <th scope="row" title={form.description}>
                  {form.label}
                </th>
                <td className="num">{sig(form.geometry.meanSquaredNorm)}</td>
                <td className="num">{sig(form.geometry.meanNormSquared)}</td>
                <td className="num">{sig(form.geometry.covarianceTrace)}</td>
                <td className="num">{sig(form.geometry.secondMomentTop)}</td>
                <td className="num">{sig(form.initialSharpness)}</td>
                <td className="num">{lrc}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table data-testid="rule-table">
        <caption>Rules lr_c = K / scalar, each input form held out in turn: K fitted on the others predicts it.</caption>
        <thead>
          <tr>
            <th scope="col">Scalar</th>
            <th scope="col" className="num">K</th>
            <th scope="col" className="num">Fitted slope (rule: −1)</th>
            <th scope="col" className="num">Held-out forms consistent</th>
            <th scope="col" className="num">Mean held-out error</th>
          </tr>
        </thead>
        <tbody>
          {sweep.rules.map((r) => (
            <tr key={r.scalar} data-row={r.scalar}>
              <th scope="row">
                {r.scalar}
                {r.scalar === sweep.winner ? ' (best)' : ''}
              </th>
              <td className="num">{sig(r.constant)}</td>
              <td className="num">{sig(r.slope)}</td>
              <td className="num">
                {r.consistent} of {r.heldOut.length}
              </td>
              <td className="num">{r.meanLogError === null ? '–' : `×${Math.exp(r.meanLogError).toFixed(2)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The published accounts, their claims and our verdicts with the evidence. */
export function SourcesTable({ explanation }: { explanation: Explanation }) {
  const sources = explanation.sources ?? [];
  return (
    <div className="table-wrap">
      <table data-testid="sources-table">
        <caption>Each published account, what it says, and whether the record confirms, refines or contradicts it.</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Claim</th>
            <th scope="col">Our runs</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} data-row={s.id}>
              <th scope="row">{s.citation}</th>
              <td>{s.claim}</td>
              <td>{s.verdict}</td>
              <td>{s.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
