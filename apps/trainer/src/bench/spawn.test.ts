import { describe, expect, it } from 'vitest';
import { lastJsonLine, runChild } from './spawn';

describe('lastJsonLine', () => {
  it('parses the last line when it is a JSON object, ignoring earlier output', () => {
    expect(lastJsonLine('loading...\n{"a":1}\n{"msPerStep":1.5}\n\n')).toEqual({ msPerStep: 1.5 });
  });

  it('rejects arrays, scalars, broken JSON and an object that is not last', () => {
    for (const text of ['[1,2]', '3', '{"a":', '{"a":1}\ndone', '']) expect(lastJsonLine(text)).toBeUndefined();
  });
});

describe('runChild', () => {
  it('returns the JSON line of a child and its wall time; env reaches the child', async () => {
    const outcome = await runChild(process.execPath, ['-e', 'console.log("noise"); console.log(JSON.stringify({ v: process.env.BENCH_TEST_VAR }))'], { env: { BENCH_TEST_VAR: 'x1' } });
    expect(outcome.json).toEqual({ v: 'x1' });
    expect(outcome.wallMs).toBeGreaterThan(0);
  });

  it('reports a failing child by its exit code and last stderr line', async () => {
    const outcome = await runChild(process.execPath, ['-e', 'console.error("first\\nboom"); process.exit(4)']);
    expect(outcome).toMatchObject({ error: 'exit 4: boom' });
  });

  it('kills a child over the time limit and says so', async () => {
    const outcome = await runChild(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 });
    expect(outcome.error).toBe('over the time limit (0.3 s)');
  });

  it('reports a command that cannot start', async () => {
    const outcome = await runChild('/nonexistent/python3', ['x.py']);
    expect(outcome.error).toMatch(/^\/nonexistent\/python3 could not run \(spawn \/nonexistent\/python3 ENOENT\)$/);
  });
});
