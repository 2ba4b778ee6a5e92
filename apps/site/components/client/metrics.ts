import type { LearningMetric } from '@negmnist/viz';

/** Metrics the curve switches offer, with their labels. */
export const CURVE_METRICS: readonly { value: LearningMetric; label: string }[] = [
  { value: 'valAccuracy', label: 'Validation accuracy' },
  { value: 'valLoss', label: 'Validation loss' },
  { value: 'trainAccuracy', label: 'Training accuracy' },
  { value: 'trainLoss', label: 'Training loss' },
];
