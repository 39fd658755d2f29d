/**
 * writeRowAnsi reads xterm's cell words (xterm.ts's rowCells) instead of the public cell API: it must give exactly what
 * serializeRowByCells gives, on every kind of cell a program can leave (styles, colours, extended underlines, links,
 * wide and combined chars, erased cells with a background, gaps).
 */
import { describe, expect, it } from 'vitest';
import { createHeadlessTerminal, rowCells, type HeadlessTerminal } from '../../../src/terminal/xterm.js';
import { rowCellsFull, rowIsFull, serializeRow, serializeRowByCells, writeRowAnsi } from '../../../src/terminal/history/row-ansi.js';
import { ByteSink } from '../../../src/terminal/history/byte-sink.js';

const ESC = '\x1b';

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SGRS = ['0', '1', '2', '3', '4', '5', '7', '8', '9', '53', '22', '24', '27', '4:3', '4:0', '58;5;9', '58;2;1;2;3', '31', '97', '38;5;200', '38;2;9;8;7', '44', '103', '48;5;17', '48;2;250;0;1', '39', '49'];
const TEXTS = ['abc', 'x', ' ', '   ', '漢字', '🙂', 'e\u0301', 'a\u0308\u0304', '✓', '\u200b', 'é'];

function randomRowData(rnd: () => number, cols: number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  let out = '';
  const steps = 1 + Math.floor(rnd() * 25);
  for (let i = 0; i < steps; i++) {
    const r = rnd();
    if (r < 0.35) out += `${ESC}[${pick(SGRS)}m`;
    else if (r < 0.7) out += pick(TEXTS);
    else if (r < 0.78) out += `${ESC}[${1 + Math.floor(rnd() * 6)}C`;
    else if (r < 0.84) out += `${ESC}[${1 + Math.floor(rnd() * 6)}X`;
    else if (r < 0.88) out += `${ESC}[K`;
    else if (r < 0.92) out += `${ESC}]8;;https://example.com/${i}${ESC}\\link${ESC}]8;;${ESC}\\`;
    else if (r < 0.96) out += `${ESC}[${1 + Math.floor(rnd() * cols)}G`;
    else out += 'w'.repeat(Math.floor(rnd() * cols));
  }
  return out;
}

function write(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

describe('writeRowAnsi', () => {
  it('gives exactly what the public cell API gives, row by row, on random rows', async () => {
    const rnd = prng(11);
    for (const cols of [1, 2, 7, 80]) {
      const { term } = createHeadlessTerminal({ cols, rows: 10, scrollback: 500 });
      let data = '';
      for (let i = 0; i < 300; i++) data += `${ESC}[0m` + randomRowData(rnd, cols) + '\r\n';
      await write(term, data);
      const buffer = term.buffer.normal;
      const cell = buffer.getNullCell();
      const sink = new ByteSink(16);
      let compared = 0;
      for (let y = 0; y < buffer.length; y++) {
        const line = buffer.getLine(y)!;
        const row = rowCells(line);
        expect(row).toBeDefined();
        for (const continued of [false, true]) {
          for (const width of [line.length, Math.max(0, line.length - 3)]) {
            const want = serializeRowByCells(line, width, cell, continued);
            sink.at = 0;
            writeRowAnsi(sink, row!, width, continued);
            expect(sink.decode()).toBe(want);
            expect(serializeRow(line, width, cell, continued)).toBe(want);
            compared++;
          }
        }
        expect(rowCellsFull(row!, line.length)).toBe(rowIsFull(line, line.length, cell));
      }
      expect(compared).toBeGreaterThan(300);
      term.dispose();
    }
  });

  it('gives exactly what the public cell API gives on random cell words (states output rarely leaves, e.g. inverse blanks)', async () => {
    const rnd = prng(5);
    const cols = 12;
    const { term } = createHeadlessTerminal({ cols, rows: 2, scrollback: 0 });
    await write(term, 'x');
    const line = term.buffer.normal.getLine(0)!;
    const row = rowCells(line)! as unknown as { _data: Uint32Array; _combined: Record<number, string>; _extendedAttrs: Record<number, { underlineStyle: number }> };
    const cell = term.buffer.normal.getNullCell();
    const sink = new ByteSink();
    const randomWord = (): number => {
      const flags = [0, 0x4000000, 0x8000000, 0x10000000, 0x20000000, 0x40000000, 0x80000000];
      const modes = [0, 0x1000000, 0x2000000, 0x3000000];
      let w = modes[Math.floor(rnd() * 4)]! | Math.floor(rnd() * 0x1000000);
      for (const f of flags) if (rnd() < 0.15) w |= f;
      return w >>> 0;
    };
    // Few distinct words, so cells (and rows) often repeat a style: the cached style is reused, also across rows, and
    // cells with the same words differ in their extended underline style (xterm itself never leaves style NONE there).
    const fgPool = Array.from({ length: 5 }, randomWord);
    const bgPool = Array.from({ length: 5 }, () => randomWord() & ~0x80000000 & ~0x20000000);
    const word = (pool: number[]): number => (rnd() < 0.8 ? pool[Math.floor(rnd() * pool.length)]! : randomWord());
    for (let round = 0; round < 3000; round++) {
      for (let x = 0; x < cols; x++) {
        const r = rnd();
        // Mostly blanks (width 1, no content), so runs and trailing blanks with every style occur.
        let content = 1 << 22;
        if (r < 0.3) content = (1 << 22) | (0x21 + Math.floor(rnd() * 0x5e));
        else if (r < 0.35) content = (1 << 22) | 0x1f642;
        else if (r < 0.4 && x + 1 < cols) content = (2 << 22) | 0x6f22;
        else if (r < 0.45) {
          content = (1 << 22) | 0x200000;
          row._combined[x] = 'e\u0301';
        }
        row._data[x * 3] = content;
        row._data[x * 3 + 1] = rnd() < 0.3 ? 0 : word(fgPool);
        row._data[x * 3 + 2] = rnd() < 0.3 ? 0 : word(bgPool) & ~0x80000000 & ~0x20000000;
        if (row._data[x * 3 + 2]! & 0x10000000) row._extendedAttrs[x] = { underlineStyle: Math.floor(rnd() * 3) };
        if (content >> 22 === 2) {
          x++;
          row._data[x * 3] = 0;
          row._data[x * 3 + 1] = row._data[x * 3 - 2]!;
          row._data[x * 3 + 2] = row._data[x * 3 - 1]!;
        }
      }
      // Narrower than the row too: then a trailing blank may be one a full-width row would not reach.
      const width = rnd() < 0.5 ? cols : 1 + Math.floor(rnd() * cols);
      for (const continued of [false, true]) {
        sink.at = 0;
        writeRowAnsi(sink, row as never, width, continued);
        expect(sink.decode()).toBe(serializeRowByCells(line, width, cell, continued));
      }
      expect(rowCellsFull(row as never, width)).toBe(rowIsFull(line, width, cell));
    }
    term.dispose();
  });

  it('covers what it claims to: styled, extended-underline, wide, combined and astral cells all occur', async () => {
    const { term } = createHeadlessTerminal({ cols: 20, rows: 5, scrollback: 10 });
    await write(term, `${ESC}[4:3;58;5;9mcurly${ESC}[0m 漢🙂e\u0301 ${ESC}[44m${ESC}[3X${ESC}[0m${ESC}[7m ${ESC}[0m`);
    const line = term.buffer.normal.getLine(0)!;
    const sink = new ByteSink();
    writeRowAnsi(sink, rowCells(line)!, line.length);
    const text = sink.decode();
    expect(text).toBe(serializeRowByCells(line, line.length, term.buffer.normal.getNullCell()));
    // Underline (extended style), the wide char, the astral one, the combined one, the inverse blank, the erased
    // background after it (ECH does not move the cursor: the blank took the first of the three erased cells).
    for (const s of [`${ESC}[0;4mcurly`, '漢', '🙂', 'e\u0301', `${ESC}[0;7m `, `${ESC}[0;44m${ESC}[2X`]) expect(text).toContain(s);
    term.dispose();
  });
});

describe('ByteSink', () => {
  it('encodes code points and strings as Buffer does, growing as it goes', () => {
    const sink = new ByteSink(1);
    const points = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0x10000, 0x1f642, 0x10ffff];
    for (const cp of points) sink.codePoint(cp);
    sink.text('漢\u0301x');
    sink.decimal(7);
    sink.decimal(1234);
    expect(sink.decode()).toBe(points.map((cp) => String.fromCodePoint(cp)).join('') + '漢\u0301x71234');
    // A surrogate code point becomes U+FFFD, as a string holding a lone surrogate does when encoded.
    const lone = new ByteSink();
    lone.codePoint(0xd800);
    expect(lone.decode()).toBe(Buffer.from('\ud800').toString());
  });
});
