/**
 * The viewer stream converges to the byte stream's screen, cell by cell: random output (colours, wide characters,
 * scroll regions, the alternate screen, erases, inserts), resizes, and frames lost in transit (the viewer
 * resubscribes naming the last frame it applied). After every applied frame the viewer's screen equals a terminal
 * that got every byte.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenSource } from '../../../src/server/viewer/screen-source.js';
import { diffFrame } from '../../../src/server/viewer/diff-frame.js';
import { cellSgr, type ScreenState } from '../../../src/server/viewer/screen-state.js';
import { frameToAnsi } from '../../../src/web/apply-frame.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../../src/terminal/xterm.js';
import type { FrameMessage } from '../../../src/core/viewer-protocol.js';
import type { TerminalListener } from '../../../src/core/api.js';
import { Viewer } from '../../../src/core/constants.js';

const toDispose: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of toDispose.splice(0)) d.dispose();
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomChunk(r: () => number, cols: number, rows: number): string {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  let out = '';
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) out += pick(['build ', 'ok ', 'error: ', 'a', '漢字', 'ﬁ', 'x'.repeat(Math.floor(r() * cols * 1.5)), '\t', 'é']);
    else if (k < 0.45) out += '\r\n';
    else if (k < 0.55) out += `\x1b[${pick(['0', '1', '2', '3', '4', '7', '9', '31', '42', '93', '38;5;200', '48;2;10;20;30', '1;4;35', '22', '24'])}m`;
    else if (k < 0.63) out += `\x1b[${1 + Math.floor(r() * (rows + 2))};${1 + Math.floor(r() * (cols + 2))}H`;
    else if (k < 0.68) out += pick(['\x1b[K', '\x1b[1K', '\x1b[2K', '\x1b[J', '\x1b[1J', '\x1b[2J']);
    else if (k < 0.72) out += pick(['\x1b[2L', '\x1b[M', '\x1b[3@', '\x1b[2P', '\x1b[S', '\x1b[T']);
    else if (k < 0.76) out += `\x1b[${1 + Math.floor(r() * 3)};${rows - Math.floor(r() * 3)}r`;
    else if (k < 0.78) out += '\x1b[r';
    else if (k < 0.81) out += pick(['\x1b[?1049h', '\x1b[?1049l', '\x1b[?1049l']);
    else if (k < 0.84) out += pick(['\x1b[?25l', '\x1b[?25h', '\x1b[?1h', '\x1b[?1l', '\x1b[?2004h']);
    else if (k < 0.86) out += `\x1b]0;title ${Math.floor(r() * 100)}\x07`;
    else out += `line ${Math.floor(r() * 1e6)}\r\n`.repeat(1 + Math.floor(r() * rows * 2));
  }
  return out;
}

function write(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

async function applyFrame(viewer: HeadlessTerminal, frame: FrameMessage): Promise<void> {
  if (viewer.cols !== frame.cols || viewer.rows !== frame.rows) viewer.resize(frame.cols, frame.rows);
  await write(viewer, frameToAnsi(frame));
}

function cellsOf(term: HeadlessTerminal): string[] {
  const buffer = term.buffer.active;
  const cell = buffer.getNullCell();
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.baseY + y);
    let row = '';
    for (let x = 0; x < term.cols; x++) {
      const c = line!.getCell(x, cell)!;
      row += `${c.getChars() || ' '}/${c.getWidth()}${cellSgr(c)}|`;
    }
    rows.push(row);
  }
  return rows;
}

function cursorOf(term: HeadlessTerminal): [number, number] {
  return [Math.min(term.buffer.active.cursorX, term.cols - 1), term.buffer.active.cursorY];
}

async function run(seed: number, steps: number): Promise<{ frames: number; dropped: number; full: number }> {
  const r = rng(seed);
  let cols = 40;
  let rows = 12;
  // The agent's terminal, and the daemon's byte stream of it as the supervisor serves it (snapshot, then deltas).
  // `reference` is a byte-stream client: it gets every snapshot and delta the viewers' mirror gets.
  const { term: agent, serializer } = createHeadlessTerminal({ cols, rows, scrollback: 1000 });
  // The same history bound as the mirror: xterm.js scrolls a region differently once its scrollback is full.
  const reference = createHeadlessTerminal({ cols, rows, scrollback: Viewer.MIRROR_SCROLLBACK_LINES }).term;
  let listener: TerminalListener | undefined;
  let subscribed: () => void = () => {};
  const service = {
    subscribeTerminal: async (_id: string, l: TerminalListener) => {
      listener = l;
      const data = serializer.serialize({ scrollback: 0 });
      await write(reference, '');
      reference.reset();
      reference.resize(agent.cols, agent.rows);
      await write(reference, data);
      l.onSnapshot({ agentId: 'a', cols: agent.cols, rows: agent.rows, seq: 0, data });
      setImmediate(subscribed);
      return { dispose: () => (listener = listener === l ? undefined : listener) };
    },
  };
  const source = await ScreenSource.open(service, 'a');
  const viewer = createHeadlessTerminal({ cols: 10, rows: 5, scrollback: 100 }).term;
  toDispose.push(source, agent, reference, viewer);
  let base: ScreenState | undefined; // what the daemon believes the viewer has
  let applied: number | undefined; // the last frame the viewer applied
  let frames = 0;
  let dropped = 0;
  let viewerTitle = '';
  let viewerModes: FrameMessage['modes'];
  let full = 0;
  for (let step = 0; step < steps; step++) {
    const k = r();
    if (k < 0.06) {
      cols = 10 + Math.floor(r() * 60);
      rows = 4 + Math.floor(r() * 20);
      agent.resize(cols, rows);
      reference.resize(cols, rows);
      // The mirror resubscribes after a resize (a fresh snapshot); output waits for it, as the supervisor's does.
      const resubscribed = new Promise<void>((resolve) => (subscribed = resolve));
      listener!.onDelta({ kind: 'resize', agentId: 'a', seq: step, cols, rows });
      await resubscribed;
    } else {
      const data = randomChunk(r, cols, rows);
      await write(agent, data);
      await write(reference, data);
      listener!.onDelta({ kind: 'output', agentId: 'a', seq: step, data });
    }
    await source.settled();
    if (r() < 0.5) continue; // intermediate states are skipped
    const frame = diffFrame('a', base, source.capture());
    if (!frame) continue;
    base = source.capture();
    frames++;
    if (frame.full) full++;
    if (r() < 0.1) {
      // Lost in transit: the viewer reconnects naming the last frame it applied.
      dropped++;
      base = applied === undefined ? undefined : source.recall(applied);
      continue;
    }
    await applyFrame(viewer, frame);
    applied = frame.id;
    expect({ step, cells: cellsOf(viewer), cursor: cursorOf(viewer) }).toEqual({ step, cells: cellsOf(reference), cursor: cursorOf(reference) });
    if (frame.title !== undefined) viewerTitle = frame.title;
    if (frame.modes) viewerModes = frame.modes;
    expect(viewerTitle).toBe(source.capture().title);
    expect(viewerModes).toEqual(source.capture().modes);
  }
  return { frames, dropped, full };
}

describe('viewer stream convergence', () => {
  for (const seed of [1, 2, 3, 7, 42]) {
    it(`seed ${seed}: the viewer's screen equals the byte stream's after every frame`, async () => {
      const stats = await run(seed, 400);
      expect(stats.frames).toBeGreaterThan(50);
      expect(stats.dropped).toBeGreaterThan(0);
    });
  }

  it('a scroll is sent as a count, not as redrawn rows', async () => {
    let listener: TerminalListener | undefined;
    const source = await ScreenSource.open(
      {
        subscribeTerminal: async (_id, l) => {
          listener = l;
          l.onSnapshot({ agentId: 'a', cols: 20, rows: 5, seq: 0, data: 'l1\r\nl2\r\nl3\r\nl4\r\nl5' });
          return { dispose: () => {} };
        },
      },
      'a',
    );
    toDispose.push(source);
    await source.settled();
    const first = source.capture();
    listener!.onDelta({ kind: 'output', agentId: 'a', seq: 1, data: '\r\nl6\r\nl7' });
    await source.settled();
    const frame = diffFrame('a', first, source.capture())!;
    expect(frame.scroll).toBe(2);
    expect(frame.lines).toEqual([
      [3, 'l6'],
      [4, 'l7'],
    ]);
  });
});
