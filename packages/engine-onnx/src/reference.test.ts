// @negmnist/train's reference tests, run on this engine: same tests, same expectations as on tfjs.
import { onnxEngine } from './engine';
import { useEngine } from '../../train/src/testing/engine';

useEngine(onnxEngine());
await import('../../train/src/train.test');
await import('../../train/src/ensemble.test');
await import('../../train/src/hooks.test');
await import('../../train/src/resume.test');
await import('../../train/src/interventions.test');
await import('../../train/src/sharpness-reference.test');
