// The engine conformance suite of @negmnist/train/testing, on this engine: same tests, same expectations as on tfjs.
import { describeEngine } from '@negmnist/train/testing';
import { onnxEngine } from './engine';

describeEngine(onnxEngine());
