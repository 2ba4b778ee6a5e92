'use client';

import { METRIC_LABELS } from '@negmnist/core';
import { digitGrid } from '@negmnist/viz';
import { useMemo } from 'react';
import { percent } from '../../lib/format';
import type { RunState } from '../../lib/lab/run-state';
import { DeferredPlot } from './DeferredPlot';

/** Digits of the current batch drawn. */
const STRIP = 10;

const PHASE: Record<RunState['phase'], string> = { loading: 'loading data and engine…', training: 'training', paused: 'paused', ended: 'finished', failed: 'failed' };

/** One run: its live numbers and the current batch as its network sees it. */
export function RunCard({ run, onDownload }: { run: RunState; onDownload?: () => void }) {
  const last = run.evaluations.at(-1);
  const dead = (name: string) => last?.layers.find((layer) => layer.name === name)?.deadFraction ?? null;
  const strip = useMemo(() => {
    const s = run.strip;
    if (s === undefined) return null;
    return digitGrid(s, { polarities: [run.polarity], limit: Math.min(STRIP, s.count), size: 40, title: null, subtitle: null });
  }, [run.strip, run.polarity]);
  const phase = run.phase === 'ended' && run.status !== 'done' ? run.status : PHASE[run.phase];
  return (
    <section className="card lab-run" aria-label={`${run.polarity} run`} data-testid={`run-${run.polarity}`} data-phase={run.phase} data-step={run.step} data-evaluations={run.evaluations.length}>
      <h3>
        <span className={`tag ${run.polarity}`}>{run.polarity}</span> images{' '}
        <span className="muted lab-phase" data-testid={`phase-${run.polarity}`}>{phase}</span>
      </h3>
      {run.error ? <p className="warning" role="alert">{run.error}</p> : null}
      <ul className="stats lab-stats">
        <li>
          <span className="value" data-testid={`step-${run.polarity}`}>{run.step}{run.totalSteps ? <small> / {run.totalSteps}</small> : null}</span>
          <span className="what">
            steps
            {run.stepsPerSecond > 0 ? (
              <>
                {' · '}
                <span data-testid={`rate-${run.polarity}`}>{run.stepsPerSecond.toFixed(1)}</span>/s
              </>
            ) : null}
          </span>
        </li>
        <li>
          <span className="value">{last ? percent(last.valAccuracy, 1) : '–'}</span>
          <span className="what">{METRIC_LABELS.valAccuracy}</span>
        </li>
        <li>
          <span className="value">{last?.trainLoss != null ? last.trainLoss.toFixed(3) : '–'}</span>
          <span className="what">{METRIC_LABELS.trainLoss}</span>
        </li>
        <li>
          <span className="value">{last ? percent(dead('fc1'), 1) : '–'}</span>
          <span className="what">fc1 units dead</span>
        </li>
        <li>
          <span className="value">{last ? percent(dead('fc2'), 1) : '–'}</span>
          <span className="what">fc2 units dead</span>
        </li>
        <li>
          <span className="value" data-testid={`outputs-dead-${run.polarity}`}>{last ? percent(last.deadOutputFraction, 1) : '–'}</span>
          <span className="what">images with all logits ≤ 0</span>
        </li>
      </ul>
      <figure className="chart lab-strip">
        <div className="chart-title">Current batch, as this network sees it</div>
        {strip ? <DeferredPlot options={strip} label={`First ${STRIP} digits of the current batch, ${run.polarity} images`} /> : <p className="muted">No batch yet.</p>}
      </figure>
      {onDownload ? (
        <button type="button" onClick={onDownload} data-testid={`download-${run.polarity}`}>
          Download record (JSON)
        </button>
      ) : null}
    </section>
  );
}
