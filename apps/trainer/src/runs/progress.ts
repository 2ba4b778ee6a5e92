import type { Evaluation, RunRecord } from '@negmnist/results';
import { bestAccuracy, finalAccuracy } from '@negmnist/results/aggregate';
import { bar, cut, fit, formatDuration, formatPercent } from '../format';

/** How progress is shown: bars on a terminal, one line per evaluation, nothing, or JSON lines. */
export type ProgressMode = 'tty' | 'lines' | 'quiet' | 'json';

/** Receives training events and shows them. */
export interface Reporter {
  /** How many runs this session will train, so the overall bar covers runs not started yet. */
  plan(runs: number): void;
  /** Free text (backend chosen, runs skipped, how to resume). */
  note(text: string, data?: Record<string, unknown>): void;
  runStart(id: string, totalSteps: number, step: number): void;
  /** After each training step. */
  progress(id: string, step: number): void;
  evaluation(id: string, evaluation: Evaluation, totalSteps: number): void;
  runEnd(record: RunRecord): void;
  /** Ends the display (clears bars). */
  close(): void;
}

/** Where a reporter writes, and its clock (injected in tests). */
export interface ReporterOptions {
  mode: ProgressMode;
  out: { write(text: string): unknown; columns?: number };
  /** Milliseconds clock. Default `performance.now`. */
  now?: () => number;
}

interface Active {
  step: number;
  total: number;
  startStep: number;
  valAccuracy?: number;
}

/** The mode for this process: `--json`/`--quiet` win, else bars on a TTY, else lines. */
export function pickMode(values: { json?: boolean; quiet?: boolean }, isTTY: boolean): ProgressMode {
  if (values.json === true) return 'json';
  if (values.quiet === true) return 'quiet';
  return isTTY ? 'tty' : 'lines';
}

function evalLine(id: string, e: Evaluation, totalSteps: number): string {
  const dead = e.layers[0]?.deadFraction;
  const loss = e.trainLoss === null ? 'NaN' : e.trainLoss.toFixed(4);
  return `${id}  step ${e.step}/${totalSteps}  epoch ${e.epoch.toFixed(2)}  train loss ${loss}  val acc ${formatPercent(e.valAccuracy)}${dead === null || dead === undefined ? '' : `  fc1 dead ${formatPercent(dead, 1)}`}`;
}

function endLine(record: RunRecord): string {
  return `${record.status === 'done' ? '✓' : record.status === 'diverged' ? '✗' : '…'} ${record.id} ${record.status}  best ${formatPercent(bestAccuracy(record))}  final ${formatPercent(finalAccuracy(record))}  ${formatDuration(record.wallTimeMs)}`;
}

/** Creates the reporter for a mode. */
export function createReporter(options: ReporterOptions): Reporter {
  const { mode, out } = options;
  const now = options.now ?? (() => performance.now());
  const json = (event: string, data: Record<string, unknown>) => out.write(`${JSON.stringify({ event, ...data })}\n`);
  const active = new Map<string, Active>();
  let started: number | undefined;
  let drawn = 0;
  let lastDraw = -Infinity;
  let knownTotal = 0;
  let doneBefore = 0;
  let freshBefore = 0;
  let planned = 0;
  let startedRuns = 0;

  const clear = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = (force = false) => {
    if (mode !== 'tty' || active.size === 0 || (!force && now() - lastDraw < 100)) return;
    lastDraw = now();
    const width = Math.max(40, out.columns || 100) - 1;
    const name = Math.min(24, Math.max(7, ...[...active.keys()].map((id) => id.length)));
    const lines = [...active.entries()].map(([id, a]) =>
      cut(`${fit(id, name)} ${bar(a.step / a.total, 20)} ${formatPercent(a.step / a.total, 0).padStart(4)}  ${a.step}/${a.total}  val ${formatPercent(a.valAccuracy)}`, width),
    );
    // Runs not started yet are assumed as long as the average started one.
    const total = startedRuns === 0 ? 0 : Math.round(knownTotal + (Math.max(planned, startedRuns) - startedRuns) * (knownTotal / startedRuns));
    const done = [...active.values()].reduce((s, a) => s + a.step, doneBefore);
    const fresh = [...active.values()].reduce((s, a) => s + a.step - a.startStep, freshBefore);
    const seconds = (now() - (started ?? now())) / 1000;
    const rate = seconds > 0 ? fresh / seconds : 0;
    const eta = rate > 0 ? formatDuration(((total - done) / rate) * 1000) : '?';
    const fraction = total > 0 ? done / total : 0;
    lines.push(cut(`${fit('overall', name)} ${bar(fraction, 20)} ${formatPercent(fraction, 0).padStart(4)}  ETA ${eta}  ${rate.toFixed(1)} steps/s  ${done}/${total} steps`, width));
    clear();
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const print = (line: string) => {
    if (mode === 'quiet' || mode === 'json') return;
    if (mode === 'tty') clear();
    out.write(`${line}\n`);
    draw(true);
  };

  return {
    plan(runs) {
      planned = runs;
    },
    note(text, data = {}) {
      if (mode === 'json') json('note', { text, ...data });
      else if (mode !== 'quiet') print(text);
    },
    runStart(id, totalSteps, step) {
      started ??= now();
      knownTotal += totalSteps;
      startedRuns += 1;
      active.set(id, { step, total: totalSteps, startStep: step });
      if (mode === 'json') json('runStart', { id, totalSteps, step });
      draw(true);
    },
    progress(id, step) {
      const run = active.get(id);
      if (run !== undefined) run.step = step;
      draw();
    },
    evaluation(id, evaluation, totalSteps) {
      const run = active.get(id);
      if (run !== undefined) run.valAccuracy = evaluation.valAccuracy;
      if (mode === 'json') json('evaluation', { id, totalSteps, ...evaluation });
      else if (mode === 'lines') out.write(`${evalLine(id, evaluation, totalSteps)}\n`);
      else draw();
    },
    runEnd(record) {
      const run = active.get(record.id);
      if (run !== undefined) {
        doneBefore += run.step;
        freshBefore += run.step - run.startStep;
      }
      active.delete(record.id);
      if (mode === 'json') json('runEnd', { id: record.id, status: record.status, step: record.step, wallTimeMs: record.wallTimeMs });
      else print(endLine(record));
    },
    close() {
      if (mode === 'tty') clear();
    },
  };
}
