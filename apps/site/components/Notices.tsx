import type { SkippedRecord } from '../lib/results';

/** Lists the record files the build skipped, so a reader knows the charts leave them out. */
export function SkippedWarning({ skipped }: { skipped: readonly SkippedRecord[] }) {
  if (skipped.length === 0) return null;
  return (
    <aside className="warning" role="alert" aria-labelledby="skipped-heading" data-testid="skipped-warning">
      <h2 id="skipped-heading">
        {skipped.length === 1 ? '1 malformed record was skipped' : `${skipped.length} malformed records were skipped`}
      </h2>
      <ul>
        {skipped.map((s) => (
          <li key={s.file}>
            <code>{s.file}</code>: {s.reason}
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** Shown instead of charts when the results directory holds no valid record. */
export function HowToProduceResults({ dir, found }: { dir: string; found: boolean }) {
  return (
    <section className="card howto" aria-labelledby="howto-heading" data-testid="howto">
      <h2 id="howto-heading">No results yet</h2>
      <p>
        The results directory{' '}
        <code>{dir}</code> {found ? 'holds no valid run record.' : 'does not exist.'} Train the quick grid, then
        build the site from its results:
      </p>
      <pre>
        <code>{`npx negmnist grid quick\nRESULTS_DIR=results npm run build`}</code>
      </pre>
      <p className="muted">
        Records are read from <code>&lt;RESULTS_DIR&gt;/&lt;experiment&gt;/&lt;run-id&gt;/record.json</code>.
      </p>
    </section>
  );
}
