import { describe, expect, it } from 'vitest';
import type { Evaluation, RunRecord } from '@negmnist/results';
import { createReporter, pickMode } from './progress';
import type { ProgressMode } from './progress';

function evaluation(step: number, valAccuracy: number): Evaluation {
  return {
    step, epoch: step / 10, trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.6, valAccuracy,
    layers: [{ name: 'fc1', deadFraction: 0.25, gradNorm: 1, weightNorm: 1, activationMean: 0, activationStd: 1 }],
    deadOutputFraction: 0, wallTimeMs: step,
  };
}

function record(id: string): RunRecord {
  return { id, status: 'done', wallTimeMs: 65_000, evaluations: [evaluation(10, 0.9), evaluation(20, 0.85)] } as RunRecord;
}

function session(mode: ProgressMode) {
  let text = '';
  let clock = 0;
  const reporter = createReporter({ mode, out: { write: (t: string) => (text += t), columns: 120 }, now: () => clock });
  reporter.plan(3);
  reporter.note('backend: cpu', { backend: 'cpu' });
  reporter.runStart('a', 20, 0);
  reporter.runStart('b', 20, 10);
  for (let step = 1; step <= 20; step++) {
    clock += 50;
    reporter.progress('a', step);
    if (step > 10) reporter.progress('b', step);
    if (step % 10 === 0) reporter.evaluation('a', evaluation(step, 0.9), 20);
  }
  reporter.runEnd(record('a'));
  reporter.close();
  return text;
}

describe('progress', () => {
  it('picks bars on a TTY, lines otherwise, and honours --json and --quiet', () => {
    expect(pickMode({}, true)).toBe('tty');
    expect(pickMode({}, false)).toBe('lines');
    expect(pickMode({ quiet: true }, true)).toBe('quiet');
    expect(pickMode({ json: true, quiet: true }, true)).toBe('json');
  });

  it('prints one line per evaluation when not on a TTY', () => {
    const lines = session('lines').trim().split('\n');
    expect(lines).toEqual([
      'backend: cpu',
      'a  step 10/20  epoch 1.00  train loss 0.5000  val acc 90.00%  fc1 dead 25.0%',
      'a  step 20/20  epoch 2.00  train loss 0.5000  val acc 90.00%  fc1 dead 25.0%',
      '✓ a done  best 90.00%  final 85.00%  1m05s',
    ]);
  });

  it('writes one JSON object per line', () => {
    const events = session('json').trim().split('\n').map((line) => JSON.parse(line) as { event: string });
    expect(events.map((e) => e.event)).toEqual(['note', 'runStart', 'runStart', 'evaluation', 'evaluation', 'runEnd']);
    expect(events[3]).toMatchObject({ id: 'a', step: 10, valAccuracy: 0.9, totalSteps: 20 });
  });

  it('prints nothing in quiet mode', () => {
    expect(session('quiet')).toBe('');
  });

  it('draws a bar per run and an overall bar (a third run planned, not started) with steps/s and ETA on a TTY', () => {
    const text = session('tty');
    expect(text).toMatch(/[\nJ]a +█+░* +\d+% {2}1\d\/20 {2}val 90\.00%\n/);
    expect(text).not.toContain('…');
    // Run b resumed at step 10: its earlier steps count as done but not towards steps/s.
    expect(text).toMatch(/[\nJ]b +█+░* +\d+% {2}1\d\/20 {2}val -\n/);
    expect(text).toMatch(/\noverall +█+░* +\d+% {2}ETA \d+\.\ds {2}\d+\.\d steps\/s {2}\d+\/60 steps\n/);
    expect(text).toMatch(/\noverall +█{3}░{17} +17% {2}ETA \? {2}0\.0 steps\/s {2}10\/60 steps\n/);
    // No frame line is wider than the terminal.
    expect(Math.max(...text.split('\n').flatMap((line) => line.split('\u001b[0J')).map((line) => line.length))).toBeLessThan(120);
    expect(text).toContain('\x1b[3A\x1b[0J');
    expect(text.endsWith('\x1b[0J')).toBe(true);
  });
});
