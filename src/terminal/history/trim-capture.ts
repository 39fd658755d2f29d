/**
 * Moves rows leaving a headless terminal's live buffer into its history store, exactly: each row is serialized just
 * before xterm trims it off the top, in order, none lost or doubled. xterm.js announces a trim (onTrim) only after the
 * row's slot was reused, so this wraps the row list's trimming methods on the instance (xterm.ts owns that internal).
 * Not captured but cleared: ED 3 (clear scrollback) clears the store too, and RIS (a new buffer) does, as they clear
 * a terminal's history. Reflow on a narrowing resize trims without those methods; HeadlessScreen widens the buffer
 * around a resize (resizeKeepingRows) so those rows leave through trimStart, captured, instead.
 */
import type { IBuffer, IBufferCell, IDisposable } from '@xterm/headless';
import { listRowsAreCells, normalBufferLines, type BufferLinesInternal, type HeadlessTerminal, type RowCells } from '../xterm.js';
import type { HistoryStore } from './history-store.js';
import { rowCellsFull, rowIsFull, serializeRowByCells, writeRowAnsi } from './row-ansi.js';

type Methods = Pick<BufferLinesInternal, 'push' | 'recycle' | 'splice' | 'trimStart' | 'shiftElements'>;

export class TrimCapture implements IDisposable {
  private lines: (BufferLinesInternal & Partial<Methods>) | undefined;
  /** The row list's rows have xterm's cell words (xterm.ts): read straight from them. */
  private rowsAreCells: boolean | undefined;
  /** An ED 3 on the normal buffer is under way: its trimStart clears rather than captures. */
  private clearing = false;
  private readonly cell: IBufferCell;
  /** The normal buffer's API view, refreshed on every buffer change (term.buffer checks options on each access). */
  private normal: IBuffer;
  private readonly subscriptions: IDisposable[];

  constructor(
    private readonly term: HeadlessTerminal,
    private readonly store: HistoryStore,
  ) {
    this.normal = term.buffer.normal;
    this.cell = this.normal.getNullCell();
    this.watch();
    this.subscriptions = [
      term.buffer.onBufferChange(() => this.watch()),
      // Runs before xterm's own ED handler (false: let it run): marks the trimStart that follows as a clear.
      term.parser.registerCsiHandler({ final: 'J' }, (params) => {
        if (params[0] === 3 && term.buffer.active.type === 'normal') {
          if (term.buffer.normal.length > term.rows) this.clearing = true;
          else this.store.clear();
        }
        return false;
      }),
    ];
  }

  /** Whether rows are captured (xterm.js has the expected internals); without it the caller keeps a deep live buffer. */
  get active(): boolean {
    return this.lines !== undefined;
  }

  dispose(): void {
    this.unwrap();
    for (const s of this.subscriptions) s.dispose();
  }

  /**
   * Serializes rows about to be trimmed: `count` of them, post-op row i being pre-op row map(i). This runs for every
   * row an agent scrolls out (2.5 M rows for 20 MB of `seq`): each is encoded from xterm's cell words straight into the
   * store's open block (writeRowAnsi), with no string or object made per row; the public cell API is the fallback.
   */
  private capture(count: number, map?: (i: number) => number): void {
    const lines = this.lines!;
    for (let i = 0; i < count; i++) {
      const y = map ? map(i) : i;
      // Checked once per row list (the first trim), not per row: this runs for every row an agent prints.
      this.rowsAreCells ??= listRowsAreCells(lines);
      const row = this.rowsAreCells ? (lines.get(y) as RowCells | undefined) : undefined;
      if (!row) {
        this.captureByCells(y);
        continue;
      }
      const continued = lines.get(y + 1)?.isWrapped ?? false;
      writeRowAnsi(this.store.rowSink(), row, row.length, continued);
      this.store.commitRow(row.isWrapped, rowCellsFull(row, row.length));
    }
  }

  private captureByCells(y: number): void {
    const buffer = this.normal;
    const line = buffer.getLine(y);
    if (!line) return;
    const continued = buffer.getLine(y + 1)?.isWrapped ?? false;
    this.store.append(serializeRowByCells(line, line.length, this.cell, continued), line.isWrapped, rowIsFull(line, line.length, this.cell));
  }

  private watch(): void {
    this.normal = this.term.buffer.normal;
    const lines = normalBufferLines(this.term);
    if (lines === this.lines) return;
    // A new row list: RIS replaced the buffer, and with it the history.
    if (this.lines) this.store.clear();
    this.unwrap();
    if (!lines) return;
    this.lines = lines;
    this.rowsAreCells = undefined;
    const original: Methods = {
      push: lines.push,
      recycle: lines.recycle,
      splice: lines.splice,
      trimStart: lines.trimStart,
      shiftElements: lines.shiftElements,
    };
    const self = this;
    lines.push = function (value) {
      if (lines.length === lines.maxLength) self.capture(1);
      original.push.call(lines, value);
    };
    lines.recycle = function () {
      if (lines.length === lines.maxLength) self.capture(1);
      return original.recycle.call(lines);
    };
    lines.splice = function (start, deleteCount, ...items) {
      const over = lines.length - deleteCount + items.length - lines.maxLength;
      if (over > 0) self.capture(over, (i) => (i < start ? i : i + deleteCount));
      original.splice.call(lines, start, deleteCount, ...items);
    };
    lines.shiftElements = function (start, count, offset) {
      const over = start + count + offset - lines.maxLength;
      if (offset > 0 && over > 0) self.capture(Math.min(over, start));
      original.shiftElements.call(lines, start, count, offset);
    };
    lines.trimStart = function (count) {
      const n = Math.max(0, Math.min(count, lines.length));
      if (self.clearing) {
        self.clearing = false;
        self.store.clear(self.store.end + n);
      } else self.capture(n);
      original.trimStart.call(lines, count);
    };
  }

  private unwrap(): void {
    const lines = this.lines;
    if (!lines) return;
    // The wrappers are own properties shadowing the prototype's methods.
    for (const m of ['push', 'recycle', 'splice', 'trimStart', 'shiftElements'] as const) delete lines[m];
    this.lines = undefined;
  }
}
