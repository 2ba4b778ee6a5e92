import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explanationSchema } from './explanation';
import { parseExplanation, parseExplanationText } from './explanation-parse';

const exampleText = readFileSync(new URL('./explanation.example.json', import.meta.url), 'utf8');

describe('explanation record', () => {
  it('accepts the committed example', () => {
    const record = parseExplanationText(exampleText, 'explanation.example.json');
    expect(record.kind).toBe('explanation');
    expect(explanationSchema.safeParse(record).success).toBe(true);
  });

  it('names the file and the first bad field of an invalid record', () => {
    const bad = JSON.parse(exampleText) as { effects: Array<{ interval: unknown }> };
    bad.effects[0]!.interval = [1];
    expect(() => parseExplanation(bad, 'x.json')).toThrow(/^x\.json: invalid explanation record at effects\[0\]\.interval/);
  });

  it('rejects another kind or version before the fields', () => {
    expect(() => parseExplanation({ kind: 'run' }, 'x.json')).toThrow('x.json: invalid explanation record at kind: expected "explanation", received "run"');
    expect(() => parseExplanation({ kind: 'explanation', version: 2 }, 'x.json')).toThrow('at version: expected 1, received 2');
    expect(() => parseExplanationText('{', 'x.json')).toThrow(/^x\.json: invalid explanation record at \(root\): expected JSON/);
  });
});
