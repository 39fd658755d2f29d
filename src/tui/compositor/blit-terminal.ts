/**
 * Copies a window of a headless terminal's buffer into a CellGrid: the pane contents and the chrome both go through here.
 *
 * Reading cells out of xterm (getCell + attribute decoding) is most of a frame's cost, so each terminal keeps the cells
 * of its last blit. A terminal whose buffer did not change since (no write parsed, no resize) and that is shown through
 * the same window is copied from that cache: an unchanged pane costs an array copy, not a buffer walk. The buffer of a
 * headless terminal changes only by parsing writes (onWriteParsed) or by resize (onResize); reset()/clear() are never
 * called on the TUI's terminals. Within a write, only the rows xterm marks for its renderer (its input handler's
 * onRequestRefreshRows, which scrolls and erases report too) are read again: an echo or a spinner costs one row, not
 * the pane. Where that internal is missing, every write reads the whole window again.
 */
import type { IBufferCell, Terminal } from '@xterm/headless';
import type { Rect } from '../layout/rect.js';
import { type CellGrid, newSourceId } from './cell-grid.js';
import { cellStyle } from './cell-style.js';

export interface BlitOptions {
  /** Absolute buffer line shown at the top of `dest` (viewportY for the live screen, less in scroll mode). */
  topLine: number;
  /** Adds SGR dim to every cell: a pane that is not live (disconnected) must not look live. */
  dim?: boolean;
  /** Column of the terminal shown at dest.x. */
  leftCol?: number;
}

interface BlitCache {
  /** Bumped by every parsed write and resize. */
  version: number;
  /** Version, window and options the cells below were read with; '' = nothing cached. */
  key: string;
  /** The same without the version: the window and options, for reading only the rows that changed. */
  windowKey: string;
  /** Source id of each window row's cells (see CellGrid pieces): new each time that row is read again. */
  rowSources: number[];
  width: number;
  height: number;
  chars: string[];
  styles: string[];
  /** Whether xterm reports which rows its writes changed; without it every change reads the whole window. */
  tracked: boolean;
  /** Viewport rows changed since the last read, inclusive (dirtyStart > dirtyEnd: none); dirtyAll: every row. */
  dirtyStart: number;
  dirtyEnd: number;
  dirtyAll: boolean;
}

interface RefreshRowsInternals {
  _core?: { _inputHandler?: { onRequestRefreshRows?: (listener: (e: { start: number; end: number } | undefined) => void) => unknown } };
}

const caches = new WeakMap<Terminal, BlitCache>();

/**
 * SGR parameters by a cell's packed attributes. xterm.js keeps every attribute cellStyle() reads (colours, colour
 * modes, bold/dim/italic/… flags) in two numbers on its cell object, `fg` and `bg`; equal numbers give equal styles,
 * so a cell's style is one lookup instead of a dozen method calls and a new string. Falls back to cellStyle() if a
 * future xterm.js stops exposing them. Bounded: terminals use few distinct attribute pairs; cleared past the cap.
 */
const styleMemo: [Map<number, Map<number, string>>, Map<number, Map<number, string>>] = [new Map(), new Map()];
let styleMemoSize = 0;
const STYLE_MEMO_MAX = 4096;

function styleOf(cell: IBufferCell, dim: boolean): string {
  const packed = cell as unknown as { fg?: unknown; bg?: unknown };
  const fg = packed.fg;
  const bg = packed.bg;
  if (typeof fg !== 'number' || typeof bg !== 'number') return withDim(cellStyle(cell), dim);
  const memo = styleMemo[dim ? 1 : 0];
  let byBg = memo.get(fg);
  let style = byBg?.get(bg);
  if (style !== undefined) return style;
  style = withDim(cellStyle(cell), dim);
  if (styleMemoSize >= STYLE_MEMO_MAX) {
    styleMemo[0].clear();
    styleMemo[1].clear();
    styleMemoSize = 0;
    byBg = undefined;
  }
  if (!byBg) memo.set(fg, (byBg = new Map()));
  byBg.set(bg, style);
  styleMemoSize++;
  return style;
}

function withDim(style: string, dim: boolean): string {
  return dim ? (style ? `2;${style}` : '2') : style;
}

/** Counters for tests and benchmarks: how many rows were read from a buffer vs copied from the cache. */
export const blitStats = { rowsRead: 0, rowsCopied: 0 };

function cacheOf(term: Terminal): BlitCache {
  let cache = caches.get(term);
  if (!cache) {
    const c: BlitCache = {
      version: 0,
      key: '',
      windowKey: '',
      rowSources: [],
      width: 0,
      height: 0,
      chars: [],
      styles: [],
      tracked: false,
      dirtyStart: 1,
      dirtyEnd: 0,
      dirtyAll: true,
    };
    // The listeners die with the terminal (xterm disposes its emitters); the WeakMap entry with it.
    term.onWriteParsed(() => c.version++);
    term.onResize(() => {
      c.version++;
      c.dirtyAll = true;
    });
    const refreshRows = (term as unknown as RefreshRowsInternals)._core?._inputHandler?.onRequestRefreshRows;
    if (typeof refreshRows === 'function') {
      c.tracked = true;
      refreshRows((e) => {
        if (!e) c.dirtyAll = true;
        else if (c.dirtyStart > c.dirtyEnd) {
          c.dirtyStart = e.start;
          c.dirtyEnd = e.end;
        } else {
          c.dirtyStart = Math.min(c.dirtyStart, e.start);
          c.dirtyEnd = Math.max(c.dirtyEnd, e.end);
        }
      });
    }
    caches.set(term, c);
    cache = c;
  }
  return cache;
}

export function blitTerminal(grid: CellGrid, term: Terminal, dest: Rect, opts: BlitOptions): void {
  const cache = cacheOf(term);
  const buffer = term.buffer.active;
  const left = opts.leftCol ?? 0;
  // The buffer type is in the key: switching to the alternate screen happens inside a parsed write anyway, but a
  // terminal first blitted mid-parse must not keep the other buffer's cells.
  const windowKey = `${buffer.type}|${dest.width}x${dest.height}|${opts.topLine}|${left}|${opts.dim ? 1 : 0}`;
  const key = `${cache.version}|${windowKey}`;
  if (cache.key === key) {
    copyCached(grid, cache, dest);
    return;
  }
  const width = dest.width;
  const height = dest.height;
  const n = Math.max(0, width * height);
  // Same window, and xterm said which rows changed: read those only (none at all for a write that changed nothing).
  let firstRow = 0;
  let endRow = height;
  if (cache.tracked && !cache.dirtyAll && cache.windowKey === windowKey && cache.chars.length === n) {
    const shift = buffer.viewportY - opts.topLine;
    firstRow = Math.max(0, cache.dirtyStart + shift);
    endRow = Math.min(height, cache.dirtyEnd + shift + 1);
  }
  cache.dirtyStart = 1;
  cache.dirtyEnd = 0;
  cache.dirtyAll = false;
  // Grids hold copies of these cells, so the arrays are reused; each row read gets a new source id.
  const chars = cache.chars.length === n ? cache.chars : new Array<string>(n);
  const styles = cache.styles.length === n ? cache.styles : new Array<string>(n);
  if (cache.rowSources.length !== height) cache.rowSources = new Array<number>(height).fill(0);
  const cell = buffer.getNullCell();
  const dim = opts.dim === true;
  const dimStyle = dim ? '2' : '';
  for (let row = firstRow; row < endRow; row++) {
    cache.rowSources[row] = newSourceId();
    // Rows past the buffer's end are blank (a pane taller than its PTY): xterm's line list is circular, and without
    // scrollback its getLine() past the end wraps around to the top rows instead of answering undefined.
    const y = opts.topLine + row;
    const line = y >= 0 && y < buffer.length ? buffer.getLine(y) : undefined;
    const base = row * width;
    blitStats.rowsRead++;
    for (let col = 0; col < width; col++) {
      const i = base + col;
      const srcX = left + col;
      if (!line || srcX >= term.cols) {
        chars[i] = ' ';
        styles[i] = dimStyle;
        continue;
      }
      line.getCell(srcX, cell);
      const w = cell.getWidth();
      const style = styleOf(cell, dim);
      if (w === 0) {
        // Right half of a wide char whose left half is outside the window: a blank keeps columns aligned.
        chars[i] = col === 0 ? ' ' : '';
        styles[i] = col === 0 ? style : (styles[i - 1] as string);
        continue;
      }
      if (w === 2 && col === width - 1) {
        // A wide char cut by the right edge would spill over the border.
        chars[i] = ' ';
        styles[i] = style;
        continue;
      }
      chars[i] = cell.getChars() || ' ';
      styles[i] = style;
    }
  }
  cache.chars = chars;
  cache.styles = styles;
  cache.width = width;
  cache.height = height;
  cache.key = key;
  cache.windowKey = windowKey;
  copyCached(grid, cache, dest, false);
}

function copyCached(grid: CellGrid, cache: BlitCache, dest: Rect, countCopied = true): void {
  // Clip the window to the grid once, then copy row slices.
  const x0 = Math.max(0, dest.x);
  const x1 = Math.min(grid.cols, dest.x + cache.width);
  const y0 = Math.max(0, dest.y);
  const y1 = Math.min(grid.rows, dest.y + cache.height);
  if (x1 <= x0) return;
  const { chars, styles } = grid;
  const srcChars = cache.chars;
  const srcStyles = cache.styles;
  for (let y = y0; y < y1; y++) {
    let src = (y - dest.y) * cache.width + (x0 - dest.x);
    grid.addPiece(y, x0, x1, cache.rowSources[y - dest.y] as number, src);
    const end = y * grid.cols + x1;
    for (let i = y * grid.cols + x0; i < end; i++, src++) {
      chars[i] = srcChars[src] as string;
      styles[i] = srcStyles[src] as string;
    }
    if (countCopied) blitStats.rowsCopied++;
  }
}
