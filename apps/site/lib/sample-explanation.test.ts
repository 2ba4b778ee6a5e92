import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExplanationText } from '@negmnist/results';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');

describe('the sample explanation the front page shows', () => {
  it('is the committed explanation of experiments/explain, byte for byte, and parses', () => {
    const site = read('../sample-results/explanation/explanation.json');
    const experiment = read('../../../experiments/explain/explanation/explanation.json');
    expect(site === experiment, 'apps/site/sample-results/explanation/explanation.json differs from experiments/explain/explanation/explanation.json: copy it again').toBe(true);
    expect(parseExplanationText(site, 'explanation.json').kind).toBe('explanation');
  });
});
