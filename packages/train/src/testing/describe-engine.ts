import type { TrainEngine } from '@negmnist/core';
import { describe } from 'vitest';
import { ensembleTests } from './reference/ensemble';
import { hookTests } from './reference/hooks';
import { interventionTests } from './reference/interventions';
import { resumeTests } from './reference/resume';
import { sharpnessTests } from './reference/sharpness-reference';
import { trainTests } from './reference/train';

/**
 * The engine conformance suite: registers (in vitest) the training loop's reference tests on `engine`, the
 * same tests and expectations for every engine: PyTorch SGD step for step against a hand-written float64
 * step, ensembles equal to their members trained alone, hooks and their records, interrupt and resume
 * (bit for bit), the interventions (fc1 lr scale, perturbation, input scalings) and the sharpness probe
 * against an independent float64 Hessian. An engine package runs it in one test file:
 * `describeEngine(myEngine)`. The models are built with @negmnist/models (TensorFlow.js variables on its
 * active backend hold the start and the end weights only; the engine trains).
 */
export function describeEngine(engine: TrainEngine): void {
  describe(`engine conformance: ${engine.name}`, () => {
    describe('train', () => trainTests(engine));
    describe('ensembles', () => ensembleTests(engine));
    describe('hooks', () => hookTests(engine));
    describe('resume', () => resumeTests(engine));
    describe('interventions', () => interventionTests(engine));
    describe('sharpness', () => sharpnessTests(engine));
  });
}
