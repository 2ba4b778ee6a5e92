import type { RunConfig } from '@negmnist/core';

/** One way of forming the network's inputs from the digits: the run-config fields that make it. */
export interface InputForm {
  /** Stable id (records and the site refer to it), e.g. `negative`, `zero-mean-negative-norm`. */
  id: string;
  /** Short human name. */
  label: string;
  /** What it is and which rule it tests. */
  description: string;
  /** Run-config fields (polarity, offset, scaling, gain). */
  change: Pick<Partial<RunConfig>, 'negative' | 'inputOffset' | 'input' | 'inputGain'>;
}

/** Id of the control whose gain is set from the data (zero mean, E‖x‖² of negative images). */
export const NEGATIVE_NORM_FORM = 'zero-mean-negative-norm';

/**
 * The input forms of the critical-learning-rate sweep. `gain` is the factor that gives per-pixel centred
 * positive images the negative images' E‖x‖² (√(E‖x_neg‖² / tr Σ)); the explain command computes it from the
 * training images.
 */
export function sweepForms(gain: number): InputForm[] {
  return [
    { id: 'positive', label: 'positive', description: 'The digits as given (pixel / 255): the seed on MNIST.', change: { negative: false } },
    { id: 'negative', label: 'negative', description: 'Negative images 1 - x: the puzzle.', change: { negative: true } },
    { id: 'offset-0.5', label: 'positive + 0.5', description: 'Positive images plus 0.5 on every pixel: a larger mean, the same covariance.', change: { negative: false, inputOffset: 0.5 } },
    { id: 'offset-1', label: 'positive + 1', description: 'Positive images plus 1 on every pixel: a mean larger than negative images\', the same covariance.', change: { negative: false, inputOffset: 1 } },
    { id: 'centred', label: 'centred (one scalar)', description: 'Positive images minus their mean pixel value (one scalar): the per-pixel mean image is not zero.', change: { negative: false, input: 'centred' } },
    { id: 'standardised', label: 'standardised (one scalar)', description: 'Centred and divided by the pixel std (scalars): E‖x‖² = 784, more than negative images\', with a smaller mean.', change: { negative: false, input: 'standardised' } },
    { id: 'zero-mean', label: 'zero mean (per pixel)', description: 'Positive images minus the mean image: every input pixel has mean zero.', change: { negative: false, input: 'pixel-centred' } },
    {
      id: NEGATIVE_NORM_FORM,
      label: 'zero mean, negative-image E‖x‖²',
      description: 'Control (a): zero-mean inputs scaled up to the E‖x‖² of negative images: the norm without the mean.',
      change: { negative: false, input: 'pixel-centred', inputGain: gain },
    },
    {
      id: 'positive-negative-mean',
      label: 'positive digits, negative mean',
      description: 'Control (b): positive digits with the mean image of negative images (x - μ + (1 - μ)): the same mean and covariance as negative images, the digits\' polarity unchanged.',
      change: { negative: false, input: 'mean-swapped' },
    },
    {
      id: 'negative-positive-mean',
      label: 'negative digits, positive mean',
      description: 'The mirror control: negative digits with the mean image of positive images.',
      change: { negative: true, input: 'mean-swapped' },
    },
  ];
}
