import type { Metadata } from 'next';
import { duration } from '../../lib/format';
import { benchDir, loadBenchTables, machineLine, pytorchLine, rate } from '../../lib/bench';
import type { BenchFile, BenchTable } from '../../lib/bench';

export const metadata: Metadata = { title: 'Speed' };

/** The current measurements first (the engine as it is now, CPU then GPU); older tables follow by name. */
const CURRENT = ['cpu-2core-onnx', 'gpu-h200-ensemble', 'gpu-h200-step'];

const ms = (value: number | undefined): string => (value === undefined ? '' : duration(value));

function Table({ name, data }: { name: string; data: BenchFile }) {
  return (
    <section aria-labelledby={`bench-${name}`} data-testid={`bench-${name}`}>
      <h2 id={`bench-${name}`}>
        <code>{name}</code>
      </h2>
      <p>Machine: {machineLine(data)}.</p>
      <p>
        negmnist: {Object.entries(data.negmnist).map(([pkg, version]) => `${pkg} ${version}`).join(', ')}. PyTorch: {pytorchLine(data)}.
      </p>
      <div className="table-wrap">
        <table>
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
              <th scope="col" className="num">Wall</th>
              <th scope="col" className="num">Training</th>
              <th scope="col" className="num">Evaluation</th>
              <th scope="col" className="num">Model-steps/s</th>
              <th scope="col" className="num">vs PyTorch</th>
              <th scope="col" className="num">Peak RSS</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={i} data-row={i}>
                <td>{r.mode}</td>
                <td className="num">{r.k}</td>
                <td>{r.side === 'pytorch' ? 'PyTorch' : 'negmnist'}</td>
                <td>{r.label}</td>
                <td>{r.setup}</td>
                {r.skipped === undefined ? (
                  <>
                    <td className="num" data-cell="wall">{ms(r.wallMs)}</td>
                    <td className="num">{ms(r.trainingMs)}</td>
                    <td className="num">{ms(r.evaluationMs)}</td>
                    <td className="num">{rate(r.modelStepsPerSecond)}</td>
                    <td className="num" title={r.vsPytorchLabel} data-cell="ratio">
                      {r.vsPytorch === undefined ? '' : `${r.vsPytorch.toFixed(2)}x`}
                    </td>
                    <td className="num">{r.peakRssMiB === undefined ? '' : `${Math.round(r.peakRssMiB)} MiB`}</td>
                  </>
                ) : (
                  <td colSpan={6}>not measured: {r.skipped}</td>
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
  return (
    <article>
      <h1>Speed against PyTorch</h1>
      <p>
        Every table is what <code>negmnist bench --save</code> wrote: our trainer (each measurement in its own process, running the same code as{' '}
        <code>negmnist train</code> and <code>negmnist grid</code>) and the seed&apos;s PyTorch program in one invocation on one machine, with both sides&apos;
        versions, threads and the BLAS PyTorch loaded. The tables are committed in <code>experiments/bench/</code>, whose README says how each was run, under what
        load, and what it shows; the current engine&apos;s tables come first.
      </p>
      {tables.length === 0 ? <p>No bench tables are committed: run <code>negmnist bench --mode all --save experiments/bench/&lt;name&gt;</code>.</p> : null}
      {tables.map((table) => ('error' in table ? <Unreadable key={table.name} table={table} /> : <Table key={table.name} name={table.name} data={table.data} />))}
    </article>
  );
}
