/**
 * Rows leaving the live xterm buffer arrive in the history store in order, none lost or doubled: a screen with a
 * small live buffer and a reference @xterm/headless with unlimited scrollback are fed the same seeded random output
 * (colours, wide chars, soft wraps, scroll regions, alternate screen switches, resizes, ED 3, RIS), and every way of
 * reading history (snapshot, text as `paseo logs` reads it, history.read pages) gives what the reference holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessScreen, plainTextSliced } from '../../../src/terminal/headless-screen.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../../src/terminal/xterm.js';
import { dumpBuffer } from '../helpers/cells.js';

const ESC = '\x1b';
const disposables: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
});

function screen(opts: ConstructorParameters<typeof HeadlessScreen>[0]): HeadlessScreen {
  const s = new HeadlessScreen(opts);
  disposables.push(s);
  return s;
}
function reference(cols: number, rows: number): HeadlessTerminal {
  const { term } = createHeadlessTerminal({ cols, rows, scrollback: 1_000_000 });
  disposables.push(term);
  return term;
}
function writeRef(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

function rowTexts(term: HeadlessTerminal): string[] {
  const buffer = term.buffer.normal;
  return Array.from({ length: buffer.length }, (_, y) => buffer.getLine(y)!.translateToString(true).trimEnd());
}

/** mulberry32: the same output on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op = { kind: 'write'; data: string } | { kind: 'resize'; cols: number; rows: number };

function line(rnd: () => number, n: number): string {
  const pick = Math.floor(rnd() * 8);
  switch (pick) {
    case 0:
      return `${ESC}[3${n % 8}mline ${n}${ESC}[0m ${ESC}[1;4mbold${ESC}[0m`;
    case 1:
      return `wide ${n} 漢字テスト 🙂 ✓`;
    case 2:
      return `${ESC}[38;2;${n % 256};100;7mtrue ${n}${ESC}[48;5;${n % 256}m bg${ESC}[0m`;
    case 3:
      return `long ${n} ` + 'wraps across rows '.repeat(1 + Math.floor(rnd() * 6));
    case 4:
      return `${ESC}[44m${ESC}[Kerased bg ${n}${ESC}[0m`;
    case 5:
      return `gap ${n}${ESC}[5Cafter gap`;
    default:
      return `plain ${n}`;
  }
}

function randomOps(seed: number, count: number, opts: { resizes: boolean; clears: boolean }): Op[] {
  const rnd = prng(seed);
  const ops: Op[] = [];
  let n = 0;
  let alt = false;
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.75) {
      let data = '';
      const lines = 1 + Math.floor(rnd() * 30);
      for (let k = 0; k < lines; k++) data += line(rnd, n++) + '\r\n';
      ops.push({ kind: 'write', data });
    } else if (r < 0.82) {
      // A scroll region: from the top (rows above the bottom margin scroll into history) or below it (they do not).
      const top = rnd() < 0.5 ? 1 : 3;
      ops.push({ kind: 'write', data: `${ESC}[${top};8r${ESC}[8;1H` + Array.from({ length: 12 }, () => `region ${n++}\r\n`).join('') + `${ESC}[r${ESC}[24;1H` });
    } else if (r < 0.88) {
      alt = !alt;
      ops.push({ kind: 'write', data: alt ? `${ESC}[?1049h${ESC}[H${ESC}[2Jalt ${n++}\r\nmore alt\r\n` : `${ESC}[?1049l` });
    } else if (r < 0.93 && opts.resizes) {
      const cols = [40, 60, 80, 100][Math.floor(rnd() * 4)]!;
      const rows = [12, 20, 24][Math.floor(rnd() * 3)]!;
      ops.push({ kind: 'resize', cols, rows });
    } else if (r < 0.935 && opts.clears && i < count * 0.7) {
      ops.push({ kind: 'write', data: `${ESC}[3J` });
    } else if (r < 0.94 && opts.clears && i < count * 0.7) {
      ops.push({ kind: 'write', data: `${ESC}c` });
    } else {
      ops.push({ kind: 'write', data: `${ESC}[2S` });
    }
  }
  if (alt) ops.push({ kind: 'write', data: `${ESC}[?1049l` });
  return ops;
}

async function feedBoth(s: HeadlessScreen, ref: HeadlessTerminal, ops: Op[]): Promise<void> {
  for (const op of ops) {
    if (op.kind === 'write') {
      s.write(op.data);
      await writeRef(ref, op.data);
    } else {
      s.resize(op.cols, op.rows);
      ref.resize(op.cols, op.rows);
    }
  }
  await s.drained();
}

describe('history store capture', () => {
  for (const seed of [1, 2, 7]) {
    it(`keeps every row that scrolls out, in order, cell by cell (seed ${seed}: scroll regions, alternate screen)`, async () => {
      const s = screen({ cols: 80, rows: 24, scrollback: 100_000, historyLimits: { liveLines: 40, blockLines: 16, blockBytes: 0 } });
      const ref = reference(80, 24);
      await feedBoth(s, ref, randomOps(seed, 300, { resizes: false, clears: false }));
      const store = s.historyStore;
      // Most of the history left the live buffer, and nothing was dropped: stored row n is the reference's row n.
      expect(store.first).toBe(0);
      expect(store.length).toBeGreaterThan(1000);
      expect(store.end + s.terminal.buffer.normal.length).toBe(ref.buffer.normal.length);
      const want = dumpBuffer(ref, 'normal');
      const stored = store.read(store.first, store.end);
      const got: string[] = [];
      // Each stored row printed alone on a cleared row of a scratch terminal, then dumped like the reference's.
      const { term: scratch } = createHeadlessTerminal({ cols: 80, rows: 50, scrollback: 0 });
      disposables.push(scratch);
      for (let i = 0; i < stored.length; i += 50) {
        const batch = stored.slice(i, i + 50);
        await writeRef(scratch, batch.map((r, k) => `${ESC}[0m${ESC}[${k + 1};1H${ESC}[2K${r.ansi}`).join(''));
        const rows = dumpBuffer(scratch, 'normal');
        batch.forEach((r, k) => got.push((r.wrapped ? 'W' : '-') + rows[k]!.slice(1)));
      }
      expect(got).toEqual(want.slice(0, store.end));
      // The live rows follow on; a snapshot of all of it (store + live) replays to the same rows of text.
      expect(dumpBuffer(s.terminal, 'normal')).toEqual(want.slice(store.end));
      const snap = await s.snapshot();
      const replay = screen({ cols: snap.cols, rows: snap.rows, scrollback: 100_000, historyLimits: { liveLines: 100_000 }, restore: snap });
      await replay.drained();
      expect(rowTexts(replay.terminal)).toEqual(rowTexts(ref));
    });
  }

  for (const seed of [4, 5, 6]) {
    it(`text, logs and history pages match the reference across resizes, ED 3 and RIS (seed ${seed})`, async () => {
      const s = screen({ cols: 80, rows: 24, scrollback: 100_000, historyLimits: { liveLines: 40, blockLines: 16, blockBytes: 0 } });
      const ref = reference(80, 24);
      const ops = randomOps(seed, 300, { resizes: true, clears: true });
      await feedBoth(s, ref, ops);
      const want = await plainTextSliced(ref);
      expect(want.split('\n').length).toBeGreaterThan(200);
      expect(s.historyStore.length).toBeGreaterThan(100);
      // Compared without blanks: xterm's reflow pads some soft-wrapped rows with never-written cells (text shows them
      // as blanks) and later reflows of the reference drop them again, while a stored row keeps the cells it had when
      // it left (stored rows never reflow). Every printed character, line and line break is still compared.
      const norm = (text: string): string => text.replace(/ +/g, '');
      expect(norm(await s.text())).toBe(norm(want));
      expect(norm(await s.text({ tail: 150 }))).toBe(norm(want.split('\n').slice(-150).join('\n')));
      // history.read pages, oldest to newest, joined into logical lines like plainTextSliced.
      let from = (await s.readHistory({ count: 1, format: 'text' })).first;
      const rows: Array<{ text: string; wrapped: boolean }> = [];
      for (;;) {
        const page = await s.readHistory({ fromLine: from, count: 100, format: 'text' });
        page.lines.forEach((text, i) => rows.push({ text, wrapped: page.wrapped[i]! }));
        from = page.from + page.lines.length;
        if (from >= page.end) break;
      }
      const logical: string[] = [];
      for (const r of rows) {
        if (r.wrapped && logical.length > 0) logical[logical.length - 1] += r.text;
        else logical.push(r.text);
      }
      while (logical.length > 0 && logical[logical.length - 1] === '') logical.pop();
      expect(norm(logical.join('\n'))).toBe(norm(want));
    });
  }
});
