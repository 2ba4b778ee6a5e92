import { describe, expect, it } from 'vitest';
import { INTERVENTION_FLAGS, MODEL_FLAGS, TRAINING_FLAGS } from '../cli/args';
import { option, parseCommand, readPositiveInt } from '../cli/flag-table';
import { runOverrides } from './run-overrides';

const TRAIN = { ...TRAINING_FLAGS, ...MODEL_FLAGS, ...INTERVENTION_FLAGS };

describe('runOverrides', () => {
  it('sets the config fields of the flags given, and nothing else', () => {
    const { values } = parseCommand('t', ['--lr', '0.05', '--layers', '784,32,10', '--batch', '16', '--hidden', 'sigmoid', '--input', 'centred', '--input-offset=-0.5', '--max-steps', '9', '--out', 'r'], TRAIN, 0);
    expect(runOverrides(values, TRAIN)).toEqual({ lr: 0.05, layers: [784, 32, 10], batchSize: 16, hidden: 'sigmoid', input: 'centred', inputOffset: -0.5, maxSteps: 9 });
    expect(runOverrides(parseCommand('t', [], TRAIN, 0).values, TRAIN)).toEqual({});
  });

  it('sets negative only when --negative is given, and evalFinal with --eval-schedule', () => {
    expect(runOverrides(parseCommand('t', ['--negative'], TRAIN, 0).values, TRAIN)).toEqual({ negative: true });
    expect(runOverrides(parseCommand('t', ['--eval-schedule', 'global'], TRAIN, 0).values, TRAIN)).toEqual({ evalSchedule: 'global', evalFinal: true });
    expect(runOverrides(parseCommand('t', ['--eval-schedule', 'per-epoch'], TRAIN, 0).values, TRAIN)).toEqual({ evalSchedule: 'per-epoch', evalFinal: false });
  });

  it("leaves a command's own flag of the same name alone", () => {
    // explain's --sharpness-every spaces its sharpness runs; it sets no run's config
    const table = { ...TRAINING_FLAGS, 'sharpness-every': option(readPositiveInt, { placeholder: '<n>', description: 'steps between measurements', default: 50 }) };
    expect(runOverrides(parseCommand('explain', ['--sharpness-every', '10', '--epochs', '2'], table, 0).values, table)).toEqual({ epochs: 2 });
  });
});
