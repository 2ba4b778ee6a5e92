import type { Metadata } from 'next';
import { HowToProduceResults, SkippedWarning } from '../../components/Notices';
import { RunsWithDrop } from '../../components/client/RunsWithDrop';
import { MAX_OVERLAY, overlayOptions } from '../../lib/overlay';
import { chartSvg } from '../../lib/charts';
import { slimRecord } from '../../lib/format';
import { getResults } from '../../lib/results';
import { runKey, runRow } from '../../lib/runs';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage() {
  const results = await getResults();
  const { records, skipped } = results;
  // First seed of each configuration, so the overlay starts as a comparison of configurations.
  const firstOfLabel = records.filter((r, i) => records.findIndex((o) => o.label === r.label) === i).slice(0, MAX_OVERLAY);
  const initial = firstOfLabel.length > 0 ? firstOfLabel : records.slice(0, 1);
  return (
    <>
      <h1>Runs</h1>
      <p className="lede">
        Every run in <code>{results.dir}</code>: sort and filter the table, tick runs to overlay their curves, open a run for all its charts.
      </p>
      <SkippedWarning skipped={skipped} />
      {records.length === 0 ? (
        <HowToProduceResults dir={results.dir} found={results.found} />
      ) : (
        <RunsWithDrop
          rows={records.map(runRow)}
          records={records.map((r) => slimRecord(r, { layers: false }))}
          initialSelection={initial.map(runKey)}
          initialSvg={chartSvg(overlayOptions(initial, 'valAccuracy'))}
        />
      )}
    </>
  );
}
