import type { TrainEngine } from '../engine';
import { train as trainOn } from '../train';

let engine: TrainEngine | undefined;

/** Runs the reference tests (train, ensemble, hooks, resume) on another engine; undefined = the default, tfjs. */
export function useEngine(next: TrainEngine | undefined): void {
  engine = next;
}

/** {@link trainOn} on the engine under test: what the reference tests call. */
export const train: typeof trainOn = (model, data, options = {}) => trainOn(model, data, engine === undefined ? options : { engine, ...options });
