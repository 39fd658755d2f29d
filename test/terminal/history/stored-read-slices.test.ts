/**
 * A snapshot or an ANSI export of a deep history reads the store a slice at a time, a turn between slices: 9 000
 * stored rows read in one go held the daemon's loop 18–26 ms beside a 10k-line subscribe (bench/snapshot.mjs). The
 * rows come out whole and in order all the same.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { Snapshot } from '../../../src/core/constants.js';
import { HistoryStore } from '../../../src/terminal/history/history-store.js';
import { HeadlessScreen } from '../../../src/terminal/headless-screen.js';

afterEach(() => vi.restoreAllMocks());

function write(s: HeadlessScreen, data: string): Promise<void> {
  return new Promise((resolve) => s.write(data, resolve));
}

it('reads at most STORED_READ_SLICE_ROWS stored rows per call, and yields between calls', async () => {
  const screen = new HeadlessScreen({ cols: 40, rows: 5, scrollback: 10_000, historyLimits: { liveLines: 100 } });
  try {
    const total = 3 * Snapshot.STORED_READ_SLICE_ROWS + 500;
    let text = '';
    for (let i = 1; i <= total; i++) text += `row ${i}\r\n`;
    await write(screen, text);
    const read = vi.spyOn(HistoryStore.prototype, 'read');
    let turns = 0;
    let reading = true;
    const tick = (): void => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const snap = await screen.snapshot({ scrollbackLines: 10_000 });
    reading = false;
    const sizes = read.mock.calls.map(([from, to]) => to - from);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Snapshot.STORED_READ_SLICE_ROWS);
    expect(turns).toBeGreaterThanOrEqual(sizes.length - 1);
    // Every row, once, in order.
    const rows = snap.data.match(/row \d+/g)!;
    expect(rows.length).toBe(total);
    expect(rows.every((r, i) => r === `row ${i + 1}`)).toBe(true);
    const ansi = await screen.text({ ansi: true });
    expect(ansi.match(/row \d+/g)!.length).toBe(total);
  } finally {
    screen.dispose();
  }
});
