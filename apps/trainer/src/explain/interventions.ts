import type { Intervention } from '@negmnist/results';

/**
 * The interventions of `negmnist explain`: one change each to the seed configuration, ids stable across
 * versions (records and the site refer to them). The baseline changes nothing.
 */
export const INTERVENTIONS: readonly Intervention[] = [
  { id: 'baseline', label: 'seed configuration', description: 'The seed program unchanged: ReLU after every layer including the logits, PyTorch init, SGD lr 0.1.', change: {} },
  { id: 'no-output-activation', label: 'no output activation', description: 'Logits without the ReLU, so an all-negative output no longer has zero gradient.', change: { output: 'none' } },
  { id: 'sigmoid-all', label: 'sigmoid on every layer', description: 'Sigmoid after every layer including the output: the literal reading of "a model with the sigmoid activation function".', change: { hidden: 'sigmoid', output: 'sigmoid' } },
  { id: 'sigmoid-hidden', label: 'sigmoid hidden, ReLU output', description: 'Sigmoid hidden layers with the ReLU on the logits kept.', change: { hidden: 'sigmoid' } },
  { id: 'centred', label: 'centred inputs', description: 'Pixels minus the training mean: both polarities then have mean-zero inputs.', change: { input: 'centred' } },
  { id: 'standardised', label: 'standardised inputs', description: 'Pixels minus the training mean, divided by the training standard deviation.', change: { input: 'standardised' } },
  { id: 'lr-0.01', label: 'learning rate 0.01', description: 'A ten times smaller learning rate for every layer.', change: { lr: 0.01 } },
  { id: 'fc1-lr-tenth', label: 'first layer (fc1) at lr/10', description: 'Only the first layer (the one that sees the input scale) learns ten times slower.', change: { fc1LrScale: 0.1 } },
  { id: 'he-init', label: 'He init', description: 'He uniform initialisation (U(±√(6/fan_in)), zero bias) instead of PyTorch\'s U(±1/√fan_in).', change: { init: 'he' } },
  { id: 'leaky-relu', label: 'leaky ReLU hidden', description: 'Leaky ReLU hidden layers: a unit below zero still has a gradient.', change: { hidden: 'leakyRelu' } },
];

/** Ids of {@link INTERVENTIONS}, in order. */
export const INTERVENTION_IDS = INTERVENTIONS.map((i) => i.id);
