import { hiddenActivations, inputScalings, SEED_CONFIG } from '@negmnist/core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../backends/table';
import { BENCH_FLAGS, BENCH_HELP } from '../commands/bench';
import { EXPLAIN_FLAGS, EXPLAIN_HELP } from '../commands/explain';
import { K8S_FLAGS, K8S_HELP } from '../commands/k8s';
import { LS_FLAGS, LS_HELP } from '../commands/ls';
import { SLURM_FLAGS, SLURM_HELP } from '../commands/slurm';
import { TRAIN_FLAGS, TRAIN_HELP } from '../commands/train';
import type { CommandHelp, FlagTable } from './flag-table';
import { GRID_FLAG_TABLE, GRID_HELP } from './grid-flags';
import { helpText, wrap } from './help';

const COMMANDS: Array<[string, CommandHelp, FlagTable]> = [
  ['train', TRAIN_HELP, TRAIN_FLAGS],
  ['grid', GRID_HELP, GRID_FLAG_TABLE],
  ['explain', EXPLAIN_HELP, EXPLAIN_FLAGS],
  ['ls', LS_HELP, LS_FLAGS],
  ['slurm', SLURM_HELP, SLURM_FLAGS],
  ['k8s', K8S_HELP, K8S_FLAGS],
  ['bench', BENCH_HELP, BENCH_FLAGS],
];

describe('help from the flag tables', () => {
  it.each(COMMANDS)('%s --help names every flag its table parses', (_, help, table) => {
    const text = helpText(help, table);
    for (const flag of [...Object.keys(table), 'help']) expect(text).toMatch(new RegExp(`--${flag}\\b`));
  });

  it('lists choices from the vocabulary and defaults from the seed program and the backend table', () => {
    const text = helpText(TRAIN_HELP, TRAIN_FLAGS).replace(/\s+/g, ' ');
    expect(text).toContain(`--hidden <fn> hidden activation: ${hiddenActivations.join(' | ')} (default ${SEED_CONFIG.hidden})`);
    for (const scaling of inputScalings) expect(text).toContain(scaling);
    expect(text).toContain(`--lr <number> SGD learning rate (default ${SEED_CONFIG.lr})`);
    expect(text).toContain(`(default ${SEED_CONFIG.layers.join(',')})`);
    for (const backend of BACKENDS) expect(text).toContain(backend.id);
  });

  it('wraps descriptions at the column, words whole', () => {
    expect(wrap('one two three four', '  ', '> ', 10)).toEqual(['> one two', '  three', '  four']);
  });
});
