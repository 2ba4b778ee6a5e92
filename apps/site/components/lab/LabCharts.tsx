'use client';

import type { RunRecord } from '@negmnist/results';
import { deadUnits, learningCurves } from '@negmnist/viz';
import { useMemo } from 'react';
import { chartRecords, withEarlierColors } from '../../lib/lab/earlier';
import type { EarlierRun } from '../../lib/lab/earlier';
import { DeferredPlot } from './DeferredPlot';

/** Props of {@link LabCharts}. */
export interface LabChartsProps {
  /** The runs so far, as records (one colour each). */
  records: readonly RunRecord[];
  /** Validation images, for the column title. */
  testCount: number;
  /** Runs from before the last Reset, drawn faded behind the current ones. */
  earlier: readonly EarlierRun[];
}

const WIDTH = 1100;
/** Least time between redraws of one chart while training, in milliseconds. */
const REDRAW_MS = 1000;

/** Learning curves and dead units per layer of the lab's runs, redrawn at every evaluation. */
export function LabCharts({ records, testCount, earlier }: LabChartsProps) {
  const withData = useMemo(() => records.filter((r) => r.evaluations.length > 0), [records]);
  const drawn = useMemo(() => chartRecords(withData, earlier), [withData, earlier]);
  const validationLabel = `validation (${testCount} test images)`;
  const curves = useMemo(
    () =>
      drawn.length === 0
        ? null
        : withEarlierColors(learningCurves(drawn, { band: 'none', width: WIDTH, facetHeight: 180, validationLabel, title: null, subtitle: null }), withData, earlier),
    [drawn, withData, earlier, validationLabel],
  );
  const dead = useMemo(
    () => (drawn.length === 0 ? null : withEarlierColors(deadUnits(drawn, { band: 'none', width: WIDTH, facetHeight: 180, title: null, subtitle: null }), withData, earlier)),
    [drawn, withData, earlier],
  );
  const probeSize = drawn[0]?.config.probeSize ?? 0;
  if (curves === null || dead === null) {
    return <p className="muted lab-empty">The charts appear at the first evaluation.</p>;
  }
  return (
    <section aria-labelledby="lab-charts-heading">
      <h2 id="lab-charts-heading">Charts</h2>
      {earlier.length > 0 ? (
        <p className="muted" data-testid="lab-earlier-note">
          Faded lines: {earlier.length === 1 ? 'one earlier run' : `${earlier.length} earlier runs`}, named by the round they were trained in (&ldquo;run 1&rdquo; is the first).
        </p>
      ) : null}
      <figure className="chart" data-testid="lab-curves">
        <h3 className="chart-title">Learning curves</h3>
        <DeferredPlot options={curves} label="Learning curves of the lab runs" minIntervalMs={REDRAW_MS} />
        <figcaption>One line per run, one point per evaluation. Training values average the batches since the previous evaluation.</figcaption>
      </figure>
      <figure className="chart" data-testid="lab-dead">
        <h3 className="chart-title">Dead units per layer</h3>
        <DeferredPlot options={dead} label="Dead units per layer of the lab runs" minIntervalMs={REDRAW_MS} />
        <figcaption>
          A unit is dead when it outputs 0 for all of the first {probeSize} validation images. The last column is the share of those images whose logits
          are all ≤ 0: through the output ReLU they give no gradient at all.
        </figcaption>
      </figure>
    </section>
  );
}
