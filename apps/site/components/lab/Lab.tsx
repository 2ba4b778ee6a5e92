'use client';

import type { RunRecord } from '@negmnist/results';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FromWorker, ToWorker } from '../../lib/lab/protocol';
import { keepEarlier } from '../../lib/lab/earlier';
import type { EarlierRun } from '../../lib/lab/earlier';
import { focusTarget } from '../../lib/lab/focus';
import type { LabButton } from '../../lib/lab/focus';
import { applyMessage, canContinue, continueRun, initialRunState, labRecord } from '../../lib/lab/run-state';
import type { RunState } from '../../lib/lab/run-state';
import { DEFAULT_SETTINGS, NUMERIC_FIELDS } from '../../lib/lab/settings';
import type { LabSettings, NumericSetting } from '../../lib/lab/settings';
import { epochsText } from '../../lib/seed-counts';
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
  // numeric fields whose text is not a valid value, with why (the form shows it; Start waits)
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<NumericSetting, string>>>({});
  // runs from before a Reset, drawn faded behind the current ones
  const [earlier, setEarlier] = useState<EarlierRun[]>([]);
  const round = useRef(0);
  const lastTestCount = useRef(0);
  // false in the prerendered HTML: without JavaScript the buttons stay disabled (the page says why)
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const buttons = useRef<Partial<Record<LabButton, HTMLButtonElement | null>>>({});
  const group = useRef<HTMLDivElement>(null);
  // whether keyboard focus was on a training button when it last left (to a disabled button or to the page)
  const focusWasHere = useRef(false);
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
  // every run that ended complete trains as many epochs again as it was started with, from where it stopped
  const continueRuns = () => {
    const epochs = started.current.epochs;
    workers.current.forEach((worker, i) => {
      const run = runs[i];
      if (run !== undefined && canContinue(run)) worker.postMessage({ type: 'continue', epochs } satisfies ToWorker);
    });
    setRuns((current) => current.map((run) => continueRun(run, epochs)));
    setSession('running');
  };
  const reset = () => {
    stopAll();
    round.current += 1;
    setEarlier((kept) => keepEarlier(kept, records, round.current));
    setRuns([]);
    setSession('idle');
  };
  const setFieldError = useCallback((key: NumericSetting, error: string | undefined) => {
    setFieldErrors((current) => {
      if (current[key] === error) return current;
      const next = { ...current };
      if (error === undefined) delete next[key];
      else next[key] = error;
      return next;
    });
  }, []);

  const evaluationsKey = runs.map((run) => `${run.evaluations.length}:${run.phase}`).join('|');
  const records = useMemo(
    () => runs.map((run) => labRecord(started.current, run)).filter((r): r is RunRecord => r !== undefined),
    // redraw at evaluations and phase changes, not at every progress message
    [evaluationsKey],
  );
  const allEnded = runs.length > 0 && runs.every((run) => run.phase === 'ended' || run.phase === 'failed');
  const continuable = allEnded && runs.some(canContinue);
  const testCount = runs.find((run) => run.testCount !== undefined)?.testCount ?? lastTestCount.current;
  lastTestCount.current = testCount;
  const invalid = Object.keys(fieldErrors) as NumericSetting[];
  const blocked = !hydrated || (session === 'idle' && invalid.length > 0);
  const disabled: Record<LabButton, boolean> = {
    start: blocked || session === 'running' || allEnded,
    pause: !hydrated || session !== 'running' || allEnded,
    step: blocked || session === 'running' || allEnded,
    continue: !hydrated || !continuable,
    reset: !hydrated || session === 'idle',
  };

  // A button that turns disabled while focused drops keyboard focus to the page: hand it to the
  // control that comes next (Pause after Start or Continue, Resume after Pause, Continue at the end of a run).
  useEffect(() => {
    const active = document.activeElement;
    const inGroup = group.current?.contains(active) ?? false;
    const dropped = inGroup ? (active as HTMLButtonElement).disabled : focusWasHere.current && (active === null || active === document.body);
    if (!dropped) return;
    const target = focusTarget(session, allEnded, disabled);
    if (target !== undefined) buttons.current[target]?.focus();
  });

  return (
    <>
      <LabControls settings={settings} onChange={setSettings} onFieldError={setFieldError} errors={fieldErrors} locked={!hydrated || session !== 'idle'} />
      <div
        className="lab-buttons"
        role="group"
        aria-label="Training"
        ref={group}
        onFocus={() => (focusWasHere.current = true)}
        onBlur={(event) => {
          // focus moved on to another control: not ours to restore; lost to the page (relatedTarget null): restore it
          if (event.relatedTarget !== null && !group.current?.contains(event.relatedTarget as Node)) focusWasHere.current = false;
        }}
      >
        <button type="button" className="primary" onClick={start} disabled={disabled.start} ref={(b) => void (buttons.current.start = b)} data-testid="lab-start">
          {session === 'paused' ? 'Resume' : 'Start'}
        </button>
        <button type="button" onClick={pause} disabled={disabled.pause} ref={(b) => void (buttons.current.pause = b)} data-testid="lab-pause">
          Pause
        </button>
        <button type="button" onClick={step} disabled={disabled.step} ref={(b) => void (buttons.current.step = b)} data-testid="lab-step">
          Step
        </button>
        <button type="button" onClick={continueRuns} disabled={disabled.continue} ref={(b) => void (buttons.current.continue = b)} data-testid="lab-continue">
          Continue
        </button>
        <button type="button" onClick={reset} disabled={disabled.reset} ref={(b) => void (buttons.current.reset = b)} data-testid="lab-reset">
          Reset
        </button>
        {earlier.length > 0 ? (
          <button type="button" onClick={() => setEarlier([])} data-testid="lab-clear-earlier">
            Clear earlier runs
          </button>
        ) : null}
        <span className="muted" aria-live="polite" data-testid="lab-session">
          {!hydrated
            ? ''
            : session === 'idle' && invalid.length > 0
              ? `Fix ${invalid.map((key) => NUMERIC_FIELDS[key].name.toLowerCase()).join(' and ')} to start.`
              : allEnded
                ? continuable
                  ? `Finished: Continue trains ${epochsText([started.current.epochs])} more from here; Reset to change the settings (this run stays on the charts, faded).`
                  : 'Finished: Reset to change the settings (this run stays on the charts, faded).'
                : session === 'idle'
                  ? 'Press Start (or Step for one batch).'
                  : session === 'paused'
                    ? 'Paused.'
                    : 'Training…'}
        </span>
      </div>
      <BackendNote runs={runs} />
      {runs.length > 0 ? (
        <section aria-labelledby="lab-runs-heading">
          <h2 id="lab-runs-heading" className="visually-hidden">
            Runs
          </h2>
          <div className={`lab-runs lab-runs-${runs.length}`}>
            {runs.map((run) => {
              const record = records.find((r) => r.config.negative === (run.polarity === 'negative'));
              return <RunCard key={run.polarity} run={run} onDownload={record ? () => download(labRecord(started.current, run) ?? record) : undefined} />;
            })}
          </div>
        </section>
      ) : null}
      {runs.length > 0 || earlier.length > 0 ? <LabCharts records={records} testCount={testCount} earlier={earlier} /> : null}
    </>
  );
}
