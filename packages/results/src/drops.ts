import type { Evaluation } from './schema';

/**
 * The drop rule, said once for the whole project. A drop is a fall of the validation correct count between two
 * consecutive evaluations by more than one twentieth (5%) of the validation images, compared in integers:
 * `DROP_SHARE_DENOMINATOR * (previous - next) > count`. With the 10,000 MNIST test images: more than 500
 * images ("5 points"); exactly 500 is not a drop. Every count of drops (records, the CLI, the site, the
 * reproduction scripts) uses {@link countDrops}; the Python reproduction (experiments/reproduce/seed_torch.py)
 * states the same rule on its own integer counts.
 *
 * Records of schema version 1 store no counts, only float32 accuracies: they are compared as
 * `DROP_SHARE_DENOMINATOR * (previous - next) > 1 + LEGACY_TOLERANCE`, which float32 rounding cannot tip
 * and which gives the integer rule's answer for validation sets of up to 100,000 images.
 */
export const DROP_SHARE_DENOMINATOR = 20;

/** Margin of the version-1 comparison: above float32 rounding of two accuracies (~2e-6 after x20), below 20/100,000. */
const LEGACY_TOLERANCE = 1e-5;

/** Correct predictions out of `count` validation images. */
export interface CorrectCount {
  correct: number;
  count: number;
}

/** An evaluation's validation correct count; a version-1 evaluation (no counts) reads as its accuracy out of 1. */
export function validationCorrect(evaluation: Pick<Evaluation, 'valAccuracy' | 'valCorrect' | 'valCount'>): CorrectCount {
  const { valCorrect, valCount } = evaluation;
  return valCorrect === undefined || valCount === undefined ? { correct: evaluation.valAccuracy, count: 1 } : { correct: valCorrect, count: valCount };
}

/**
 * Whether going from `previous` to `next` is a drop (see {@link DROP_SHARE_DENOMINATOR}); both must count the same
 * images. `share` asks for another drop size (e.g. 0.03 or 0.1, for a sensitivity check): it is compared in whole
 * millionths, so integer counts stay exact (the default is `20 * fall > count` exactly).
 */
export function isAccuracyDrop(previous: CorrectCount, next: CorrectCount, share = 1 / DROP_SHARE_DENOMINATOR): boolean {
  if (previous.count !== next.count) {
    throw new RangeError(`isAccuracyDrop: expected counts of the same validation set, received ${previous.count} and ${next.count} images`);
  }
  if (!(share > 0 && share <= 1)) throw new RangeError(`isAccuracyDrop share: expected a number in (0, 1], received ${share}`);
  const limit = Math.round(share * 1e6);
  const fall = 1e6 * (previous.correct - next.correct);
  return Number.isInteger(previous.correct) && Number.isInteger(next.correct) ? fall > limit * next.count : fall > limit * (next.count + LEGACY_TOLERANCE);
}

/** Number of drops between consecutive evaluations (see {@link DROP_SHARE_DENOMINATOR}; `share` as {@link isAccuracyDrop}'s). */
export function countDrops(evaluations: readonly Pick<Evaluation, 'valAccuracy' | 'valCorrect' | 'valCount'>[], share?: number): number {
  let drops = 0;
  for (let i = 1; i < evaluations.length; i += 1) {
    if (isAccuracyDrop(validationCorrect(evaluations[i - 1]!), validationCorrect(evaluations[i]!), share)) drops += 1;
  }
  return drops;
}
