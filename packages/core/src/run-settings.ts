import { RUN_CONFIG_DEFAULTS, resolveRunConfig, type RunConfig } from './run-config';
import type { EvalSchedule, HiddenActivation, Initializer, InputScaling, OutputActivation } from './vocabulary';

/** The network a run trains (options of @negmnist/models' `createMlp`). */
export interface ModelSettings {
  layerSizes: number[];
  hidden: HiddenActivation;
  output: OutputActivation;
  init: Initializer;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** How a run's images become inputs (options of @negmnist/data's `prepareInputs`). */
export interface InputSettings {
  negative: boolean;
  /** Constant added to every pixel after the polarity. */
  offset: number;
  input: InputScaling;
  /** Factor applied after the scaling. */
  gain: number;
}

/** One ensemble member's own settings (a member of @negmnist/train's `members` option). */
export interface MemberSettings {
  lr: number;
  negative: boolean;
  /** Data-order seed. */
  seed: number;
  fc1LrScale: number;
  perturbation: number;
}

/** Settings of the training loop shared by the members of one ensemble (options of @negmnist/train's `train`). */
export interface LoopSettings {
  batchSize: number;
  epochs: number;
  maxSteps?: number;
  evalEvery: number;
  evalSchedule: EvalSchedule;
  evalFinal: boolean;
  probeSize: number;
  meanDirection: boolean;
  sharpness?: { every: number };
}

/** A run config split into what each package takes, defaults filled (see {@link resolveRunConfig}). */
export interface RunSettings {
  model: ModelSettings;
  inputs: InputSettings;
  member: MemberSettings;
  loop: LoopSettings;
}

/** The one mapping from a run config to the options of the model, the inputs and the training loop. */
export function runSettings(config: RunConfig): RunSettings {
  const c = resolveRunConfig(config);
  return {
    model: { layerSizes: [...c.layers], hidden: c.hidden, output: c.output, init: c.init, seed: c.seed },
    inputs: inputSettings(c),
    member: { lr: c.lr, negative: c.negative, seed: c.seed, fc1LrScale: c.fc1LrScale, perturbation: c.perturbation },
    loop: {
      batchSize: c.batchSize,
      epochs: c.epochs,
      ...(c.maxSteps === undefined ? {} : { maxSteps: c.maxSteps }),
      evalEvery: c.evalEvery,
      evalSchedule: c.evalSchedule,
      evalFinal: c.evalFinal,
      probeSize: c.probeSize,
      meanDirection: c.meanDirectionProbe,
      ...(c.sharpnessEvery === undefined ? {} : { sharpness: { every: c.sharpnessEvery } }),
    },
  };
}

/** How a run's images become inputs: the input fields of its config, defaults filled. */
export function inputSettings(config: Pick<RunConfig, 'negative' | 'input' | 'inputOffset' | 'inputGain'>): InputSettings {
  const d = RUN_CONFIG_DEFAULTS;
  return { negative: config.negative, offset: config.inputOffset ?? d.inputOffset, input: config.input ?? d.input, gain: config.inputGain ?? d.inputGain };
}
