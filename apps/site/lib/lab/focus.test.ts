import { expect, test } from 'vitest';
import { focusTarget } from './focus';

const none = { start: false, pause: false, step: false, reset: false };

test('training: Pause; paused or idle: Start (Resume); every run ended: Reset', () => {
  expect(focusTarget('running', false, { ...none, start: true, step: true })).toBe('pause');
  expect(focusTarget('paused', false, { ...none, pause: true })).toBe('start');
  expect(focusTarget('idle', false, { ...none, pause: true, reset: true })).toBe('start');
  expect(focusTarget('paused', true, { start: true, pause: true, step: true, reset: false })).toBe('reset');
});

test('a disabled preference falls through to the first enabled button; none enabled: undefined', () => {
  expect(focusTarget('idle', false, { start: true, pause: true, step: false, reset: true })).toBe('step');
  expect(focusTarget('idle', false, { start: true, pause: true, step: true, reset: true })).toBeUndefined();
});
