import type { Evaluation, MeanDirectionSummary, RunRecord, Sharpness, SharpnessSeries } from '@negmnist/results';
import { isAccuracyDrop, validationCorrect } from '@negmnist/results';
import { metricValue } from '@negmnist/results/aggregate';
import { recordsOf } from './evidence';
import type { ExplainPlan, SharpnessRunSettings } from './runs';

type Records = ReadonlyMap<string, RunRecord>;

/** A rise of fc1's dead fraction by at least this much between consecutive evaluations is a jump. */
export const DEAD_JUMP = 0.05;

/** How the sharpness was measured, in words (the record states it). */
export const SHARPNESS_METHOD =
  'λmax of the training-loss Hessian on 2,048 training images spread evenly over the set (the same images in every run), by power iteration (at most 50 iterations, stopping at a relative change below 1e-3) on Hessian-vector products taken as central differences (ε = 1e-3) of the training engine\'s own float32 gradient with the ReLU pattern frozen at the current weights (the Hessian double backward computes); on ONNX Runtime this matches PyTorch\'s double-backward λmax to 1e-5 relative (experiments/reproduce/sharpness)';

const fc1Dead = (r: RunRecord, i: number): number | null => {
  const e = r.evaluations[i];
  return e === undefined ? null : metricValue(e, 'deadFraction', 'fc1');
};

/** First evaluated step with a drop (the project's rule), or null. */
export function firstDropStep(record: RunRecord): number | null {
  for (let i = 1; i < record.evaluations.length; i++) {
    const [before, after] = [record.evaluations[i - 1], record.evaluations[i]] as [Evaluation, Evaluation];
    if (isAccuracyDrop(validationCorrect(before), validationCorrect(after))) return after.step;
  }
  return null;
}

/** First evaluated step at which fc1's dead fraction rose by at least {@link DEAD_JUMP} since the previous evaluation, or null. */
export function deadJumpStep(record: RunRecord): number | null {
  for (let i = 1; i < record.evaluations.length; i++) {
    const [a, b] = [fc1Dead(record, i - 1), fc1Dead(record, i)];
    if (a !== null && b !== null && b - a >= DEAD_JUMP) return (record.evaluations[i] as { step: number }).step;
  }
  return null;
}

/** One form's sharpness runs as lr x λmax over the steps, with the steps at which each seed reached the edge, dropped and lost units. */
export function sharpnessSeries(form: string, runs: readonly RunRecord[]): SharpnessSeries {
  const lr = runs[0]?.config.lr ?? 0;
  const steps = [...new Set(runs.flatMap((r) => (r.sharpness ?? []).map((p) => p.step)))].sort((a, b) => a - b);
  const points = steps.flatMap((step) => {
    const values = runs.map((r) => r.sharpness?.find((p) => p.step === step)?.lambdaMax).filter((v): v is number => typeof v === 'number').map((v) => lr * v);
    return values.length === 0 ? [] : [{ step, mean: values.reduce((s, v) => s + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values), count: values.length }];
  });
  return {
    form,
    lr,
    runIds: runs.map((r) => r.id),
    points,
    edgeSteps: runs.map((r) => (r.sharpness ?? []).find((p) => p.lambdaMax !== null && r.config.lr * p.lambdaMax >= 2)?.step ?? null),
    firstDropSteps: runs.map(firstDropStep),
    deadJumpSteps: runs.map(deadJumpStep),
    deadFirst: runs.map((r) => fc1Dead(r, 0)),
    deadLast: runs.map((r) => fc1Dead(r, r.evaluations.length - 1)),
  };
}

/** The sharpness section: one series per form of the sweep. */
export function sharpnessOf(plan: ExplainPlan, settings: SharpnessRunSettings, records: Records): Sharpness {
  return {
    steps: settings.steps,
    every: settings.every,
    seeds: settings.seeds,
    method: SHARPNESS_METHOD,
    series: plan.sharpness.map(({ form, runIds }) => sharpnessSeries(form, recordsOf(runIds, records))),
  };
}

/** fc1's update against the mean input direction, per mechanism form: means over every step and seed. */
export function meanDirectionOf(plan: ExplainPlan, records: Records, meanNorms: ReadonlyMap<string, number>): MeanDirectionSummary[] {
  return plan.mechanism.map(({ form, runIds }) => {
    const probes = recordsOf(runIds, records).flatMap((r) => r.evaluations.map((e) => e.meanDirection).filter((p) => p !== undefined));
    const mean = (xs: ReadonlyArray<number | null>): number | null => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length === 0 ? null : v.reduce((s, x) => s + x, 0) / v.length;
    };
    return { form, runIds, meanNorm: meanNorms.get(form) ?? 0, cosine: mean(probes.map((p) => p.cosine)), signFlipShare: mean(probes.map((p) => p.signFlipShare)), steps: probes.length };
  });
}
