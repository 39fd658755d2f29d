// The history paging API: rows by stable number in pages (ANSI or text), numbers that hold while output arrives and
// history is trimmed, a new epoch when rows are renumbered, and the call end to end through the protocol client.
import { afterEach, describe, expect, it } from 'vitest';
import { History } from '../../src/core/constants.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { HistoryNumbering } from '../../src/terminal/history-numbering.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../src/terminal/xterm.js';
import { startHarness, type Harness } from '../server/harness.js';
import { dumpBuffer } from './helpers/cells.js';

const disposables: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of disposables.splice(0).reverse()) d.dispose();
});

function screen(cols: number, rows: number, scrollback: number): HeadlessScreen {
  const s = new HeadlessScreen({ cols, rows, scrollback });
  disposables.push(s);
  return s;
}

function lines(from: number, to: number): string {
  let out = '';
  for (let i = from; i <= to; i++) out += `line ${i}\r\n`;
  return out;
}

async function write(s: HeadlessScreen, data: string): Promise<void> {
  s.write(data);
  await s.drained();
}

describe('history.read', () => {
  it('an ANSI row reads the same while live and once stored (one serializer either side of the boundary)', async () => {
    const s = new HeadlessScreen({ cols: 30, rows: 3, scrollback: 1_000, historyLimits: { liveLines: 5 } });
    disposables.push(s);
    // A coloured row, a bold one, and one long enough to wrap: the page must not change as they move into the store.
    await write(s, '\x1b[31mred\x1b[0m plain \x1b[1;44mbold on blue\x1b[0m\r\n' + 'x'.repeat(45) + '\r\n');
    const live = await s.readHistory({ fromLine: 0, count: 3 });
    expect(s.historyStore.length).toBe(0);
    await write(s, lines(0, 20));
    expect(s.historyStore.end).toBeGreaterThan(3);
    const stored = await s.readHistory({ fromLine: 0, count: 3 });
    expect(stored.epoch).toBe(live.epoch);
    expect(stored.lines).toEqual(live.lines);
    expect(stored.wrapped).toEqual([false, false, true]);
  });

  it('numbers rows stably: a row keeps its number while output arrives and the scrollback is trimmed', async () => {
    // 5 screen rows + 20 of scrollback: after 100 lines, 76 rows were trimmed off the top.
    const s = screen(20, 5, 20);
    await write(s, lines(0, 99));
    const page = await s.readHistory({ fromLine: 0, count: 10, format: 'text' });
    expect(page.first).toBe(76);
    expect(page.end).toBe(101);
    expect(page.from).toBe(76);
    // Row n holds "line n" for as long as it is held.
    expect(page.lines).toEqual(Array.from({ length: 10 }, (_, i) => `line ${76 + i}`));
    await write(s, lines(100, 149));
    const later = await s.readHistory({ fromLine: 130, count: 3, format: 'text' });
    expect(later.epoch).toBe(page.epoch);
    expect(later.first).toBe(126);
    expect(later.lines).toEqual(['line 130', 'line 131', 'line 132']);
  });

  it('reads the newest rows without fromLine, and never more than a page', async () => {
    const s = screen(20, 5, 5_000);
    await write(s, lines(1, 3_000) + '$ ');
    const tail = await s.readHistory({ count: 3, format: 'text' });
    expect(tail.lines).toEqual(['line 2999', 'line 3000', '$']);
    expect(tail.from).toBe(tail.end - 3);
    const big = await s.readHistory({ fromLine: 0, count: 100_000, format: 'text' });
    expect(big.lines).toHaveLength(History.READ_MAX_LINES);
    const info = await s.readHistory({ count: 0 });
    expect(info.lines).toEqual([]);
    expect(info.end - info.first).toBe(3_001);
  });

  it('gives each ANSI row standalone: written into a fresh terminal it shows the same cells', async () => {
    const s = screen(30, 4, 100);
    const styled = '\x1b[1;31mred bold\x1b[0m plain \x1b[44mblue bg\x1b[0m\r\n\x1b[38;5;208morange 日本\x1b[0m\r\n\x1b[7m inverse \x1b[0m\r\n';
    await write(s, styled + lines(1, 10));
    const page = await s.readHistory({ fromLine: 0, count: 3 });
    const { term } = createHeadlessTerminal({ cols: 30, rows: 3, scrollback: 0 });
    disposables.push(term);
    // Each row from default attributes: no state leaks from one row into the next.
    const data = page.lines.map((row, i) => `\x1b[0m\x1b[${i + 1};1H${row}`).join('');
    await new Promise<void>((resolve) => term.write(data, resolve));
    const original = dumpBuffer(s.terminal, 'normal').slice(0, 3);
    expect(dumpBuffer(term, 'normal')).toEqual(original);
  });

  it('marks rows that continue a wrapped line, and keeps the blanks a wrap cut at', async () => {
    const s = screen(10, 4, 100);
    // 10 columns: "abcdefgh i" fills the first row (ending in a space), "jk" continues it.
    await write(s, 'abcdefgh ijk\r\nshort\r\n' + lines(1, 5));
    const page = await s.readHistory({ fromLine: 0, count: 3, format: 'text' });
    expect(page.lines).toEqual(['abcdefgh i', 'jk', 'short']);
    expect(page.wrapped).toEqual([false, true, false]);
    const spaced = screen(10, 4, 100);
    await write(spaced, 'abcdefghi jk\r\n' + lines(1, 5));
    expect((await spaced.readHistory({ fromLine: 0, count: 2, format: 'text' })).lines).toEqual(['abcdefghi ', 'jk']);
    expect((await s.readHistory({ fromLine: 0, count: 2 })).wrapped).toEqual([false, true]);
  });

  it('starts a new epoch when rows are renumbered (resize reflow, reset)', async () => {
    const s = screen(20, 5, 100);
    await write(s, lines(1, 30));
    const before = await s.readHistory({ count: 1 });
    s.resize(10, 5);
    await s.drained();
    const resized = await s.readHistory({ count: 1 });
    expect(resized.epoch).not.toBe(before.epoch);
    await write(s, '\x1bc');
    const reset = await s.readHistory({ count: 1 });
    expect(reset.epoch).not.toBe(resized.epoch);
    // Output alone keeps the epoch.
    await write(s, lines(31, 40));
    expect((await s.readHistory({ count: 1 })).epoch).toBe(reset.epoch);
    // Another screen of the same size and output (a restarted daemon, a resumed agent) numbers in another epoch.
    const again = screen(20, 5, 100);
    await write(again, lines(1, 30));
    expect((await again.readHistory({ count: 1 })).epoch).not.toBe(before.epoch);
  });

  it('counts trimmed rows through the xterm.js internal it relies on (version check)', () => {
    const { term } = createHeadlessTerminal({ cols: 10, rows: 2, scrollback: 1 });
    const numbering = new HistoryNumbering(term as HeadlessTerminal);
    disposables.push(term, numbering);
    expect(numbering.counting).toBe(true);
  });

  describe('over the protocol', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('pages through an agent history with the client', async () => {
      h = await startHarness();
      const client = await h.connect();
      const agent = await client.createAgent({ cols: 20, rows: 5 });
      const terminal = h.service.terminal(agent.id);
      terminal.emit(lines(1, 150));
      const info = await client.readHistory(agent.id, { count: 0 });
      // The fake's scrollback is 200 rows: nothing trimmed yet.
      expect(info.first).toBe(0);
      const page = await client.readHistory(agent.id, { fromLine: 99, count: 2, format: 'text' });
      expect(page.lines).toEqual(['line 100', 'line 101']);
      const ansi = await client.readHistory(agent.id, { fromLine: 99, count: 1 });
      expect(ansi.format).toBe('ansi');
      expect(ansi.lines).toEqual(['line 100']);
      await expect(client.readHistory(agent.id, { count: -1 })).rejects.toThrow(/count/);
      await expect(client.readHistory('nope', { count: 1 })).rejects.toThrow();
    });
  });
});
