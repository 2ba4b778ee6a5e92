import type { ConfigFindings } from '../lib/findings';
import { percent } from '../lib/format';

/** Per-configuration outcomes: which change (activation, output, init, lr) fixes negative images. */
export function ConfigTable({ configs }: { configs: readonly ConfigFindings[] }) {
  return (
    <section aria-labelledby="configs-heading">
      <h2 id="configs-heading">What changes it</h2>
      <div className="table-wrap">
        <table>
          <caption>Mean over the seeds of each configuration, at the last evaluation.</caption>
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
              <th scope="col" className="num">Unstable runs</th>
            </tr>
          </thead>
          <tbody>
            {configs.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td>
                  <span className={`tag ${c.config.negative ? 'negative' : 'positive'}`}>{c.config.negative ? 'negative' : 'positive'}</span>
                </td>
                <td>
                  {c.config.hidden} → {c.config.output}
                </td>
                <td>{c.config.init}</td>
                <td className="num">{c.config.lr}</td>
                <td className="num">{c.runs}</td>
                <td className="num">{percent(c.finalAccuracy?.mean ?? null)}</td>
                <td className="num">{percent(c.deadFc1?.mean ?? null)}</td>
                <td className="num">{c.unstableRuns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
