/**
 * The history cache: a snapshot built from cached blocks must restore to exactly the cells of the source
 * terminal (and of an uncached serialize) whatever happened to the history since the blocks were made.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryCache } from '../../src/terminal/history-cache.js';
import { serializeSliced } from '../../src/terminal/serialize-sliced.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { createHeadlessTerminal, type HeadlessTerminal, type SerializeAddon } from '../../src/terminal/xterm.js';
import { dumpTerminal, type TerminalDump } from './helpers/cells.js';

const ESC = '\x1b';
const disposables: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of disposables.splice(0).reverse()) d.dispose();
});

interface Source {
  term: HeadlessTerminal;
  serializer: SerializeAddon;
  cache: HistoryCache;
}

function source(cols: number, rows: number, scrollback: number, limits?: ConstructorParameters<typeof HistoryCache>[1]): Source {
  const { term, serializer } = createHeadlessTerminal({ cols, rows, scrollback });
  const cache = new HistoryCache(term, limits);
  disposables.push(term, cache);
  return { term, serializer, cache };
}

function write(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Output that exercises what the serializer must carry across a cut: 16/256/truecolor, attributes, wide chars,
 * background-filled rows (with and without a reset before the line break, so scrolled-in lines take a colour),
 * soft-wrapped lines (some with a coloured background across the wrap) and empty lines.
 */
function output(lines: number, seed: number, tag = 'L'): string {
  const r = rng(seed);
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = r();
    const id = `${tag}${i}`;
    if (k < 0.3) parts.push(`${ESC}[90m${id}${ESC}[0m ${ESC}[32mINFO${ESC}[0m compile ${ESC}[36msrc/x.ts${ESC}[0m`);
    else if (k < 0.4) parts.push(`${ESC}[4${i % 8}m${id} filled${ESC}[K${ESC}[0m`);
    else if (k < 0.48) parts.push(`${ESC}[48;5;${i % 256}m${id} fill kept${ESC}[K`); // no reset: the next line scrolls in coloured
    else if (k < 0.55) parts.push(`${ESC}[0m${id} ${'wrapping words '.repeat(5 + Math.floor(r() * 20))}`);
    else if (k < 0.6) parts.push(`${ESC}[44m${id} ${'blue across the wrap '.repeat(5)}${ESC}[0m`);
    else if (k < 0.66) parts.push(`${ESC}[1;3${i % 8}m${id}${ESC}[0m 漢字 ✓ 🙂 ${ESC}[38;2;${i % 256};80;200mrgb${ESC}[0m`);
    else if (k < 0.7) parts.push('');
    else if (k < 0.75) parts.push(`${ESC}[7m${id} inverse${ESC}[27m ${ESC}[3;4;9mstyled${ESC}[0m`);
    else if (k < 0.8) parts.push(`${id} ${'漢'.repeat(45)}`); // wide chars across the wrap
    else parts.push(`${ESC}[0m${id} plain line`);
  }
  return parts.join('\r\n') + '\r\n';
}

async function restored(data: string, cols: number, rows: number, scrollback: number): Promise<TerminalDump> {
  const { term } = createHeadlessTerminal({ cols, rows, scrollback });
  await write(term, data);
  const dump = dumpTerminal(term);
  term.dispose();
  return dump;
}

/** The source's cells limited to the window a snapshot of `lines` history lines holds (its first row cannot keep a wrap flag). */
function windowOf(term: HeadlessTerminal, lines: number): TerminalDump {
  const dump = dumpTerminal(term);
  const history = term.buffer.normal.length - term.rows;
  const normal = dump.normal.slice(history - Math.min(lines, history));
  if (normal.length > 0) normal[0] = '-' + normal[0]!.slice(1);
  return { ...dump, normal };
}

/** Rows the serializer was asked for, per call. */
function countRows(s: Source): () => number {
  const spy = vi.spyOn(s.serializer, 'serialize');
  return () => {
    let rows = 0;
    for (const [o] of spy.mock.calls) {
      if (o?.range) rows += Number(o.range.end) - Number(o.range.start) + 1;
      else rows += Math.min(o?.scrollback ?? Infinity, s.term.buffer.normal.length - s.term.rows) + s.term.rows;
    }
    spy.mockClear();
    return rows;
  };
}

/** Serializes the window with the cache and without; both must restore to the source's cells. */
async function expectExact(s: Source, lines: number): Promise<{ cached: string }> {
  const cached = await serializeSliced(s.term, s.serializer, { scrollbackLines: lines, cache: s.cache });
  const uncached = await serializeSliced(s.term, s.serializer, { scrollbackLines: lines });
  const { cols, rows } = s.term;
  const expected = windowOf(s.term, lines);
  expect(await restored(uncached, cols, rows, lines)).toEqual(expected);
  expect(await restored(cached, cols, rows, lines)).toEqual(expected);
  return { cached };
}

describe('history cache: snapshots restore cell for cell', () => {
  it('after more output, reusing the blocks and serializing only the top screenful and the newest rows', async () => {
    const s = source(80, 24, 5_000);
    await write(s.term, output(1_500, 1));
    const count = countRows(s);
    await expectExact(s, 1_000);
    count();
    expect(s.cache.size.blocks).toBeGreaterThan(5);

    // Unchanged buffer: the head (a screenful) and the tail (< one block + a screenful, twice with the overlap).
    await serializeSliced(s.term, s.serializer, { scrollbackLines: 1_000, cache: s.cache });
    expect(count()).toBeLessThan(24 + 2 * (100 + 50) + 2 * 25);

    for (let round = 0; round < 4; round++) {
      await write(s.term, output(37 + round * 61, 10 + round, `R${round}-`));
      await expectExact(s, 1_000);
    }
    await write(s.term, `${ESC}[41mno newline yet`); // cursor mid-line, current SGR non-default
    await expectExact(s, 1_000);
    count();
    await serializeSliced(s.term, s.serializer, { scrollbackLines: 1_000, cache: s.cache });
    expect(count()).toBeLessThan(400); // far from the 1 024 rows of the window
  });

  it('after the scrollback limit trims rows, cached blocks included', async () => {
    const s = source(80, 24, 1_500);
    await write(s.term, output(1_400, 2));
    await expectExact(s, 1_000);
    const before = s.cache.valid();
    await write(s.term, output(300, 3, 'T')); // trims ~200 rows off the top, some cached
    const after = s.cache.valid();
    expect(after).toBeDefined();
    expect(after!.start).toBeLessThan(before!.start);
    expect(after!.start).toBeGreaterThanOrEqual(0);
    await expectExact(s, 1_000);
    await write(s.term, output(3_000, 4, 'U')); // every cached row trimmed away
    expect(s.cache.valid()).toBeUndefined();
    await expectExact(s, 1_000);
    await expectExact(s, 1_400);
  });

  it('after a resize (reflow), narrower and wider', async () => {
    const s = source(80, 24, 5_000);
    await write(s.term, output(1_300, 5));
    await expectExact(s, 1_000);
    s.term.resize(50, 20);
    expect(s.cache.valid()).toBeUndefined();
    await expectExact(s, 1_000);
    await write(s.term, output(200, 6, 'N'));
    await expectExact(s, 1_000);
    s.term.resize(120, 30);
    await write(s.term, output(150, 7, 'W'));
    await expectExact(s, 1_000);
  });

  it('after clearing the scrollback (ED 3) and a full reset (RIS), with new output in the same rows', async () => {
    const s = source(80, 24, 5_000);
    await write(s.term, output(1_300, 8));
    await expectExact(s, 1_000);
    await write(s.term, `${ESC}[3J`);
    expect(s.cache.valid()).toBeUndefined();
    expect(s.term.buffer.normal.length).toBe(24);
    await expectExact(s, 1_000);
    await write(s.term, output(1_300, 9, 'E'));
    await expectExact(s, 1_000);

    // RIS replaces the buffer under the marker (which neither moves nor dies); no snapshot sees the empty buffer
    // in between: the same amount of different output puts new rows exactly where the cached ones were.
    await write(s.term, `${ESC}c` + output(1_300, 10, 'C'));
    await expectExact(s, 1_000);
  });

  it('with long soft-wrapped lines across every block boundary', async () => {
    const s = source(60, 20, 5_000);
    const r = rng(11);
    let text = '';
    for (let i = 0; i < 400; i++) {
      const len = 20 + Math.floor(r() * 400);
      const bg = r() < 0.3 ? `${ESC}[4${i % 8}m` : '';
      text += `${bg}${i}:${'abcdefghij'.repeat(len / 10)}${ESC}[0m\r\n`;
    }
    await write(s.term, text);
    expect(s.term.buffer.normal.length).toBeGreaterThan(1_500);
    await expectExact(s, 1_000);
    await write(s.term, `${ESC}[45m${'x'.repeat(60 * 7 + 13)}${ESC}[0m\r\n` + output(50, 12));
    await expectExact(s, 1_000);
    await expectExact(s, 1_200);
  });

  it('with the alternate screen active, and after leaving it', async () => {
    const s = source(80, 24, 5_000);
    await write(s.term, output(1_300, 13));
    await expectExact(s, 1_000);
    await write(s.term, `${ESC}[?1049h${ESC}[H${ESC}[2J${ESC}[44m${ESC}[2;3H TUI ${ESC}[0m${ESC}[20;1H> `);
    expect(s.term.buffer.active.type).toBe('alternate');
    expect(s.cache.canAppend).toBe(false);
    const { cached } = await expectExact(s, 1_000);
    expect(cached).toContain(`${ESC}[?1049h`);
    await write(s.term, `${ESC}[?1049l`);
    await write(s.term, output(300, 14, 'A'));
    await expectExact(s, 1_000);
  });

  it('a window larger than the cache: older rows sliced uncached, newest from the cache, memory bounded', async () => {
    const s = source(80, 24, 10_000, { maxLines: 1_000, maxChars: 60_000 });
    await write(s.term, output(10_500, 15));
    let turns = 0;
    const data = await serializeSliced(s.term, s.serializer, {
      cache: s.cache,
      yieldTurn: async () => {
        turns++;
        await new Promise((r) => setImmediate(r));
      },
    });
    expect(turns).toBeGreaterThan(3);
    expect(await restored(data, 80, 24, 10_000)).toEqual(windowOf(s.term, 10_000));
    expect(s.cache.size.lines).toBeLessThanOrEqual(1_000);
    expect(s.cache.size.chars).toBeLessThanOrEqual(60_000);
    expect(s.cache.size.blocks).toBeGreaterThan(0);
    await expectExact(s, 10_000);
  });
});

describe('history cache: lifetime', () => {
  it('holds one marker however many blocks, and releases it when cleared or disposed', async () => {
    const s = source(80, 24, 5_000);
    await write(s.term, output(1_500, 16));
    await serializeSliced(s.term, s.serializer, { scrollbackLines: 1_000, cache: s.cache });
    expect(s.cache.size.blocks).toBeGreaterThan(5);
    expect(s.term.markers.length).toBe(1);
    s.term.resize(70, 24);
    expect(s.term.markers.length).toBe(0);
    await serializeSliced(s.term, s.serializer, { scrollbackLines: 1_000, cache: s.cache });
    expect(s.term.markers.length).toBe(1);
    s.cache.dispose();
    expect(s.term.markers.length).toBe(0);
    expect(s.cache.valid()).toBeUndefined();
  });

  it('a screen reuses its cache across snapshots and restores them exactly', async () => {
    const screen = new HeadlessScreen({ cols: 80, rows: 24, scrollback: 5_000 });
    disposables.push(screen);
    screen.write(output(1_500, 17));
    await screen.drained();
    const first = await screen.snapshot({ scrollbackLines: 1_000 });
    expect(screen.terminal.markers.length).toBe(1);
    screen.write(output(120, 18, 'S'));
    await screen.drained();
    const second = await screen.snapshot({ scrollbackLines: 1_000 });
    expect(second.seq).toBe(first.seq + 1);
    expect(await restored(second.data, 80, 24, 1_000)).toEqual(windowOf(screen.terminal, 1_000));
    screen.dispose();
  });

  it('a screen hands out its last large snapshot again while nothing was parsed or resized, still holding output meanwhile', async () => {
    const screen = new HeadlessScreen({ cols: 80, rows: 24, scrollback: 5_000 });
    disposables.push(screen);
    screen.write(output(1_500, 19));
    await screen.drained();
    const serializer = (screen as unknown as { serializer: SerializeAddon }).serializer;
    const spy = vi.spyOn(serializer, 'serialize');
    const a = await screen.snapshot({ scrollbackLines: 1_000 });
    const calls = spy.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    const seen: number[] = [];
    screen.onDidOutput((e) => seen.push(e.seq));
    const pending = screen.snapshot({ scrollbackLines: 1_000 });
    screen.write('written during the reused snapshot\r\n');
    const b = await pending;
    expect(spy.mock.calls.length).toBe(calls); // nothing serialized
    expect(b).toEqual(a);
    expect(seen).toEqual([]);
    await screen.drained();
    expect(seen).toEqual([a.seq + 1]);

    // Another window, new output or a resize: serialized afresh, and right.
    await screen.snapshot({ scrollbackLines: 500 });
    const c = await screen.snapshot({ scrollbackLines: 1_000 });
    expect(c.seq).toBe(a.seq + 1);
    expect(c.data).not.toBe(a.data);
    expect(await restored(c.data, 80, 24, 1_000)).toEqual(windowOf(screen.terminal, 1_000));
    screen.resize(70, 24);
    await screen.drained();
    const d = await screen.snapshot({ scrollbackLines: 1_000 });
    expect([d.cols, d.seq]).toEqual([70, c.seq + 1]);
    expect(await restored(d.data, 70, 24, 1_000)).toEqual(windowOf(screen.terminal, 1_000));
  });
});

describe('sliced serialize without a cache', () => {
  it('rows after a coloured row end restore with their own background (the scrolled-in line takes the current one)', async () => {
    const s = source(80, 24, 5_000);
    let text = '';
    for (let i = 0; i < 900; i++) {
      if (i % 7 === 3) text += `${ESC}[41mred fill ${i}${ESC}[K${ESC}[0m\r\n`;
      else if (i % 11 === 5) text += `${ESC}[42mgreen kept ${i}${ESC}[K\r\n${ESC}[0m`;
      else text += `plain ${i}\r\n`;
    }
    await write(s.term, text);
    const data = await serializeSliced(s.term, s.serializer, { sliceLines: 30 });
    const dump = await restored(data, 80, 24, 5_000);
    expect(dump).toEqual(windowOf(s.term, 5_000));
    expect(dump.normal.some((row) => row.includes('[/p1/]'))).toBe(true);
  });
});
