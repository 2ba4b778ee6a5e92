import { expect, test } from 'vitest';
import { focusTarget } from './focus';

const none = { start: false, pause: false, step: false, continue: false, reset: false };

test('training: Pause; paused or idle: Start (Resume); every run ended: Continue, else Reset', () => {
  expect(focusTarget('running', false, { ...none, start: true, step: true, continue: true })).toBe('pause');
  expect(focusTarget('paused', false, { ...none, pause: true, continue: true })).toBe('start');
  expect(focusTarget('idle', false, { ...none, pause: true, continue: true, reset: true })).toBe('start');
  expect(focusTarget('running', true, { ...none, start: true, pause: true, step: true })).toBe('continue');
  expect(focusTarget('paused', true, { start: true, pause: true, step: true, continue: false, reset: false })).toBe('continue');
  // no run can continue (diverged): Reset
  expect(focusTarget('paused', true, { start: true, pause: true, step: true, continue: true, reset: false })).toBe('reset');
});

test('a disabled preference falls through to the first enabled button; none enabled: undefined', () => {
  expect(focusTarget('idle', false, { start: true, pause: true, step: false, continue: true, reset: true })).toBe('step');
  expect(focusTarget('idle', false, { start: true, pause: true, step: true, continue: true, reset: true })).toBeUndefined();
});
