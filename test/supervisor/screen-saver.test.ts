import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Snapshot } from '../../src/core/constants.js';
import { Emitter } from '../../src/core/event.js';
import type { Screen } from '../../src/terminal/types.js';
import { ScreenSaver } from '../../src/supervisor/screen-saver.js';

/** A screen whose output the test drives; a snapshot holds the seq it started at and takes `snapshotMs` (fake time). */
function fakeScreen(snapshotMs = 0) {
  const output = new Emitter<{ seq: number; data: string }>();
  let seq = 0;
  /** Date.now() at which each seq was printed. */
  const printedAt: number[] = [0];
  const screen = {
    lastOutputAt: 0,
    onDidOutput: output.event,
    snapshot: async () => {
      const at = seq;
      if (snapshotMs > 0) await new Promise((r) => setTimeout(r, snapshotMs));
      return { cols: 80, rows: 24, seq: at, data: `s${at}` };
    },
  };
  return {
    screen: screen as unknown as Screen,
    printedAt,
    print() {
      seq++;
      printedAt[seq] = Date.now();
      screen.lastOutputAt = Date.now();
      output.fire({ seq, data: 'x' });
    },
    get seq() {
      return seq;
    },
  };
}

/**
 * Prints every `everyMs` for `forMs` and returns the worst lag seen: at each instant, how long ago the oldest output
 * not yet on disk was printed (what a `kill -9` at that instant would lose).
 */
async function worstLag(fake: ReturnType<typeof fakeScreen>, onDisk: () => number, everyMs: number, forMs: number, fromMs = 0): Promise<number> {
  let worst = 0;
  for (let t = 0; t < forMs; t += everyMs) {
    fake.print();
    await vi.advanceTimersByTimeAsync(everyMs);
    const oldestUnsaved = fake.printedAt[onDisk() + 1];
    if (oldestUnsaved !== undefined && t >= fromMs) worst = Math.max(worst, Date.now() - oldestUnsaved);
  }
  return worst;
}

describe('ScreenSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once output pauses, and leaves no timer when idle', async () => {
    const fake = fakeScreen();
    const saved: number[] = [];
    const saver = new ScreenSaver(fake.screen, 10_000, async (s) => void saved.push(s.seq));
    for (let i = 0; i < 3; i++) {
      fake.print();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_QUIET_MS);
    expect(saved).toEqual([3]);
    expect(vi.getTimerCount()).toBe(0);
    saver.dispose();
  });

  it('a program that never pauses is on disk at most SAVE_MAX_LAG_MS behind, at every instant', async () => {
    const fake = fakeScreen();
    let onDisk = 0;
    const saver = new ScreenSaver(fake.screen, 10_000, async (s) => void (onDisk = s.seq));
    // 100 lines/s for 10 s: never quiet for SAVE_QUIET_MS.
    const lag = await worstLag(fake, () => onDisk, 10, 10_000);
    expect(lag).toBeLessThanOrEqual(Snapshot.SAVE_MAX_LAG_MS + 10);
    // ...and not by saving all the time: about one save per SAVE_MAX_LAG_MS.
    expect(onDisk).toBeGreaterThan(800);
    saver.dispose();
  });

  it('the bound holds when a save is slow: the save starts early enough to finish in time', async () => {
    const snapshotMs = 300;
    const fake = fakeScreen(snapshotMs);
    let onDisk = 0;
    let saves = 0;
    const saver = new ScreenSaver(fake.screen, 10_000, async (s) => {
      await new Promise((r) => setTimeout(r, 50)); // the write
      onDisk = s.seq;
      saves++;
    });
    // Measured from the end of the first save: until one has run, its cost is unknown (a new agent's is tiny).
    const lag = await worstLag(fake, () => onDisk, 10, 10_000, Snapshot.SAVE_MAX_LAG_MS + snapshotMs + 50);
    // One slow save's slack: output held during a snapshot is counted from when it is parsed.
    expect(lag).toBeLessThanOrEqual(Snapshot.SAVE_MAX_LAG_MS + snapshotMs);
    // Never back to back: a save waits at least as long as the last one took.
    expect(saves).toBeLessThanOrEqual(10_000 / (2 * (snapshotMs + 50)) + 1);
    saver.dispose();
  });

  it('spaces pause-triggered saves by their cost, but never past the lag bound', async () => {
    const slowMs = 300;
    const fake = fakeScreen(slowMs);
    const saved: number[] = [];
    const saver = new ScreenSaver(fake.screen, 10_000, async (s) => void saved.push(s.seq));
    fake.print();
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_QUIET_MS + slowMs + 10);
    expect(saved).toHaveLength(1);
    fake.print();
    // Quiet, and past SAVE_INTERVAL_MS, but not SAVE_COST_FACTOR × 300 ms after the last save: not yet...
    await vi.advanceTimersByTimeAsync(Snapshot.SAVE_MAX_LAG_MS - slowMs - 10);
    expect(saved).toHaveLength(1);
    // ...but on disk within SAVE_MAX_LAG_MS of the output all the same.
    await vi.advanceTimersByTimeAsync(slowMs + 20);
    expect(saved).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
    saver.dispose();
  });
});
