// The engine conformance suite of @negmnist/train/testing on this engine, on whatever adapter is here
// (lavapipe on a CPU): same tests, same expectations as on tfjs and ONNX Runtime.
import { describeEngine } from '@negmnist/train/testing';
import { afterAll, describe } from 'vitest';
import { webgpuEngine } from './engine';
import { webgpuSuite } from './test-gate';

const engine = webgpuEngine();
afterAll(() => engine.destroy());

describe.runIf(await webgpuSuite('engine-webgpu conformance'))('webgpu', () => describeEngine(engine));
