import type { EvaluationPlan } from '@negmnist/core';

// The schedules are named in the results schema (`evalSchedules`): `per-epoch` is the seed program's,
// which counts batches from 0 in every epoch and evaluates after batch `i` when `i % every == every - 1`
// (every 100: batches 100..900 of a 938-batch epoch, 9 per epoch); `global` counts steps over the run.

/** Whether 1-based `step` is an evaluation point of `plan` in a run of `totalSteps` with `stepsPerEpoch`. */
export function isEvaluationStep(step: number, stepsPerEpoch: number, totalSteps: number, plan: EvaluationPlan): boolean {
  if (plan.final && step === totalSteps) return true;
  const counted = plan.schedule === 'global' ? step : ((step - 1) % stepsPerEpoch) + 1;
  return counted % plan.every === 0;
}

/** Every evaluation step of a run, ascending. */
export function evaluationSteps(stepsPerEpoch: number, epochs: number, plan: EvaluationPlan): number[] {
  const total = stepsPerEpoch * epochs;
  const steps: number[] = [];
  for (let step = 1; step <= total; step++) if (isEvaluationStep(step, stepsPerEpoch, total, plan)) steps.push(step);
  return steps;
}
