/**
 * Serialized history rows kept between snapshots. A row that scrolled into the normal buffer's scrollback
 * never changes again until a resize (reflow), a clear (ED 3 trims it, RIS replaces the buffer) or being
 * trimmed off the top, so its serialized form can be reused by every later snapshot: a 1000-line snapshot
 * then serializes only the rows the cache does not hold (the first screenful of the window and the newest
 * rows with the screen) instead of all of them.
 *
 * The cache is a dumb store of contiguous blocks; serialize-sliced.ts decides what goes in and what a block
 * must look like (a self-contained piece: SGR state + CRLF + rows). One xterm marker sits on the newest cached
 * row: it follows the rows as the scrollback is trimmed and is disposed when that row is trimmed away.
 * Nothing runs between snapshots: blocks are added only by a snapshot that serializes them anyway, and the
 * marker costs one listener call per trimmed line.
 */
import type { IDisposable, IMarker } from '@xterm/headless';
import { Snapshot } from '../core/constants.js';
import type { HeadlessTerminal } from './xterm.js';

export interface HistoryCacheLimits {
  /** Rows per block (more when the last row continues on the next): the uncached rows per snapshot grow with it. */
  blockLines: number;
  /** Oldest blocks are dropped beyond this many rows... */
  maxLines: number;
  /** ...or this many UTF-16 chars of serialized text. */
  maxChars: number;
}

interface Block {
  lines: number;
  data: string;
}

export interface CachedRange {
  /** First and last cached row, in current normal-buffer coordinates. */
  start: number;
  end: number;
}

export class HistoryCache implements IDisposable {
  readonly limits: Readonly<HistoryCacheLimits>;
  private anchor: IMarker | undefined;
  /** Text of the anchored row when it was cached: a cheap guard against a change nothing announced. */
  private anchorText = '';
  private blocks: Block[] = [];
  private lines = 0;
  private chars = 0;
  private readonly subscriptions: IDisposable[];
  private disposed = false;

  constructor(private readonly term: HeadlessTerminal, limits: Partial<HistoryCacheLimits> = {}) {
    this.limits = {
      blockLines: Math.max(1, limits.blockLines ?? Snapshot.HISTORY_CACHE_BLOCK_LINES),
      maxLines: limits.maxLines ?? Snapshot.HISTORY_CACHE_MAX_LINES,
      maxChars: limits.maxChars ?? Snapshot.HISTORY_CACHE_MAX_CHARS,
    };
    this.subscriptions = [
      // A resize reflows the history (and changes the screen height the blocks were serialized for).
      term.onResize(() => this.clear()),
      // RIS replaces the normal buffer without touching markers; it announces itself as a switch to the
      // normal buffer, as does leaving the alternate screen (which would not need it, but is rare enough).
      term.buffer.onBufferChange((buffer) => {
        if (buffer.type === 'normal') this.clear();
      }),
    ];
  }

  /** Rows cached now, after dropping blocks trimmed off the top; undefined when nothing valid is cached. */
  valid(): CachedRange | undefined {
    const anchor = this.anchor;
    if (!anchor) return undefined;
    const buffer = this.term.buffer.normal;
    const history = buffer.length - this.term.rows;
    const end = anchor.line;
    // The newest cached row must still be history with a history row after it (the block boundary's proof).
    if (anchor.isDisposed || end < 0 || end > history - 2 || rowText(this.term, end) !== this.anchorText) {
      this.clear();
      return undefined;
    }
    let start = end - this.lines + 1;
    // Rows trimmed off the top take their (now partial) block with them.
    while (start < 0 && this.blocks.length > 0) {
      this.dropOldest();
      start = end - this.lines + 1;
    }
    if (this.blocks.length === 0) {
      this.clear();
      return undefined;
    }
    return { start, end };
  }

  /** Block texts starting at row `from` or later (oldest first), the row the first starts at and the last ends at. */
  blocksFrom(from: number): { start: number; end: number; data: string[] } | undefined {
    const range = this.valid();
    if (!range) return undefined;
    let start = range.start;
    let i = 0;
    while (i < this.blocks.length && start < from) start += this.blocks[i++]!.lines;
    if (i === this.blocks.length) return undefined;
    return { start, end: range.end, data: this.blocks.slice(i).map((b) => b.data) };
  }

  /** New blocks can be anchored only while the normal buffer is active (xterm places markers there only) and markers are allowed. */
  get canAppend(): boolean {
    return !this.disposed && this.term.options.allowProposedApi === true && this.term.buffer.active.type === 'normal';
  }

  /**
   * Appends the block for rows [start, end]; start must follow the newest cached row (or the cache be empty),
   * end must be settled history followed by a history row that is not a soft-wrapped continuation.
   */
  append(start: number, end: number, data: string): boolean {
    if (!this.canAppend) return false;
    const range = this.valid();
    if (range && range.end + 1 !== start) return false;
    const buffer = this.term.buffer.normal;
    // registerMarker counts from the cursor's absolute line.
    const marker = this.term.registerMarker(end - (buffer.baseY + buffer.cursorY));
    if (!marker) return false;
    this.anchor?.dispose();
    this.anchor = marker;
    this.anchorText = rowText(this.term, end);
    this.blocks.push({ lines: end - start + 1, data });
    this.lines += end - start + 1;
    this.chars += data.length;
    while (this.blocks.length > 1 && (this.lines > this.limits.maxLines || this.chars > this.limits.maxChars)) this.dropOldest();
    return true;
  }

  /** Rows and chars held (tests, diagnostics). */
  get size(): { blocks: number; lines: number; chars: number } {
    return { blocks: this.blocks.length, lines: this.lines, chars: this.chars };
  }

  clear(): void {
    this.anchor?.dispose();
    this.anchor = undefined;
    this.anchorText = '';
    this.blocks = [];
    this.lines = 0;
    this.chars = 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
    for (const s of this.subscriptions) s.dispose();
  }

  private dropOldest(): void {
    const block = this.blocks.shift();
    if (!block) return;
    this.lines -= block.lines;
    this.chars -= block.data.length;
  }
}

function rowText(term: HeadlessTerminal, y: number): string {
  return term.buffer.normal.getLine(y)?.translateToString(false) ?? '';
}
