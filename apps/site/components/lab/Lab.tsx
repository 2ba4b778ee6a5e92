'use client';

import type { RunRecord } from '@negmnist/results';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FromWorker, ToWorker } from '../../lib/lab/protocol';
import { applyMessage, initialRunState, labRecord } from '../../lib/lab/run-state';
import type { RunState } from '../../lib/lab/run-state';
import { DEFAULT_SETTINGS } from '../../lib/lab/settings';
import type { LabSettings } from '../../lib/lab/settings';
import { BackendNote } from './BackendNote';
import { LabCharts } from './LabCharts';
import { LabControls } from './LabControls';
import { RunCard } from './RunCard';

type Session = 'idle' | 'running' | 'paused';

/** The folder of the lab's static assets, from the page's own URL (works under any base path). */
function assetBase(folder: string): string {
  const here = new URL(window.location.href);
  if (!here.pathname.endsWith('/')) here.pathname += '/';
  return new URL(folder, here).href;
}

/** Saves `record` as a JSON file named after the run. */
function download(record: RunRecord): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(record, null, 2)}\n`], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${record.experiment}-${record.id}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Trains the seed network in Web Workers, one per run, and draws them live side by side. */
export function Lab() {
  const [settings, setSettings] = useState<LabSettings>(DEFAULT_SETTINGS);
  const [runs, setRuns] = useState<RunState[]>([]);
  const [session, setSession] = useState<Session>('idle');
  const workers = useRef<Worker[]>([]);
  // the settings the current runs were started with (the form may not change them until Reset)
  const started = useRef<LabSettings>(DEFAULT_SETTINGS);

  const send = (message: ToWorker) => workers.current.forEach((worker) => worker.postMessage(message));
  const stopAll = useCallback(() => {
    workers.current.forEach((worker) => worker.terminate());
    workers.current = [];
  }, []);
  useEffect(() => stopAll, [stopAll]);

  const launch = (paused: boolean) => {
    started.current = settings;
    setRuns(settings.polarities.map(initialRunState));
    workers.current = settings.polarities.map((polarity, index) => {
      const worker = new Worker(new URL('../../lib/lab/worker.ts', import.meta.url), { type: 'module', name: `lab-${polarity}` });
      const update = (message: FromWorker) => setRuns((current) => current.map((run, i) => (i === index ? applyMessage(run, message) : run)));
      worker.onmessage = (event: MessageEvent<FromWorker>) => update(event.data);
      worker.onerror = (event) => update({ type: 'error', message: `worker failed: ${event.message}` });
      worker.postMessage({ type: 'start', settings, polarity, dataBase: assetBase('data/'), wasmBase: assetBase('tfjs/'), paused } satisfies ToWorker);
      return worker;
    });
  };

  const start = () => {
    if (session === 'idle') launch(false);
    else send({ type: 'resume' });
    setSession('running');
  };
  const pause = () => {
    send({ type: 'pause' });
    setSession('paused');
  };
  const step = () => {
    if (session === 'idle') launch(true);
    send({ type: 'step', steps: 1 });
    setSession('paused');
  };
  const reset = () => {
    stopAll();
    setRuns([]);
    setSession('idle');
  };

  const evaluationsKey = runs.map((run) => `${run.evaluations.length}:${run.phase}`).join('|');
  const records = useMemo(
    () => runs.map((run) => labRecord(started.current, run)).filter((r): r is RunRecord => r !== undefined),
    // redraw at evaluations and phase changes, not at every progress message
    [evaluationsKey],
  );
  const allEnded = runs.length > 0 && runs.every((run) => run.phase === 'ended' || run.phase === 'failed');
  const testCount = runs.find((run) => run.testCount !== undefined)?.testCount ?? 0;

  return (
    <>
      <LabControls settings={settings} onChange={setSettings} locked={session !== 'idle'} />
      <div className="lab-buttons" role="group" aria-label="Training">
        <button type="button" className="primary" onClick={start} disabled={session === 'running' || allEnded} data-testid="lab-start">
          {session === 'paused' ? 'Resume' : 'Start'}
        </button>
        <button type="button" onClick={pause} disabled={session !== 'running' || allEnded} data-testid="lab-pause">
          Pause
        </button>
        <button type="button" onClick={step} disabled={session === 'running' || allEnded} data-testid="lab-step">
          Step
        </button>
        <button type="button" onClick={reset} disabled={session === 'idle'} data-testid="lab-reset">
          Reset
        </button>
        <span className="muted" aria-live="polite" data-testid="lab-session">
          {allEnded ? 'Finished: Reset to change the settings.' : session === 'idle' ? 'Press Start (or Step for one batch).' : session === 'paused' ? 'Paused.' : 'Training…'}
        </span>
      </div>
      <BackendNote runs={runs} />
      {runs.length > 0 ? (
        <>
          <div className={`lab-runs lab-runs-${runs.length}`}>
            {runs.map((run) => {
              const record = records.find((r) => r.config.negative === (run.polarity === 'negative'));
              return <RunCard key={run.polarity} run={run} onDownload={record ? () => download(labRecord(started.current, run) ?? record) : undefined} />;
            })}
          </div>
          <LabCharts records={records} testCount={testCount} />
        </>
      ) : null}
    </>
  );
}
