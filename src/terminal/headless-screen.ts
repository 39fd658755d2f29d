/**
 * One agent's screen: an @xterm/headless terminal fed in order, with a sequence number per chunk and
 * per resize, snapshots consistent with that number, and text export. Writes and resizes that
 * arrive while a snapshot (or a restore) is in progress are held, unparsed, and released in order
 * afterwards, so the buffer a snapshot reads never changes under it.
 */
import { Defaults, HistoryStore as HistoryLimits, Snapshot } from '../core/constants.js';
import { PaseoError } from '../core/errors.js';
import { DisposableBase, toDisposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import type { TerminalView } from '../core/adapter.js';
import type { HistoryPage, HistoryReadOptions, TerminalSnapshot } from '../core/protocol.js';
import type { HistoryFileCursor, Screen, ScreenSaveState } from './types.js';
import { createHeadlessTerminal, normalBufferLines, type HeadlessTerminal, type SerializeAddon } from './xterm.js';
import { serializeSliced } from './serialize-sliced.js';
import { HistoryCache } from './history-cache.js';
import { HistoryNumbering } from './history-numbering.js';
import { readHistory } from './read-history.js';
import { flatten } from './flat-string.js';
import { writeParsedNow } from '../core/xterm-sync-write.js';
import { watchShellMarks, type ShellMark } from './shell-marks.js';
import { HistoryStore, type StoredRow } from './history/history-store.js';
import { TrimCapture } from './history/trim-capture.js';
import { storedAnsi, storedLines, storedSnapshotPrefix } from './history/stored-text.js';
import { rowIsFull, serializeRow } from './history/row-ansi.js';

export interface ScreenOptions {
  cols: number;
  rows: number;
  /** History rows kept (default Defaults.SCROLLBACK_LINES): the newest HistoryLimits.LIVE_LINES as xterm cells, older ones in the compact store. */
  scrollback?: number;
  /**
   * A saved snapshot: parsed at its own size first, then resized to cols×rows; with the saved history store's rows
   * older than it (row `first` onwards).
   */
  restore?: { cols: number; rows: number; data: string; history?: { first: number; rows: readonly StoredRow[]; liveWrapped?: boolean } };
  /** Store limits and live rows other than the defaults (tests). */
  historyLimits?: { maxBytes?: number; blockLines?: number; blockBytes?: number; liveLines?: number };
}

type HeldOp = { kind: 'write'; data: string; done?: () => void } | { kind: 'resize'; cols: number; rows: number };

export class HeadlessScreen extends DisposableBase implements Screen {
  private readonly term: HeadlessTerminal;
  private readonly serializer: SerializeAddon;
  private readonly history: HistoryCache;
  private readonly numbering: HistoryNumbering;
  /** Rows that left the live buffer. */
  readonly historyStore: HistoryStore;
  private readonly capture: TrimCapture;
  /** The last large snapshot, reused by the next request for the same window while seq is unchanged (an idle agent's reattach). */
  private lastSnapshot: { seq: number; scrollbackLines: number | undefined; snap: Omit<TerminalSnapshot, 'agentId'> } | undefined;
  private _seq = 0;
  private _lastOutputAt = 0;
  private _title = '';
  private _cols: number;
  private _rows: number;
  private holds = 0;
  private held: HeldOp[] = [];
  private inParser = 0;
  private inParserChars = 0;
  private drainWaiters: Array<() => void> = [];
  /** Shell marks the parser met in chunks not yet fully parsed: announced once their chunk is. */
  private parsedMarks: ShellMark[] = [];

  private readonly _onDidOutput = this.register(new Emitter<{ seq: number; data: string }>());
  readonly onDidOutput: Event<{ seq: number; data: string }> = this._onDidOutput.event;
  private readonly _onDidResize = this.register(new Emitter<{ seq: number; cols: number; rows: number }>());
  readonly onDidResize: Event<{ seq: number; cols: number; rows: number }> = this._onDidResize.event;
  private readonly _onDidChangeTitle = this.register(new Emitter<string>());
  readonly onDidChangeTitle: Event<string> = this._onDidChangeTitle.event;
  private readonly _onDidReply = this.register(new Emitter<string>());
  /** What the emulator sends back toward the program: query answers (DA, CPR) and `input()` keystrokes. */
  readonly onDidReply: Event<string> = this._onDidReply.event;
  private readonly _onDidShellMark = this.register(new Emitter<ShellMark>());
  readonly onDidShellMark: Event<ShellMark> = this._onDidShellMark.event;

  constructor(opts: ScreenOptions) {
    super();
    this._cols = opts.cols;
    this._rows = opts.rows;
    const initial = opts.restore ?? opts;
    const depth = opts.scrollback ?? Defaults.SCROLLBACK_LINES;
    const { term, serializer } = createHeadlessTerminal({
      cols: initial.cols,
      rows: initial.rows,
      scrollback: Math.min(depth, opts.historyLimits?.liveLines ?? HistoryLimits.LIVE_LINES),
    });
    this.term = term;
    this.serializer = serializer;
    this.register(toDisposable(() => term.dispose()));
    const saved = opts.restore?.history;
    // scrollbackLines is the whole history's depth: the live rows, then the store's.
    const liveLines = term.options.scrollback ?? 0;
    this.historyStore = new HistoryStore({ maxLines: depth - liveLines, ...opts.historyLimits }, saved?.first ?? 0);
    for (const row of saved?.rows ?? []) this.historyStore.append(row.ansi, row.wrapped, row.full);
    this.capture = this.register(new TrimCapture(term, this.historyStore));
    // Without the xterm internal the capture needs, the whole depth stays in xterm's cells (as before the store).
    if (!this.capture.active) term.options.scrollback = depth;
    // Disposed before the terminal (the store disposes in reverse order): it owns a marker on it.
    this.history = this.register(new HistoryCache(term));
    this.numbering = this.register(new HistoryNumbering(term, this.historyStore.end));
    this.register(term.onTitleChange((title) => {
      this._title = title;
      this._onDidChangeTitle.fire(title);
    }));
    this.register(term.onData((data) => this._onDidReply.fire(data)));
    this.register(watchShellMarks(term, (mark) => this.parsedMarks.push(mark)));
    if (opts.restore) {
      // Hold live output until the saved screen is parsed at its own size and then resized.
      this.holds++;
      const liveWrapped = opts.restore.history?.liveWrapped === true;
      this.parse(opts.restore.data, () => {
        // The live part's first row continued the store's last: a snapshot cannot say so (it starts on a fresh row).
        const row0 = liveWrapped ? normalBufferLines(this.term)?.get(0) : undefined;
        if (row0) row0.isWrapped = true;
        this.resizeKeepingRows(this._cols, this._rows);
        this.release();
      });
    }
  }

  get cols(): number {
    return this._cols;
  }
  get rows(): number {
    return this._rows;
  }
  get seq(): number {
    return this._seq;
  }
  get lastOutputAt(): number {
    return this._lastOutputAt;
  }
  get title(): string {
    return this._title;
  }
  /** The underlying emulator, read-only: for frame rendering and cell comparisons. Never write to it directly. */
  get terminal(): HeadlessTerminal {
    return this.term;
  }

  /** Chars handed to write() and not parsed yet (held ones included). */
  get pendingChars(): number {
    let held = 0;
    for (const op of this.held) if (op.kind === 'write') held += op.data.length;
    return held + this.inParserChars;
  }

  /** Program output: parsed in order, numbered, fanned out. `done` fires once it is parsed (flow control). */
  write(data: string, done?: () => void): void {
    if (this.store.isDisposed) return;
    this._lastOutputAt = Date.now();
    if (this.holds > 0) this.held.push({ kind: 'write', data, done });
    else this.handToParser(data, done);
  }

  resize(cols: number, rows: number): void {
    if (this.store.isDisposed || (cols === this._cols && rows === this._rows)) return;
    this._cols = cols;
    this._rows = rows;
    if (this.holds > 0) this.held.push({ kind: 'resize', cols, rows });
    else this.applyResize(cols, rows);
  }

  /** Keystrokes as if typed: they come back out of onDidReply, and the next output parses synchronously (perf.md §2). */
  input(data: string): void {
    if (this.store.isDisposed) return;
    this.term.input(data, true);
  }

  /** Resolves once everything written so far (and a restore) is parsed. */
  async drained(): Promise<void> {
    while (!this.store.isDisposed && (this.inParser > 0 || this.held.length > 0 || this.holds > 0)) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
  }

  view(): TerminalView {
    const buffer = this.term.buffer.active;
    const { cols, rows } = this.term;
    const top = buffer.baseY;
    let lines: string[] | undefined;
    return {
      cols,
      rows,
      cursorX: buffer.cursorX,
      cursorY: buffer.cursorY,
      bufferType: buffer.type,
      title: this._title,
      lines: () => {
        // translateToString(true) trims only never-written cells; written spaces (a prompt's "$ ") are trimmed here.
        lines ??= Array.from({ length: rows }, (_, i) => (buffer.getLine(top + i)?.translateToString(true) ?? '').trimEnd());
        return lines;
      },
    };
  }

  async snapshot(opts: { scrollbackLines?: number } = {}): Promise<Omit<TerminalSnapshot, 'agentId'>> {
    return this.whileHeld(async () => {
      const memo = this.lastSnapshot;
      // Same seq: nothing was parsed or resized since, so the buffer (and the snapshot) is the same.
      if (memo && memo.seq === this._seq && memo.scrollbackLines === opts.scrollbackLines) return { ...memo.snap };
      const live = await serializeSliced(this.term, this.serializer, { scrollbackLines: opts.scrollbackLines, cache: this.history });
      const history = this.term.buffer.normal.length - this.term.rows;
      const data = storedSnapshotPrefix(await this.storedRows(opts.scrollbackLines, history), this.term.rows) + live;
      const snap = { cols: this.term.cols, rows: this.term.rows, seq: this._seq, data };
      const lines = Math.min(history, opts.scrollbackLines ?? history);
      // Only snapshots worth keeping: screen-only ones cost little, and the size bound caps the memory held.
      if (lines > Snapshot.SYNC_SERIALIZE_MAX_LINES && data.length <= Snapshot.SNAPSHOT_MEMO_MAX_CHARS) {
        this.lastSnapshot = { seq: this._seq, scrollbackLines: opts.scrollbackLines, snap };
      }
      return { ...snap };
    });
  }

  async text(opts: { tail?: number; ansi?: boolean } = {}): Promise<string> {
    return this.whileHeld(async () => {
      const history = this.term.buffer.normal.length - this.term.rows;
      if (opts.ansi) {
        const scrollbackLines = opts.tail === undefined ? undefined : Math.max(0, opts.tail - this.term.rows);
        const live = await serializeSliced(this.term, this.serializer, { scrollbackLines, excludeModes: true, cache: this.history });
        return storedAnsi(await this.storedRows(scrollbackLines, history)) + live;
      }
      const live = await plainTextSliced(this.term);
      const liveLines = live === '' ? [] : live.split('\n');
      const tail = opts.tail;
      const store = this.historyStore;
      // Enough from the live buffer (its first line may continue a stored row: one more than asked), or nothing older.
      if (store.length === 0 || (tail !== undefined && liveLines.length > tail)) {
        return tail === undefined ? live : liveLines.slice(Math.max(0, liveLines.length - tail)).join('\n');
      }
      // A tail reads only the newest stored rows it needs (wrapped rows make a line several rows: read more until enough).
      let all: string[];
      for (let rows = tail === undefined ? Infinity : 2 * (tail - liveLines.length) + 64; ; rows *= 4) {
        const from = Math.max(store.first, store.end - rows);
        all = storedLines(store.read(from, store.end));
        if (from === store.first || tail === undefined || all.length > tail - liveLines.length + 1) break;
      }
      // The live buffer's first row may continue the store's last (a soft wrap across the boundary).
      if (this.term.buffer.normal.getLine(0)?.isWrapped && all.length > 0 && liveLines.length > 0) all[all.length - 1] += liveLines.shift() ?? '';
      all.push(...liveLines);
      while (all.length > 0 && all[all.length - 1] === '') all.pop();
      return (opts.tail === undefined ? all : all.slice(Math.max(0, all.length - opts.tail))).join('\n');
    });
  }

  /** The store's newest rows a reader wanting `scrollbackLines` of history (all when undefined) needs beyond the live `history` rows. */
  /**
   * The newest stored rows a reader with `scrollbackLines` wants, read a slice at a time with a turn between slices
   * (called while output is held, so the store does not change meanwhile).
   */
  private async storedRows(scrollbackLines: number | undefined, history: number): Promise<StoredRow[]> {
    const store = this.historyStore;
    const wanted = scrollbackLines === undefined ? store.length : Math.max(0, scrollbackLines - history);
    if (wanted === 0 || store.length === 0) return [];
    const end = store.end;
    const slices: StoredRow[][] = [];
    for (let from = Math.max(store.first, end - wanted); from < end; from += Snapshot.STORED_READ_SLICE_ROWS) {
      if (slices.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      slices.push(store.read(from, Math.min(end, from + Snapshot.STORED_READ_SLICE_ROWS)));
    }
    return slices.flat();
  }

  async readHistory(opts: HistoryReadOptions): Promise<HistoryPage> {
    return this.whileHeld(async () => readHistory({ term: this.term, numbering: this.numbering, seq: this._seq, store: this.historyStore }, opts));
  }

  async saveState(since?: HistoryFileCursor): Promise<ScreenSaveState> {
    return this.whileHeld(async () => {
      const store = this.historyStore;
      const buffer = this.term.buffer.normal;
      const liveFirst = this.numbering.first;
      const history = buffer.length - this.term.rows;
      // The file takes every row above the screen (stored, then the live scrollback: settled until a resize reflows it),
      // so .screen holds the screen alone and a save serializes a screenful, not the live buffer's 1 000 rows.
      const top = liveFirst + history;
      const screen = await serializeSliced(this.term, this.serializer, { scrollbackLines: 0 });
      const liveWrapped = buffer.getLine(history)?.isWrapped ?? false;
      const snap = { cols: this.term.cols, rows: this.term.rows, seq: this._seq, data: screen, historyEnd: top, liveWrapped };
      const epoch = this.numbering.epoch;
      // Appended while the file holds rows still numbered the same (and at most twice the depth: then rewritten).
      const append =
        since !== undefined &&
        since.clears === store.clears &&
        since.epoch === epoch &&
        since.end >= store.first &&
        since.end <= top &&
        top - since.fileFirst <= 2 * (store.limits.maxLines + history);
      const first = append ? since.end : store.first;
      const rows = store.read(first, Math.min(store.end, top));
      const cell = buffer.getNullCell();
      for (let n = Math.max(first, liveFirst); n < top; n++) {
        const line = buffer.getLine(n - liveFirst);
        if (!line) continue;
        const continued = buffer.getLine(n - liveFirst + 1)?.isWrapped ?? false;
        rows.push({ ansi: serializeRow(line, line.length, cell, continued), wrapped: line.isWrapped, full: rowIsFull(line, line.length, cell) });
      }
      const cursor = { end: top, clears: store.clears, epoch, fileFirst: append ? since.fileFirst : store.first };
      return { snap, history: { rewrite: !append, first, rows, cursor } };
    });
  }

  /** Runs fn with output held and the parser drained, then releases held output on a later turn. */
  private async whileHeld<T>(fn: () => Promise<T>): Promise<T> {
    if (this.store.isDisposed) throw new PaseoError('invalid_state', 'the terminal screen was disposed');
    this.holds++;
    try {
      await this.waitParser();
      return await fn();
    } finally {
      // Released after the caller's await continuation, so `await snapshot()` then subscribing misses nothing.
      setImmediate(() => this.release());
    }
  }

  private waitParser(): Promise<void> {
    if (this.inParser === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private release(): void {
    this.holds--;
    if (this.store.isDisposed) return;
    while (this.holds === 0 && this.held.length > 0) {
      const op = this.held.shift()!;
      if (op.kind === 'write') this.handToParser(op.data, op.done);
      else this.applyResize(op.cols, op.rows);
    }
    this.wakeIfDrained();
  }

  private handToParser(data: string, done?: () => void): void {
    this._seq++;
    this.lastSnapshot = undefined;
    this.parse(data, done);
    this._onDidOutput.fire({ seq: this._seq, data });
  }

  private parse(data: string, done?: () => void): void {
    this.inParser++;
    this.inParserChars += data.length;
    // Parsed now, not on xterm's timer turn: one wake-up per chunk instead of two (long chunks still yield).
    writeParsedNow(this.term, data, () => {
      this.inParser--;
      this.inParserChars -= data.length;
      try {
        done?.();
      } finally {
        this.wakeIfDrained();
        this.announceMarks();
      }
    });
  }

  private applyResize(cols: number, rows: number): void {
    this.resizeKeepingRows(cols, rows);
    this._seq++;
    this.lastSnapshot = undefined;
    this._onDidResize.fire({ seq: this._seq, cols, rows });
  }

  /**
   * A resize whose reflow trims no row uncaptured: narrowing rewraps rows into more, and xterm drops the excess off
   * the top without the methods TrimCapture watches. The live buffer is widened for the resize (by the most a
   * reflow can add), then set back, which trims through trimStart: the rows move to the store.
   */
  private resizeKeepingRows(cols: number, rows: number): void {
    const live = this.term.options.scrollback ?? 0;
    if (!this.capture.active || cols >= this.term.cols) {
      this.term.resize(cols, rows);
      return;
    }
    const growth = Math.ceil(this.term.cols / cols);
    this.term.options.scrollback = (live + this.term.rows) * growth;
    this.term.resize(cols, rows);
    this.term.options.scrollback = live;
  }

  /** After the chunk is parsed, so a listener reading the screen sees everything the shell printed with the mark. */
  private announceMarks(): void {
    if (this.parsedMarks.length === 0) return;
    const marks = this.parsedMarks;
    this.parsedMarks = [];
    for (const mark of marks) this._onDidShellMark.fire(mark);
  }

  private wakeIfDrained(): void {
    if (this.inParser > 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  override dispose(): void {
    if (this.store.isDisposed) return;
    super.dispose();
    this.held = [];
    this.wakeIfDrained();
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * Active buffer as text; soft-wrapped rows are joined back into their logical line. Reads at most
 * rowsPerSlice rows per event-loop turn (10k rows took 75–370 ms in one go on a loaded box); the
 * caller keeps the buffer unchanged until it settles.
 */
export async function plainTextSliced(
  term: HeadlessTerminal,
  opts: { tail?: number; rowsPerSlice?: number; yieldTurn?: () => Promise<void> } = {},
): Promise<string> {
  const buffer = term.buffer.active;
  const rowsPerSlice = Math.max(1, opts.rowsPerSlice ?? Snapshot.TEXT_SLICE_ROWS);
  const yieldTurn = opts.yieldTurn ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    if (y > 0 && y % rowsPerSlice === 0) await yieldTurn();
    const line = buffer.getLine(y);
    if (!line) continue;
    // A row continued on the next one keeps its trailing spaces: they are part of the logical line.
    // Bounded: a full buffer's getLine(length) is not undefined but its oldest row (xterm's ring does not check).
    const continued = y + 1 < buffer.length && (buffer.getLine(y + 1)?.isWrapped ?? false);
    // Flattened here, in its slice: a final join of 10k rope rows took ~12 ms in one go.
    const text = flatten(continued ? line.translateToString(false) : line.translateToString(true).trimEnd());
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out = opts.tail === undefined ? lines : lines.slice(Math.max(0, lines.length - opts.tail));
  return out.join('\n');
}
