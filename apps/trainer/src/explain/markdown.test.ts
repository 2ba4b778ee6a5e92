import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseExplanationText } from '@negmnist/results';
import { syntheticExplanation } from '@negmnist/results/testing';
import { describe, expect, it } from 'vitest';
import { explanationMarkdown, MARKDOWN_END, MARKDOWN_START, replaceMarkdownSection } from './markdown';

describe('explanationMarkdown', () => {
  it('quotes every sentence of the record verbatim between the markers', () => {
    const explanation = syntheticExplanation({ seed: 3, sweep: true });
    const text = explanationMarkdown(explanation, { recordPath: 'x/explanation.json' });
    expect(text.startsWith(MARKDOWN_START)).toBe(true);
    expect(text.trimEnd().endsWith(MARKDOWN_END)).toBe(true);
    for (const s of explanation.sentences.filter((x) => ['answer', 'sweep', 'sharpness', 'mechanism', 'chaos'].includes(x.topic))) expect(text).toContain(`- ${s.text}`);
    for (const f of explanation.sweep?.forms ?? []) expect(text).toContain(`| ${f.label} |`);
  });
});

describe('replaceMarkdownSection', () => {
  it('replaces what is between the markers and nothing else', () => {
    const before = `# t\n\nintro\n\n${MARKDOWN_START}\nold\n${MARKDOWN_END}\n\nafter\n`;
    expect(replaceMarkdownSection(before, `${MARKDOWN_START}\nnew\n${MARKDOWN_END}\n`)).toBe(`# t\n\nintro\n\n${MARKDOWN_START}\nnew\n${MARKDOWN_END}\n\nafter\n`);
    expect(() => replaceMarkdownSection('no markers', 'x')).toThrow(/expected the markers/);
  });
});

describe('the README', () => {
  it('shows the committed explanation record, generated, not typed', async () => {
    const root = new URL('../../../../', import.meta.url);
    const file = fileURLToPath(new URL('experiments/explain/explanation/explanation.json', root));
    const explanation = parseExplanationText(await readFile(file, 'utf8'), file);
    const readme = await readFile(new URL('README.md', root), 'utf8');
    expect(readme).toContain(explanationMarkdown(explanation, { recordPath: 'experiments/explain/explanation/explanation.json' }));
  });
  it('of experiments/explain shows the committed 20-epoch record', async () => {
    const dir = new URL('../../../../experiments/explain/', import.meta.url);
    const file = fileURLToPath(new URL('explanation-20/explanation.json', dir));
    const explanation = parseExplanationText(await readFile(file, 'utf8'), file);
    expect(await readFile(new URL('README.md', dir), 'utf8')).toContain(explanationMarkdown(explanation, { recordPath: 'explanation-20/explanation.json' }));
  });
});
