import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/terminal/history/history-store.js';
import { HistoryStore as HistoryLimits } from '../../../src/core/constants.js';
import { HeadlessScreen } from '../../../src/terminal/headless-screen.js';
import { cellAttrs, createHeadlessTerminal, normalBufferLines, rowUsedLength } from '../../../src/terminal/xterm.js';

const screens: HeadlessScreen[] = [];
afterEach(() => {
  for (const s of screens.splice(0)) s.dispose();
});

/** Rows that do not compress: a byte bound must hold for them too. */
function noise(n: number): string {
  let x = n * 2654435761;
  let out = '';
  for (let i = 0; i < 60; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += String.fromCharCode(33 + (x % 90));
  }
  return out;
}

describe('HistoryStore', () => {
  it('reads rows back in order across sealed blocks and the open one, with their flags', () => {
    const store = new HistoryStore({ maxLines: 1_000, blockLines: 8, blockBytes: 0 }, 100);
    for (let i = 0; i < 50; i++) store.append(`\x1b[0;31mrow ${i}\x1b[0m`, i % 5 === 1, i % 5 === 0);
    expect(store.first).toBe(100);
    expect(store.end).toBe(150);
    const rows = store.read(110, 130);
    expect(rows.map((r) => r.ansi)).toEqual(Array.from({ length: 20 }, (_, i) => `\x1b[0;31mrow ${i + 10}\x1b[0m`));
    expect(rows.map((r) => r.wrapped)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 10) % 5 === 1));
    expect(rows.map((r) => r.full)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 10) % 5 === 0));
    expect(store.read(0, 1_000)).toHaveLength(50);
  });

  it('keeps exactly maxLines rows, dropping the oldest', () => {
    const store = new HistoryStore({ maxLines: 100, blockLines: 16, blockBytes: 0 });
    for (let i = 0; i < 1_000; i++) store.append(`row ${i}`, false, false);
    expect(store.length).toBe(100);
    expect(store.first).toBe(900);
    expect(store.read(0, 2_000).map((r) => r.ansi)[0]).toBe('row 900');
  });

  it('holds no more than maxBytes, however little the rows compress', () => {
    const maxBytes = 64 * 1024;
    const store = new HistoryStore({ maxLines: 1_000_000, maxBytes, blockLines: 64, blockBytes: 0 });
    for (let i = 0; i < 20_000; i++) {
      store.append(noise(i), false, false);
      expect(store.bytes).toBeLessThanOrEqual(maxBytes);
    }
    // Rows were dropped for bytes, not lines: what is left reads back intact.
    expect(store.length).toBeLessThan(20_000);
    expect(store.length).toBeGreaterThan(500);
    const last = store.read(store.end - 1, store.end)[0]!;
    expect(last.ansi).toBe(noise(19_999));
    expect(store.read(store.first, store.first + 1)[0]!.ansi).toBe(noise(store.first));
  });

  it('a build log compresses: 100 000 rows of it stay within the default byte bound', () => {
    const store = new HistoryStore({ maxLines: 100_000 });
    for (let i = 0; i < 100_000; i++) store.append(`\x1b[0;32m[${i}/100000]\x1b[0m Compiling crate_${i % 300} v0.${i % 17}.0 (/src/crate_${i % 300})`, false, false);
    expect(store.length).toBe(100_000);
    expect(store.bytes).toBeLessThan(store.limits.maxBytes);
  });

  it('a block of short rows gathers blockBytes before it is sealed (fewer deflate calls), long rows seal at blockLines', () => {
    const store = new HistoryStore({ maxLines: 100_000, blockLines: 16, blockBytes: 1_000 });
    const sealed = (): number => (store as unknown as { sealed: unknown[] }).sealed.length;
    // 10 bytes a row with its LF: 100 rows before the first seal, not 16.
    for (let i = 0; i < 99; i++) store.append(`short ${String(i).padStart(3, '0')}`, false, false);
    expect(sealed()).toBe(0);
    store.append('short 099', false, false);
    expect(sealed()).toBe(1);
    // 200-byte rows: sealed every 16.
    for (let i = 0; i < 32; i++) store.append('x'.repeat(199) + (i % 10), false, false);
    expect(sealed()).toBe(3);
    // Blank rows (1 byte each) stop at 16 × blockLines.
    for (let i = 0; i < 256; i++) store.append('', false, false);
    expect(sealed()).toBe(4);
    expect(store.read(0, 100).map((r) => r.ansi)).toEqual(Array.from({ length: 100 }, (_, i) => `short ${String(i).padStart(3, '0')}`));
    expect(store.read(100, 132).map((r) => r.ansi)).toEqual(Array.from({ length: 32 }, (_, i) => 'x'.repeat(199) + (i % 10)));
    expect(store.length).toBe(388);
  });

  it('rows written straight into rowSink read back like appended ones; a row begun and not committed is written over', () => {
    const store = new HistoryStore({ maxLines: 1_000, blockLines: 4, blockBytes: 0 });
    store.append('first é', true, false);
    store.rowSink().text('abandoned: its writer threw');
    const sink = store.rowSink();
    sink.ascii('second ');
    sink.codePoint(0x1f642);
    store.commitRow(false, true);
    expect(store.read(0, 10)).toEqual([
      { ansi: 'first é', wrapped: true, full: false },
      { ansi: 'second 🙂', wrapped: false, full: true },
    ]);
    expect(() => store.commitRow(false, false)).toThrow();
    for (let i = 0; i < 6; i++) store.append(`r${i}`, false, false);
    expect(store.read(0, 10).map((r) => r.ansi)).toEqual(['first é', 'second 🙂', 'r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('a sealed block reads the same while its deflate is still running on the pool, and after', async () => {
    await HistoryStore.allSettled();
    const store = new HistoryStore({ maxLines: 1_000, blockLines: 4, blockBytes: 0 });
    const rows = Array.from({ length: 9 }, (_, i) => `\x1b[0;3${i % 8}mrow ${i} ✓\x1b[0m`);
    rows.forEach((r, i) => store.append(r, i === 3, i === 2));
    // Two blocks sealed in this turn: their deflates cannot have finished.
    expect(store.deflating).toBe(2);
    const pending = store.read(0, 9);
    expect(pending.map((r) => r.ansi)).toEqual(rows);
    expect(pending.map((r) => [r.wrapped, r.full])).toEqual(rows.map((_, i) => [i === 3, i === 2]));
    const rawBytes = store.bytes;
    await store.settled();
    expect(store.deflating).toBe(0);
    expect(store.read(0, 9)).toEqual(pending);
    expect(store.bytes).toBeLessThan(rawBytes);
  });

  it('a block dropped while its deflate runs stays dropped, and the bytes count only what is held', async () => {
    await HistoryStore.allSettled();
    const store = new HistoryStore({ maxLines: 8, blockLines: 4, blockBytes: 0 });
    for (let i = 0; i < 16; i++) store.append(`row ${i}`, false, false);
    // Four blocks sealed, the two oldest dropped for maxLines before their deflates finished.
    expect(store.first).toBe(8);
    expect(store.deflating).toBe(2);
    store.clear();
    store.append('after clear', false, false);
    await store.settled();
    // The finished deflates of cleared blocks added nothing back.
    expect(store.read(0, 100).map((r) => r.ansi)).toEqual(['after clear']);
    expect(store.bytes).toBe(Buffer.byteLength('after clear\n') + 5);
  });

  it('past ASYNC_DEFLATES_MAX deflates in flight, a block is deflated on the spot', async () => {
    await HistoryStore.allSettled();
    const store = new HistoryStore({ maxLines: 10_000, blockLines: 2, blockBytes: 0 });
    for (let i = 0; i < 40; i++) store.append(`row ${i}`, false, false);
    expect(store.deflating).toBe(HistoryLimits.ASYNC_DEFLATES_MAX);
    expect(store.read(0, 40).map((r) => r.ansi)).toEqual(Array.from({ length: 40 }, (_, i) => `row ${i}`));
  });

  it('clear drops every row and numbers on from the given row', () => {
    const store = new HistoryStore({ blockLines: 4, blockBytes: 0 });
    for (let i = 0; i < 10; i++) store.append(`r${i}`, false, false);
    store.clear(25);
    expect(store.length).toBe(0);
    expect(store.first).toBe(25);
    store.append('next', false, false);
    expect(store.read(0, 100).map((r) => r.ansi)).toEqual(['next']);
    expect(store.end).toBe(26);
    expect(store.clears).toBe(1);
  });
});

describe('xterm internals the capture relies on', () => {
  it('the normal buffer has the row list TrimCapture wraps (fails on an @xterm/headless upgrade that changes it)', async () => {
    const { term } = createHeadlessTerminal({ cols: 20, rows: 5, scrollback: 10 });
    expect(normalBufferLines(term)).toBeDefined();
    term.dispose();
    // And a screen captures with it: rows past the live buffer end up in the store.
    const s = new HeadlessScreen({ cols: 20, rows: 5, scrollback: 1_000, historyLimits: { liveLines: 10 } });
    screens.push(s);
    s.write(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\r\n'));
    await s.drained();
    expect(s.terminal.buffer.normal.length).toBe(15);
    expect(s.historyStore.read(0, 100).map((r) => r.ansi)).toEqual(Array.from({ length: 85 }, (_, i) => `line ${i}`));
  });

  it('rows and cells have the internals row-ansi.ts reads instead of a cell scan (its fallback would only be slower)', async () => {
    const { term } = createHeadlessTerminal({ cols: 20, rows: 5, scrollback: 10 });
    await new Promise<void>((resolve) => term.write('abc \x1b[31mred\x1b[0m', resolve));
    const line = term.buffer.normal.getLine(0)!;
    expect(rowUsedLength(line)).toBe(7);
    const cell = term.buffer.normal.getNullCell();
    const plain = cellAttrs(line.getCell(0, cell)!);
    expect(plain).toBeDefined();
    const plainAttrs = { ...plain! };
    const red = cellAttrs(line.getCell(4, cell)!);
    expect(red).toBeDefined();
    expect(red!.fg).not.toBe(plainAttrs.fg);
    term.dispose();
  });
});

describe('capture without the cell internals', () => {
  it('the public cell API fallback stores the same rows as the fast path', async () => {
    const make = (): HeadlessScreen => {
      const s = new HeadlessScreen({ cols: 30, rows: 5, scrollback: 10_000, historyLimits: { liveLines: 10, blockLines: 8, blockBytes: 0 } });
      screens.push(s);
      return s;
    };
    const fast = make();
    const slow = make();
    // As when the row list's rows lack xterm's cell words: every row goes through serializeRowByCells.
    (slow as unknown as { capture: { rowsAreCells: boolean } }).capture.rowsAreCells = false;
    let data = '';
    for (let i = 0; i < 300; i++) data += `\x1b[3${i % 8}mline ${i}\x1b[0m 漢字 ${'wrap '.repeat(i % 9)}\x1b[44m\x1b[2X\x1b[0m\r\n`;
    fast.write(data);
    slow.write(data);
    await Promise.all([fast.drained(), slow.drained()]);
    const rows = fast.historyStore.read(0, 10_000);
    expect(rows.length).toBeGreaterThan(300);
    expect(slow.historyStore.read(0, 10_000)).toEqual(rows);
  });
});

describe('reading a tail', () => {
  it('`logs --tail` reads only the newest stored rows, not the whole store', async () => {
    const s = new HeadlessScreen({ cols: 40, rows: 5, scrollback: 100_000, historyLimits: { liveLines: 10, blockLines: 64, blockBytes: 0 } });
    screens.push(s);
    s.write(Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\r\n'));
    await s.drained();
    const store = s.historyStore;
    expect(store.length).toBeGreaterThan(19_000);
    const spans: number[] = [];
    const read = store.read.bind(store);
    store.read = (from: number, to: number) => {
      spans.push(Math.min(to, store.end) - Math.max(from, store.first));
      return read(from, to);
    };
    expect(await s.text({ tail: 30 })).toBe(Array.from({ length: 30 }, (_, i) => `line ${19_970 + i}`).join('\n'));
    expect(spans.length).toBeGreaterThan(0);
    expect(Math.max(...spans)).toBeLessThan(1_000);
    // Read once: the window that proved enough is the one used.
    expect(spans).toHaveLength(1);
  });
});

describe('a full live buffer', () => {
  it('text and pages end with the last line: a full ring\'s getLine(length) is its oldest row, never read as the next', async () => {
    const s = new HeadlessScreen({ cols: 60, rows: 10, scrollback: 5_000, historyLimits: { liveLines: 30 } });
    screens.push(s);
    let data = '';
    // Every 7th line wraps, so the live buffer's oldest row is sometimes a continuation.
    for (let i = 0; i < 700; i++) data += `line ${i}${i % 7 === 0 ? ' ' + 'x'.repeat(70) : ''}\r\n`;
    s.write(data);
    await s.drained();
    expect(s.terminal.buffer.normal.getLine(0)!.isWrapped).toBe(true);
    const text = (await s.text()).split('\n');
    expect(text.at(-1)).toBe('line 699');
    expect(text).toHaveLength(700);
    const page = await s.readHistory({ count: 2, format: 'text' });
    expect(page.lines).toEqual(['line 699', '']);
  });
});
