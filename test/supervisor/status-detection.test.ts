import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Status } from '../../src/core/constants.js';
import { Emitter } from '../../src/core/event.js';
import type { DetectInput, ScreenState } from '../../src/core/adapter.js';
import type { Screen } from '../../src/terminal/types.js';
import { StatusDetection } from '../../src/supervisor/status-detection.js';

function fakeScreen() {
  const output = new Emitter<{ seq: number; data: string }>();
  const screen = { lastOutputAt: 0, onDidOutput: output.event, view: () => ({}) };
  return {
    screen: screen as unknown as Screen,
    print() {
      screen.lastOutputAt = Date.now();
      output.fire({ seq: 1, data: 'x' });
    },
  };
}

describe('StatusDetection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the detector once output settles and again after the quiet period, not per chunk; no timer left when idle', async () => {
    const { screen, print } = fakeScreen();
    const calls: number[] = [];
    const detector = { detect: (input: DetectInput): ScreenState => (calls.push(input.quietMs), 'idle') };
    const d = new StatusDetection(screen, detector, () => false, () => {});
    for (let i = 0; i < 100; i++) {
      print();
      vi.advanceTimersByTime(10);
    }
    expect(calls).toEqual([]);
    expect(vi.getTimerCount()).toBe(2); // the two checks, not two per chunk
    vi.advanceTimersByTime(Status.DETECT_DEBOUNCE_MS);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeGreaterThanOrEqual(Status.DETECT_DEBOUNCE_MS);
    vi.advanceTimersByTime(Status.QUIET_IDLE_MS);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toBeGreaterThanOrEqual(Status.QUIET_IDLE_MS);
    expect(vi.getTimerCount()).toBe(0);
    d.dispose();
  });
});
