import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { CellGrid } from '../../src/tui/compositor/cell-grid.js';
import { blitStats, blitTerminal } from '../../src/tui/compositor/blit-terminal.js';
import { diffFrames } from '../../src/tui/compositor/frame-diff.js';
import { ScreenWriter } from '../../src/tui/compositor/screen-writer.js';

function term(cols: number, rows: number): Terminal {
  return new Terminal({ cols, rows, allowProposedApi: true, scrollback: 100 });
}
function write(t: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => t.write(data, resolve));
}
async function gridOf(data: string, cols = 20, rows = 4): Promise<CellGrid> {
  const t = term(cols, rows);
  await write(t, data);
  const g = new CellGrid(cols, rows);
  blitTerminal(g, t, { x: 0, y: 0, width: cols, height: rows }, { topLine: t.buffer.active.viewportY });
  t.dispose();
  return g;
}
/** What a real terminal shows after receiving `out`: replay it into a fresh emulator. */
async function screenAfter(out: string, cols = 20, rows = 4): Promise<string[]> {
  const t = term(cols, rows);
  await write(t, out);
  const lines = Array.from({ length: rows }, (_, y) => t.buffer.active.getLine(y)?.translateToString(true).trimEnd() ?? '');
  t.dispose();
  return lines;
}
const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (d: string) => chunks.push(d) };
};

describe('frame diff', () => {
  it('draws a first frame fully and it reproduces the screen', async () => {
    const g = await gridOf('hello\r\n  world');
    const out = diffFrames(undefined, g);
    expect(await screenAfter(out)).toEqual(['hello', '  world', '', '']);
  });

  it('writes nothing for a second identical frame', async () => {
    const out = sink();
    const w = new ScreenWriter(out);
    w.present(await gridOf('same'), { visible: false, x: 0, y: 0 });
    w.present(await gridOf('same'), { visible: false, x: 0, y: 0 });
    expect(out.chunks).toHaveLength(1);
  });

  it('writes one cursor move and the one changed cell', async () => {
    const before = await gridOf('abcdef\r\nxyz');
    const after = await gridOf('abcdef\r\nxYz');
    expect(diffFrames(before, after)).toBe('\x1b[2;2HY');
  });

  it('moves the cursor only between runs of changes', async () => {
    const out = diffFrames(await gridOf('aaaa    b'), await gridOf('abba    c'));
    expect(out).toBe('\x1b[1;2Hbb\x1b[1;9Hc');
  });

  // xterm.js without the unicode11 addon uses Unicode 6 widths: astral emoji are narrow there (the daemon's mirror agrees), so Hangul and CJK stand for wide glyphs.
  it('gives CJK and Hangul two cells and keeps the columns after them aligned', async () => {
    const g = await gridOf('日本x한y');
    expect([g.charAt(0, 0), g.charAt(1, 0), g.charAt(2, 0), g.charAt(3, 0), g.charAt(4, 0)]).toEqual(['日', '', '本', '', 'x']);
    expect([g.charAt(5, 0), g.charAt(6, 0), g.charAt(7, 0)]).toEqual(['한', '', 'y']);
    const out = diffFrames(undefined, g);
    expect(out.startsWith('\x1b[1;1H日本x한y')).toBe(true);
    expect((await screenAfter(out))[0]).toBe('日本x한y');
  });

  it('replaces a wide char by narrow ones and back, ending with the right screen', async () => {
    const a = await gridOf('ab日cd');
    const b = await gridOf('abXYcd');
    const replay = term(20, 4);
    await write(replay, diffFrames(undefined, a));
    await write(replay, diffFrames(a, b));
    expect(replay.buffer.active.getLine(0)?.translateToString(true).trimEnd()).toBe('abXYcd');
    await write(replay, diffFrames(b, a));
    expect(replay.buffer.active.getLine(0)?.translateToString(true).trimEnd()).toBe('ab日cd');
    replay.dispose();
  });

  it('does not let a wide char cut by the pane edge spill over', async () => {
    const t = term(10, 2);
    await write(t, 'abc日');
    const g = new CellGrid(6, 1);
    g.text(0, 0, '......');
    blitTerminal(g, t, { x: 1, y: 0, width: 4, height: 1 }, { topLine: 0 });
    expect(g.rowText(0)).toBe('.abc .');
    t.dispose();
  });

  it('emits 16-colour, 256-colour and truecolor SGR, plus bold/underline/inverse', async () => {
    const g = await gridOf('\x1b[31mr\x1b[92mg\x1b[38;5;208mo\x1b[38;2;1;2;3mt\x1b[0;1;4;7mb\x1b[44mB\x1b[0m.');
    expect([0, 1, 2, 3, 4, 5, 6].map((x) => g.styleAt(x, 0))).toEqual(['31', '92', '38;5;208', '38;2;1;2;3', '1;4;7', '1;4;7;44', '']);
    const out = diffFrames(undefined, g);
    expect(out).toContain('\x1b[0;31mr\x1b[0;92mg\x1b[0;38;5;208mo\x1b[0;38;2;1;2;3mt');
    // Replayed into a fresh terminal, the colours survive.
    const replay = term(20, 4);
    await write(replay, out);
    const cell = replay.buffer.active.getLine(0)!.getCell(2)!;
    expect([cell.isFgPalette(), cell.getFgColor()]).toEqual([true, 208]);
    const rgb = replay.buffer.active.getLine(0)!.getCell(3)!;
    expect([rgb.isFgRGB(), rgb.getFgColor()]).toEqual([true, 0x010203]);
    replay.dispose();
  });

  it('leaves the rows of a pane taller than its terminal blank, also for a terminal without scrollback', async () => {
    // xterm's line list is circular: without scrollback, getLine() past the last row wraps to the first.
    for (const scrollback of [0, 100]) {
      const t = new Terminal({ cols: 10, rows: 2, allowProposedApi: true, scrollback });
      await write(t, 'one\r\ntwo');
      const g = new CellGrid(10, 5);
      blitTerminal(g, t, { x: 0, y: 0, width: 10, height: 5 }, { topLine: t.buffer.active.viewportY });
      const rows = Array.from({ length: 5 }, (_, y) => g.chars.slice(y * 10, y * 10 + 10).join('').trimEnd());
      expect(rows, `scrollback ${scrollback}`).toEqual(['one', 'two', '', '', '']);
      t.dispose();
    }
  });

  it('dims a pane that is not live', async () => {
    const t = term(5, 1);
    await write(t, '\x1b[31mx');
    const g = new CellGrid(5, 1);
    blitTerminal(g, t, { x: 0, y: 0, width: 5, height: 1 }, { topLine: 0, dim: true });
    expect(g.styleAt(0, 0)).toBe('2;31');
    t.dispose();
  });
});

describe('ScreenWriter', () => {
  it('wraps frames in synchronized output and places the cursor last', async () => {
    const out = sink();
    const w = new ScreenWriter(out);
    w.present(await gridOf('a'), { visible: true, x: 3, y: 1 });
    const first = out.chunks[0] as string;
    expect(first.startsWith('\x1b[?2026h')).toBe(true);
    expect(first.endsWith('\x1b[2;4H\x1b[?25h\x1b[?2026l')).toBe(true);
  });

  it('moves only the cursor when only the cursor moved, and hides it while drawing cells', async () => {
    const out = sink();
    const w = new ScreenWriter(out);
    w.present(await gridOf('a'), { visible: true, x: 1, y: 0 });
    w.present(await gridOf('a'), { visible: true, x: 2, y: 0 });
    expect(out.chunks[1]).toBe('\x1b[?2026h\x1b[1;3H\x1b[?25h\x1b[?2026l');
    w.present(await gridOf('ab'), { visible: false, x: 0, y: 0 });
    expect(out.chunks[2]).toBe('\x1b[?2026h\x1b[?25l\x1b[1;2Hb\x1b[?25l\x1b[?2026l');
  });

  it('redraws everything after invalidate (resize)', async () => {
    const out = sink();
    const w = new ScreenWriter(out);
    w.present(await gridOf('abc'), { visible: false, x: 0, y: 0 });
    w.invalidate();
    w.present(await gridOf('abc'), { visible: false, x: 0, y: 0 });
    expect(out.chunks[1]).toContain('\x1b[2J');
    expect(out.chunks[1]).toContain('abc');
  });
});

describe('blit cache', () => {
  it('copies an unchanged terminal from its cache and reads again only the rows a write changed', async () => {
    const t = term(20, 4);
    await write(t, 'one\r\ntwo');
    const rect = { x: 0, y: 0, width: 20, height: 4 };
    const g1 = new CellGrid(20, 4);
    blitTerminal(g1, t, rect, { topLine: 0 });
    const read = blitStats.rowsRead;
    const g2 = new CellGrid(20, 4);
    blitTerminal(g2, t, rect, { topLine: 0 });
    expect(blitStats.rowsRead).toBe(read);
    expect(g2.rowText(0).trimEnd()).toBe('one');
    expect(g2.rowText(1).trimEnd()).toBe('two');
    await write(t, '!');
    const g3 = new CellGrid(20, 4);
    blitTerminal(g3, t, rect, { topLine: 0 });
    // The cursor's row only: an echo costs one row, not the pane.
    expect(blitStats.rowsRead).toBe(read + 1);
    expect(g3.rowText(0).trimEnd()).toBe('one');
    expect(g3.rowText(1).trimEnd()).toBe('two!');
    t.dispose();
  });

  it('reads the whole window again when the buffer scrolls, and the changed region for erases and scroll regions', async () => {
    const t = term(10, 4);
    const rect = { x: 0, y: 0, width: 10, height: 4 };
    const blit = () => {
      const g = new CellGrid(10, 4);
      blitTerminal(g, t, rect, { topLine: t.buffer.active.viewportY });
      return g;
    };
    await write(t, 'a\r\nb\r\nc\r\nd');
    blit();
    let read = blitStats.rowsRead;
    await write(t, '\r\ne'); // scrolls: every row shows another line now
    const scrolled = blit();
    expect(blitStats.rowsRead - read).toBe(4);
    expect([0, 1, 2, 3].map((y) => scrolled.rowText(y).trim())).toEqual(['b', 'c', 'd', 'e']);
    // Alternate screen with a scroll region on rows 2-3: a line feed at its bottom moves rows 2-3 only.
    await write(t, '\x1b[?1049h\x1b[H1\r\n2\r\n3\r\n4\x1b[2;3r\x1b[3;1H');
    blit();
    read = blitStats.rowsRead;
    await write(t, '\n5');
    const region = blit();
    expect([0, 1, 2, 3].map((y) => region.rowText(y).trim())).toEqual(['1', '3', '5', '4']);
    expect(blitStats.rowsRead - read).toBe(2);
    read = blitStats.rowsRead;
    await write(t, '\x1b[2J'); // erase the screen: every row
    const erased = blit();
    expect([0, 1, 2, 3].map((y) => erased.rowText(y).trim())).toEqual(['', '', '', '']);
    expect(blitStats.rowsRead - read).toBe(4);
    t.dispose();
  });

  it('reads again for another window (scrolled, dimmed) and copies the same cells to another position', async () => {
    const t = term(10, 2);
    await write(t, 'a\r\nb\r\nc');
    const g = new CellGrid(30, 2);
    blitTerminal(g, t, { x: 0, y: 0, width: 10, height: 2 }, { topLine: 1 });
    const read = blitStats.rowsRead;
    blitTerminal(g, t, { x: 10, y: 0, width: 10, height: 2 }, { topLine: 1 });
    expect(blitStats.rowsRead).toBe(read);
    blitTerminal(g, t, { x: 20, y: 0, width: 10, height: 2 }, { topLine: 0, dim: true });
    expect(blitStats.rowsRead).toBe(read + 2);
    expect(g.rowText(0).replace(/ /g, '')).toBe('bba');
    expect(g.styleAt(20, 0)).toBe('2');
    t.dispose();
  });

  it('reading only the rows xterm reports changed gives the same cells as reading everything, over random output', async () => {
    // Seeded, so a failure repeats: text, colours, wide chars, cursor moves, erases, insert/delete lines, scroll
    // regions, scrolling, the alternate screen.
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      () => 'word ',
      () => `\x1b[3${rnd(8)}mcol\x1b[0m`,
      () => '日本',
      () => '\r\n',
      () => `\x1b[${1 + rnd(6)};${1 + rnd(12)}H`,
      () => `\x1b[${rnd(3)}K`,
      () => `\x1b[${rnd(3)}J`,
      () => `\x1b[${1 + rnd(2)}L`,
      () => `\x1b[${1 + rnd(2)}M`,
      () => `\x1b[${1 + rnd(2)};${3 + rnd(3)}r`,
      () => '\x1b[r',
      () => '\n\n\n',
      () => (rnd(2) ? '\x1b[?1049h' : '\x1b[?1049l'),
      () => `\x1b[${1 + rnd(3)}S`,
    ];
    const cols = 12;
    const rows = 6;
    const tracked = term(cols, rows);
    const reference = term(cols, rows);
    const rect = { x: 0, y: 0, width: cols, height: rows };
    for (let step = 0; step < 300; step++) {
      let data = '';
      for (let k = 1 + rnd(3); k > 0; k--) data += pieces[rnd(pieces.length)]!();
      await write(tracked, data);
      await write(reference, data);
      const a = new CellGrid(cols, rows);
      blitTerminal(a, tracked, rect, { topLine: tracked.buffer.active.viewportY });
      // Another window first, so this read is a whole one.
      const b = new CellGrid(cols, rows);
      blitTerminal(b, reference, rect, { topLine: reference.buffer.active.viewportY, dim: true });
      blitTerminal(b, reference, rect, { topLine: reference.buffer.active.viewportY });
      expect({ step, chars: a.chars, styles: a.styles }).toEqual({ step, chars: b.chars, styles: b.styles });
    }
    tracked.dispose();
    reference.dispose();
  });

  it('does not re-blit an unchanged pane: a frame where one of two panes changed reads only that pane', async () => {
    const a = term(10, 3);
    const b = term(10, 3);
    await write(a, 'left');
    await write(b, 'right');
    const frame = () => {
      const g = new CellGrid(21, 3);
      blitTerminal(g, a, { x: 0, y: 0, width: 10, height: 3 }, { topLine: 0 });
      blitTerminal(g, b, { x: 11, y: 0, width: 10, height: 3 }, { topLine: 0 });
      return g;
    };
    const out = sink();
    const w = new ScreenWriter(out);
    w.present(frame(), { visible: false, x: 0, y: 0 });
    await write(b, '!');
    const read = blitStats.rowsRead;
    w.present(frame(), { visible: false, x: 0, y: 0 });
    expect(blitStats.rowsRead - read).toBe(1);
    expect(out.chunks[1]).toContain('!');
    expect(out.chunks[1]).not.toContain('left');
    a.dispose();
    b.dispose();
  });
});

describe('diff with copied pieces', () => {
  it('reproduces the screen over many frames of a chrome with two panes on top, whichever of them changes', async () => {
    const chrome = term(30, 5);
    const a = term(10, 3);
    const b = term(10, 3);
    await write(chrome, 'chrome-0');
    const frame = (extra?: string) => {
      const g = new CellGrid(30, 5);
      blitTerminal(g, chrome, { x: 0, y: 0, width: 30, height: 5 }, { topLine: 0 });
      blitTerminal(g, a, { x: 1, y: 1, width: 10, height: 3 }, { topLine: a.buffer.active.baseY });
      blitTerminal(g, b, { x: 12, y: 1, width: 10, height: 3 }, { topLine: b.buffer.active.baseY });
      if (extra) g.text(25, 2, extra);
      return g;
    };
    const out = sink();
    const w = new ScreenWriter(out);
    const steps: (() => Promise<unknown>)[] = [
      () => write(a, 'aaa\r\n'),
      () => write(b, 'bbbbbbbbbbbbbbb\r\n'),
      () => write(chrome, '\x1b[2J\x1b[Hchrome-1 changed'),
      () => Promise.resolve(),
      () => write(a, '\x1b[31mred\x1b[0m\r\nmore\r\n'),
      () => write(chrome, '\x1b[3;1Hxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
      () => write(b, '界界界界界界'),
    ];
    for (const [k, step] of steps.entries()) {
      await step();
      const g = frame(k === 3 ? 'set' : undefined);
      w.present(g, { visible: false, x: 0, y: 0 });
      const expected = Array.from({ length: 5 }, (_, y) => g.rowText(y).trimEnd());
      expect(await screenAfter(out.chunks.join(''), 30, 5)).toEqual(expected);
    }
    for (const t of [chrome, a, b]) t.dispose();
  });
});
