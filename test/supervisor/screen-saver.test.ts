import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Snapshot } from '../../src/core/constants.js';
import { Emitter } from '../../src/core/event.js';
import type { Screen } from '../../src/terminal/types.js';
import { ScreenSaver } from '../../src/supervisor/screen-saver.js';

/** A screen whose output the test drives; snapshots are instant. */
function fakeScreen() {
  const output = new Emitter<{ seq: number; data: string }>();
  let seq = 0;
  const screen = {
    lastOutputAt: 0,
    onDidOutput: output.event,
    snapshot: async () => ({ cols: 80, rows: 24, seq, data: `s${seq}` }),
  };
  return {
    screen: screen as unknown as Screen,
    print() {
      seq++;
      screen.lastOutputAt = Date.now();
      output.fire({ seq, data: 'x' });
    },
  };
}

describe('ScreenSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once output pauses, not while a flood goes on, and leaves no timer when idle', async () => {
    const { screen, print } = fakeScreen();
    const saved: number[] = [];
    const saver = new ScreenSaver(screen, 10_000, async (s) => void saved.push(s.seq));
    // Print every 50 ms for 10 s: never quiet for SAVE_QUIET_MS.
    for (let t = 0; t < 10_000; t += 50) {
      print();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_QUIET_MS + 10);
    expect(saved).toEqual([200]);
    expect(vi.getTimerCount()).toBe(0);
    saver.dispose();
  });

  it('a program that never pauses is still saved once per SAVE_MAX_DEFER_MS', async () => {
    const { screen, print } = fakeScreen();
    const saved: number[] = [];
    const saver = new ScreenSaver(screen, 10_000, async (s) => void saved.push(s.seq));
    for (let t = 0; t < Snapshot.SAVE_MAX_DEFER_MS + 1_000; t += 50) {
      print();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(saved).toHaveLength(1);
    saver.dispose();
  });

  it('spaces saves by their cost: a save that took long delays the next one', async () => {
    const { screen, print } = fakeScreen();
    const saved: number[] = [];
    const slowMs = 500;
    const saver = new ScreenSaver(screen, 10_000, async (s) => void saved.push(s.seq));
    const snap = screen.snapshot.bind(screen);
    screen.snapshot = async (o) => {
      await new Promise((r) => setTimeout(r, slowMs));
      return snap(o);
    };
    print();
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_QUIET_MS + slowMs + 10);
    expect(saved).toHaveLength(1);
    print();
    // The usual interval has passed, but not SAVE_COST_FACTOR × 500 ms.
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_INTERVAL_MS + slowMs + 10);
    expect(saved).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_COST_FACTOR * slowMs);
    expect(saved).toHaveLength(2);
    saver.dispose();
  });
});
