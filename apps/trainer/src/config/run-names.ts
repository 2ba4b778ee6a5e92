import { polarityOf, resolveRunConfig, type RunConfig } from '@negmnist/core';

/** The config fields a grid can vary, in the order ids and labels list them. */
export const VARIABLE_FIELDS = ['negative', 'hidden', 'output', 'init', 'input', 'inputOffset', 'inputGain', 'lr', 'fc1LrScale', 'batchSize', 'layers', 'perturbation', 'maxSteps', 'sharpnessEvery'] as const;
/** A config field a grid can vary. */
export type VariableField = (typeof VARIABLE_FIELDS)[number];

function idPart(asked: RunConfig, field: VariableField): string {
  const config = resolveRunConfig(asked);
  switch (field) {
    case 'negative':
      return config.negative ? 'neg' : 'pos';
    case 'hidden':
      return config.hidden;
    case 'output':
      return `out-${config.output}`;
    case 'init':
      return `init-${config.init}`;
    case 'input':
      return `in-${config.input}`;
    case 'inputOffset':
      return `c${config.inputOffset}`;
    case 'inputGain':
      return `g${config.inputGain}`;
    case 'sharpnessEvery':
      return config.sharpnessEvery === undefined ? 'no-sharpness' : `sharp${config.sharpnessEvery}`;
    case 'lr':
      return `lr${config.lr}`;
    case 'fc1LrScale':
      return `fc1x${config.fc1LrScale}`;
    case 'perturbation':
      return `p${config.perturbation}`;
    case 'maxSteps':
      return config.maxSteps === undefined ? 'all-steps' : `steps${config.maxSteps}`;
    case 'batchSize':
      return `b${config.batchSize}`;
    case 'layers':
      return `l${config.layers.join('x')}`;
  }
}

function labelPart(asked: RunConfig, field: VariableField): string {
  const config = resolveRunConfig(asked);
  switch (field) {
    case 'negative':
      return polarityOf(config.negative);
    case 'hidden':
      return `${config.hidden} hidden`;
    case 'output':
      return `${config.output} output`;
    case 'init':
      return `${config.init} init`;
    case 'input':
      return `${config.input} inputs`;
    case 'inputOffset':
      return `offset ${config.inputOffset}`;
    case 'inputGain':
      return `input ×${config.inputGain}`;
    case 'sharpnessEvery':
      return config.sharpnessEvery === undefined ? 'no sharpness' : `sharpness every ${config.sharpnessEvery}`;
    case 'lr':
      return `lr ${config.lr}`;
    case 'fc1LrScale':
      return `fc1 lr ×${config.fc1LrScale}`;
    case 'perturbation':
      return `perturbation ${config.perturbation}`;
    case 'maxSteps':
      return config.maxSteps === undefined ? 'all steps' : `${config.maxSteps} steps`;
    case 'batchSize':
      return `batch ${config.batchSize}`;
    case 'layers':
      return config.layers.join('-');
  }
}

function ordered(fields: readonly string[]): VariableField[] {
  return VARIABLE_FIELDS.filter((f) => fields.includes(f));
}

/** Run id from the varied fields and the seed, e.g. `neg-sigmoid-s3`, `pos-relu-out-relu-c0.25-lr0.03-s0`. */
export function runIdFor(config: RunConfig, varied: readonly string[]): string {
  return [...ordered(varied).map((f) => idPart(config, f)), `s${config.seed}`].join('-');
}

/** Human label shared by all seeds of a configuration, e.g. `negative · sigmoid hidden`. */
export function labelFor(config: RunConfig, varied: readonly string[]): string {
  const fields = ordered(varied);
  return fields.length === 0 ? 'base' : fields.map((f) => labelPart(config, f)).join(' · ');
}
