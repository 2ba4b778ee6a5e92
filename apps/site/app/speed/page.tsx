import type { Metadata } from 'next';
import { Figure } from '../../components/Figure';
import { duration } from '../../lib/format';
import { benchDir, loadBenchTables, machineLine, pytorchLine, rate } from '../../lib/bench';
import type { BenchFile } from '@negmnist/results';
import type { BenchTable } from '../../lib/bench';
import { benchSummaries, measurementName, ratioText, ratioWords } from '../../lib/bench-summary';
import type { BenchSummary, SummaryRow } from '../../lib/bench-summary';
import { chartSvg, ratioChart } from '../../lib/charts';

export const metadata: Metadata = { title: 'Speed' };

/** The current measurements first (the engine as it is now, CPU then GPU); older tables follow by name. */
const CURRENT = ['cpu-2core-onnx', 'gpu-h200-ensemble', 'gpu-h200-step'];

const ms = (value: number | undefined): string => (value === undefined ? '' : duration(value));

/** A summary row's name: engine and setup, plus K for ensembles. */
const rowName = (mode: string, row: SummaryRow): string => `${row.engine}, ${row.setup}${mode === 'ensemble' ? `, K = ${row.k}` : ''}`;

function Summary({ summary }: { summary: BenchSummary }) {
  const { question } = summary;
  const id = `summary-${question.mode}`;
  if (summary.table === null) {
    return (
      <section aria-labelledby={id} data-testid={id}>
        <h3 id={id}>{question.title}</h3>
        <p className="muted">{question.what} No committed table measures it against PyTorch.</p>
      </section>
    );
  }
  const best = summary.rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return (
    <section aria-labelledby={id} data-testid={id} data-table={summary.table}>
      <h3 id={id}>{question.title}</h3>
      <p>
        {question.what} Best of ours: <strong>{ratioWords(best.ratio)}</strong> ({rowName(question.mode, best)}, against {best.against}).
      </p>
      <div className="speed-summary">
        <ul className="ratio-list">
          {summary.rows.map((row) => (
            <li key={row.row} data-row={row.row}>
              <span className="ratio" data-cell="ratio">
                {ratioText(row.ratio)}
              </span>{' '}
              {rowName(question.mode, row)} <span className="muted">against {row.against}</span>
            </li>
          ))}
        </ul>
        <Figure
          title={`${question.title}: ours against PyTorch`}
          svg={chartSvg(ratioChart(summary.rows.map((row) => ({ name: rowName(question.mode, row), ratio: row.ratio })), { ariaLabel: `${question.title}: speed against PyTorch` }))}
          caption={
            <>
              PyTorch&apos;s time / ours for the same work, log scale: right of the dashed line ours is faster. From <a href={`#bench-${summary.table}`}>{measurementName(summary.file)}</a>.
            </>
          }
        />
      </div>
    </section>
  );
}

function Table({ name, data }: { name: string; data: BenchFile }) {
  return (
    <section aria-labelledby={`bench-${name}`} data-testid={`bench-${name}`}>
      <h3 id={`bench-${name}`}>
        {measurementName(data)} <code className="bench-file">{name}.json</code>
      </h3>
      <p>Machine: {machineLine(data)}.</p>
      <p>
        negmnist: {Object.entries(data.negmnist).map(([pkg, version]) => `${pkg} ${version}`).join(', ')}. PyTorch: {pytorchLine(data)}.
      </p>
      <div className="table-wrap">
        <table className="bench-table">
          <caption>
            Modes {data.settings.modes.join(', ')}; step and ensemble: {data.settings.steps} timed steps after {data.settings.warmup} warm-up; protocol and grid:{' '}
            {data.settings.epochs} epoch(s) of real MNIST with the seed&apos;s evaluation schedule; grid: {data.settings.runs} runs. vs PyTorch: PyTorch&apos;s time / ours
            for the same work (above 1: ours faster).
          </caption>
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col" className="num">K</th>
              <th scope="col">Side</th>
              <th scope="col">Backend / device</th>
              <th scope="col">Setup</th>
              <th scope="col" className="num">vs PyTorch</th>
              <th scope="col" className="num">Model-steps/s</th>
              <th scope="col" className="num">Wall</th>
              <th scope="col" className="num">Training</th>
              <th scope="col" className="num">Evaluation</th>
              <th scope="col" className="num">Peak RSS</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={i} data-row={i}>
                <td>{r.mode}</td>
                <td className="num">{r.k}</td>
                <td>{r.side === 'pytorch' ? 'PyTorch' : 'negmnist'}</td>
                <td className="text">{r.label}</td>
                <td className="text">{r.setup}</td>
                {r.skipped === undefined ? (
                  <>
                    <td className="num" title={r.vsPytorchLabel} data-cell="ratio">
                      {r.vsPytorch === undefined ? '' : ratioText(r.vsPytorch)}
                    </td>
                    <td className="num">{rate(r.modelStepsPerSecond)}</td>
                    <td className="num" data-cell="wall">{ms(r.wallMs)}</td>
                    <td className="num">{ms(r.trainingMs)}</td>
                    <td className="num">{ms(r.evaluationMs)}</td>
                    <td className="num">{r.peakRssMiB === undefined ? '' : `${Math.round(r.peakRssMiB)} MiB`}</td>
                  </>
                ) : (
                  <td colSpan={6} className="skipped">
                    not measured: {r.skipped}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Unreadable({ table }: { table: Extract<BenchTable, { error: string }> }) {
  return (
    <p role="alert">
      <code>experiments/bench/{table.name}.json</code> could not be read: {table.error}
    </p>
  );
}

export default async function SpeedPage() {
  const tables = await loadBenchTables(benchDir(), CURRENT);
  const summaries = benchSummaries(tables);
  return (
    <article>
      <h1>Speed against PyTorch</h1>
      <p>
        Every number here is from what <code>negmnist bench --save</code> wrote: our trainer (each measurement in its own process, running the same code as{' '}
        <code>negmnist train</code> and <code>negmnist grid</code>) and the seed&apos;s PyTorch program in one invocation on one machine, with both sides&apos;
        versions, threads and the BLAS PyTorch loaded. The tables are committed in <code>experiments/bench/</code>, whose README says how each was run, under what
        load, and what it shows.
      </p>
      {tables.length === 0 ? <p>No bench tables are committed: run <code>negmnist bench --mode all --save experiments/bench/&lt;name&gt;</code>.</p> : null}
      {tables.length > 0 ? (
        <section aria-labelledby="speed-summary" data-testid="speed-summary">
          <h2 id="speed-summary">Ours against PyTorch, question by question</h2>
          <p className="muted">
            Each ratio is PyTorch&apos;s time / ours for the same work (above 1: ours faster), read from the current engine&apos;s table; the full tables follow.
          </p>
          {summaries.map((summary) => (
            <Summary key={summary.question.mode} summary={summary} />
          ))}
        </section>
      ) : null}
      {tables.length > 0 ? (
        <section aria-labelledby="speed-tables">
          <h2 id="speed-tables">Every measurement</h2>
          <p className="muted">
            The current engine&apos;s tables first, then earlier ones by file name. Each is dated: &ldquo;measured&rdquo; by the bench&apos;s own clock, or
            &ldquo;committed&rdquo; (the day its numbers were committed, so measured then or shortly before) for tables from before the bench recorded a date.
          </p>
          {tables.map((table) => ('error' in table ? <Unreadable key={table.name} table={table} /> : <Table key={table.name} name={table.name} data={table.data} />))}
        </section>
      ) : null}
    </article>
  );
}
