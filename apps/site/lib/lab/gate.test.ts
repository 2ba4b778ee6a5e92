import { describe, expect, test } from 'vitest';
import { Gate } from './gate';

/** Runs `steps` steps through the gate; resolves with how many passed before it blocks (a macrotask later). */
async function passes(gate: Gate, steps: number): Promise<{ done: number; finished: Promise<void> }> {
  const state = { done: 0 };
  const finished = (async () => {
    for (let i = 0; i < steps; i++) {
      await gate.pass();
      state.done += 1;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { done: state.done, finished };
}

describe('Gate', () => {
  test('a running gate lets every step through', async () => {
    expect((await passes(new Gate(false), 5)).done).toBe(5);
  });

  test('a paused gate blocks until a step credit, one step per credit', async () => {
    const gate = new Gate(true);
    const state = { done: 0 };
    void (async () => {
      for (let i = 0; i < 100; i++) {
        await gate.pass();
        state.done += 1;
      }
    })();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    expect(state.done).toBe(0);
    gate.step(1);
    await tick();
    expect(state.done).toBe(1);
    gate.step(3);
    await tick();
    expect(state.done).toBe(4);
    expect(gate.isPaused).toBe(true);
    gate.resume();
    await tick();
    expect(state.done).toBe(100);
  });

  test('step credits given before the loop waits are kept', async () => {
    const gate = new Gate(true);
    gate.step(2);
    expect((await passes(gate, 5)).done).toBe(2);
  });
});
