import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessScreen, plainTextSliced } from '../../src/terminal/headless-screen.js';
import { serializeSliced } from '../../src/terminal/serialize-sliced.js';
import { createHeadlessTerminal } from '../../src/terminal/xterm.js';
import { dumpTerminal } from './helpers/cells.js';

const screens: HeadlessScreen[] = [];
function screen(opts: ConstructorParameters<typeof HeadlessScreen>[0]): HeadlessScreen {
  const s = new HeadlessScreen(opts);
  screens.push(s);
  return s;
}
afterEach(() => {
  for (const s of screens.splice(0)) s.dispose();
});

async function feed(s: HeadlessScreen, data: string): Promise<void> {
  s.write(data);
  await s.drained();
}

async function roundTrip(original: HeadlessScreen, scrollbackLines?: number): Promise<HeadlessScreen> {
  const snap = await original.snapshot({ scrollbackLines });
  const restored = screen({ cols: snap.cols, rows: snap.rows, restore: snap });
  await restored.drained();
  return restored;
}

const ESC = '\x1b';
/** A screenful exercising every attribute the serializer must carry. */
const STYLED =
  `plain line\r\n` +
  `${ESC}[31mred${ESC}[0m ${ESC}[1;32mbold green${ESC}[0m ${ESC}[7minverse${ESC}[27m ${ESC}[94mbright blue${ESC}[0m\r\n` +
  `${ESC}[38;5;208m256 orange${ESC}[48;5;17m on navy${ESC}[0m\r\n` +
  `${ESC}[38;2;255;100;0mtruecolor fg${ESC}[48;2;10;20;30m and bg${ESC}[0m\r\n` +
  `wide: 漢字テスト 🙂 emoji ✓ done\r\n` +
  `${ESC}[3;4;9mitalic underline strike${ESC}[0m ${ESC}[2mdim${ESC}[0m\r\n` +
  `${'long line that wraps '.repeat(6)}\r\n` +
  `${ESC}[41m${ESC}[K${ESC}[0mred-erased line above\r\n` +
  `${ESC}[10;20Hcursor placed here${ESC}[12;7H`;

describe('serialize → restore round trip', () => {
  it('restores chars, colours (16/256/truecolor), attributes, wide chars and the cursor cell by cell', async () => {
    const a = screen({ cols: 80, rows: 24 });
    await feed(a, STYLED);
    const b = await roundTrip(a);
    expect(dumpTerminal(b.terminal)).toEqual(dumpTerminal(a.terminal));
    // Guard against a vacuous comparison: the content really is there.
    expect(b.view().lines().join('\n')).toContain('漢字テスト 🙂');
    expect(b.view().cursorY).toBe(11);
    expect(b.view().cursorX).toBe(6);
  });

  it('restores scrollback history and the active alternate buffer', async () => {
    const a = screen({ cols: 80, rows: 24 });
    let history = '';
    for (let i = 0; i < 60; i++) history += `${ESC}[3${i % 8}mhistory ${i}${ESC}[0m\r\n`;
    await feed(a, history + STYLED);
    await feed(a, `${ESC}[?1049h${ESC}[H${ESC}[2J${ESC}[44m${ESC}[2;3H TUI box ${ESC}[0m${ESC}[5;10H${ESC}[1mstatus${ESC}[0m${ESC}[20;1H> `);
    expect(a.view().bufferType).toBe('alternate');
    const b = await roundTrip(a);
    expect(b.view().bufferType).toBe('alternate');
    expect(dumpTerminal(b.terminal)).toEqual(dumpTerminal(a.terminal));
    expect(b.terminal.buffer.normal.length).toBeGreaterThan(60);
  });

  it('round-trips after a resize (reflowed buffer)', async () => {
    const a = screen({ cols: 80, rows: 24 });
    await feed(a, STYLED + '\r\n' + 'x'.repeat(150) + '\r\n');
    a.resize(50, 20);
    await feed(a, 'after resize\r\n');
    const b = await roundTrip(a);
    expect([b.cols, b.rows]).toEqual([50, 20]);
    expect(dumpTerminal(b.terminal)).toEqual(dumpTerminal(a.terminal));
  });

  it('restore writes at the saved size, then resizes to the requested one', async () => {
    const a = screen({ cols: 80, rows: 24 });
    await feed(a, STYLED + '\r\n' + 'y'.repeat(150) + '\r\n');
    const snap = await a.snapshot();
    a.resize(100, 30);
    await a.drained();
    const b = screen({ cols: 100, rows: 30, restore: snap });
    await b.drained();
    expect([b.terminal.cols, b.terminal.rows]).toEqual([100, 30]);
    expect(dumpTerminal(b.terminal)).toEqual(dumpTerminal(a.terminal));
  });
});

describe('sliced snapshots of a large history', () => {
  async function bigScreen(): Promise<HeadlessScreen> {
    // All 10 000 rows kept live (as xterm cells): this is about serializing a large live buffer in slices.
    const s = screen({ cols: 80, rows: 24, scrollback: 10_000, historyLimits: { liveLines: 10_000 } });
    const parts: string[] = [];
    for (let i = 0; i < 10_500; i++) {
      if (i % 97 === 0) parts.push(`${ESC}[38;2;${i % 256};80;200m${'wrapped '.repeat(14)}${i}${ESC}[0m\r\n`);
      else if (i % 13 === 0) parts.push(`${ESC}[1;3${i % 8}m[${i}]${ESC}[0m 漢字 ✓ ${ESC}[48;5;${i % 256}mbg${ESC}[0m\r\n`);
      else parts.push(`line ${i} ${ESC}[3${i % 8}mok${ESC}[0m\r\n`);
    }
    parts.push(`${ESC}[4${3}mtail${ESC}[0m`);
    await feed(s, parts.join(''));
    return s;
  }

  it('restores to the same cells as one whole serialize, in several event-loop turns', async () => {
    const a = await bigScreen();
    expect(a.terminal.buffer.normal.length).toBe(10_024);
    let turns = 0;
    const sliced = await serializeSliced(a.terminal, grabSerializer(a), {
      yieldTurn: async () => {
        turns++;
        await new Promise((r) => setImmediate(r));
      },
    });
    expect(turns).toBeGreaterThan(10);

    const whole = grabSerializer(a).serialize();
    const fromWhole = createHeadlessTerminal({ cols: 80, rows: 24, scrollback: 10_000 });
    const fromSliced = createHeadlessTerminal({ cols: 80, rows: 24, scrollback: 10_000 });
    await new Promise<void>((r) => fromWhole.term.write(whole, r));
    await new Promise<void>((r) => fromSliced.term.write(sliced, r));
    const expected = dumpTerminal(fromWhole.term);
    expect(dumpTerminal(fromSliced.term)).toEqual(expected);
    expect(expected).toEqual(dumpTerminal(a.terminal));
    fromWhole.term.dispose();
    fromSliced.term.dispose();
  });

  it('sizes slices from the measured cost: a slow serializer gets small slices, a fast one few large ones, same result', async () => {
    const a = await bigScreen();
    const run = async (msPerCall: number): Promise<{ turns: number; data: string }> => {
      let clock = 0;
      let turns = 0;
      const data = await serializeSliced(a.terminal, grabSerializer(a), {
        sliceLines: 100,
        sliceBudgetMs: 4,
        now: () => (clock += msPerCall),
        yieldTurn: async () => {
          turns++;
        },
      });
      return { turns, data };
    };
    const slow = await run(50); // every slice "takes" 50 ms: shrink to the minimum slice
    const fast = await run(0); // free: grow to the largest slice
    expect(slow.turns).toBeGreaterThan(300);
    expect(fast.turns).toBeLessThan(30);
    const restore = async (data: string) => {
      const t = createHeadlessTerminal({ cols: 80, rows: 24, scrollback: 10_000 });
      await new Promise<void>((r) => t.term.write(data, r));
      const dump = dumpTerminal(t.term);
      t.term.dispose();
      return dump;
    };
    const expected = dumpTerminal(a.terminal);
    expect(await restore(slow.data)).toEqual(expected);
    expect(await restore(fast.data)).toEqual(expected);
  });

  it('plain-text export reads the buffer in bounded slices and joins soft-wrapped rows', async () => {
    const a = await bigScreen();
    let turns = 0;
    const text = await plainTextSliced(a.terminal, {
      rowsPerSlice: 1_000, // explicit, so the turn count below is exact
      yieldTurn: async () => {
        turns++;
      },
    });
    expect(turns).toBe(10);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('tail');
    expect(lines).toContain(`${'wrapped '.repeat(14)}10379`);
    expect(await plainTextSliced(a.terminal, { tail: 2 })).toBe(`line 10499 ok\ntail`);
  });

  it('a screen snapshot of the whole history restores cell by cell and holds output written meanwhile', async () => {
    const a = await bigScreen();
    const seqBefore = a.seq;
    const seen: number[] = [];
    a.onDidOutput((e) => seen.push(e.seq));
    const pending = a.snapshot();
    a.write('written during the snapshot\r\n');
    const snap = await pending;
    expect(snap.seq).toBe(seqBefore);
    expect(seen).toEqual([]); // held until the snapshot's caller has run
    expect(snap.data).not.toContain('written during the snapshot');
    await a.drained();
    expect(seen).toEqual([seqBefore + 1]);
    expect(a.view().lines().join('\n')).toContain('written during the snapshot');

    const b = screen({ cols: 80, rows: 24, scrollback: 10_000, historyLimits: { liveLines: 10_000 }, restore: snap });
    await b.drained();
    const restoredRows = dumpTerminal(b.terminal).normal;
    const originalRows = dumpTerminal(a.terminal).normal;
    // a scrolled one more line (the write after the snapshot): a's row i is b's row i+1, history-wide.
    expect(restoredRows).toHaveLength(10_024);
    expect(restoredRows.slice(1, -24)).toEqual(originalRows.slice(0, -25));
  });
});

function grabSerializer(s: HeadlessScreen): import('../../src/terminal/xterm.js').SerializeAddon {
  return (s as unknown as { serializer: import('../../src/terminal/xterm.js').SerializeAddon }).serializer;
}

describe('ordering around snapshots', () => {
  it('a resize during a snapshot is held with the output and keeps its place in the sequence', async () => {
    const a = screen({ cols: 80, rows: 24, scrollback: 5_000 });
    let history = '';
    for (let i = 0; i < 3_000; i++) history += `row ${i}\r\n`;
    await feed(a, history);
    const events: string[] = [];
    a.onDidOutput((e) => events.push(`out#${e.seq}`));
    a.onDidResize((e) => events.push(`resize#${e.seq}:${e.cols}x${e.rows}`));
    const base = a.seq;
    const pending = a.snapshot();
    a.write('before resize\r\n');
    a.resize(60, 20);
    a.write('after resize\r\n');
    const snap = await pending;
    expect([snap.cols, snap.rows, snap.seq]).toEqual([80, 24, base]);
    expect(events).toEqual([]);
    await a.drained();
    expect(events).toEqual([`out#${base + 1}`, `resize#${base + 2}:60x20`, `out#${base + 3}`]);
    expect([a.terminal.cols, a.terminal.rows]).toEqual([60, 20]);
  });
});
