/**
 * A terminal's visible state as the viewer stream compares it: each screen row as self-contained ANSI, the cursor,
 * title and modes, and where the screen sits in the history (so output that scrolled becomes a scroll count, not a
 * redraw). Rows are encoded from the cells (the serialize addon cannot read the alternate screen by range).
 */
import type { IBufferCell } from '@xterm/headless';
import type { FrameModes } from '../../core/viewer-protocol.js';
import type { HeadlessTerminal } from '../../terminal/xterm.js';

export interface ScreenState {
  /** Frame id of this state (unique per daemon run: random start). */
  id: number;
  cols: number;
  rows: number;
  /** Renumbering epoch of the normal buffer (resize, reset): states of different epochs are not scrolled into each other. */
  epoch: number;
  /** Stable number of the screen's first row in the normal buffer; undefined on the alternate screen. */
  top: number | undefined;
  lines: string[];
  cursor: [number, number, boolean];
  title: string;
  modes: FrameModes;
}

interface CursorInternals {
  _core?: { coreService?: { isCursorHidden?: boolean } };
}

/** Reads the screen now (the caller holds no parse in between: this is synchronous). */
export function captureScreen(term: HeadlessTerminal, id: number, epoch: number, first: number, title: string): ScreenState {
  const buffer = term.buffer.active;
  const alt = buffer.type === 'alternate';
  const lines: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < term.rows; y++) lines.push(encodeRow(buffer.getLine(buffer.baseY + y), term.cols, cell));
  const hidden = (term as unknown as CursorInternals)._core?.coreService?.isCursorHidden === true;
  return {
    id,
    cols: term.cols,
    rows: term.rows,
    epoch,
    top: alt ? undefined : first + buffer.baseY,
    lines,
    cursor: [Math.min(buffer.cursorX, term.cols - 1), buffer.cursorY, !hidden],
    title,
    modes: { appCursor: term.modes.applicationCursorKeysMode, bracketedPaste: term.modes.bracketedPasteMode, alt },
  };
}

interface LineLike {
  getCell(x: number, cell?: IBufferCell): IBufferCell | undefined;
}

/** One row as ANSI from default attributes; trailing default blanks are left out (the viewer erased the row). */
export function encodeRow(line: LineLike | undefined, cols: number, cell: IBufferCell): string {
  if (!line) return '';
  let end = cols;
  while (end > 0) {
    const c = line.getCell(end - 1, cell);
    if (!c || !isDefaultBlank(c)) break;
    end--;
  }
  let out = '';
  let sgr = '';
  for (let x = 0; x < end; x++) {
    const c = line.getCell(x, cell);
    if (!c) break;
    const width = c.getWidth();
    if (width === 0) continue; // the right half of a wide character
    const next = cellSgr(c);
    if (next !== sgr) {
      out += `\x1b[0${next}m`;
      sgr = next;
    }
    out += c.getChars() || ' ';
  }
  return sgr ? out + '\x1b[0m' : out;
}

function isDefaultBlank(c: IBufferCell): boolean {
  const ch = c.getChars();
  return (ch === '' || ch === ' ') && cellSgr(c) === '';
}

/** The cell's attributes as SGR parameters after a reset (`;1;31…`), '' for defaults. */
export function cellSgr(c: IBufferCell): string {
  let s = '';
  if (c.isBold()) s += ';1';
  if (c.isDim()) s += ';2';
  if (c.isItalic()) s += ';3';
  if (c.isUnderline()) s += ';4';
  if (c.isBlink()) s += ';5';
  if (c.isInverse()) s += ';7';
  if (c.isInvisible()) s += ';8';
  if (c.isStrikethrough()) s += ';9';
  if (c.isOverline()) s += ';53';
  s += color(c.isFgRGB(), c.isFgPalette(), c.getFgColor(), 30, 90, 38);
  s += color(c.isBgRGB(), c.isBgPalette(), c.getBgColor(), 40, 100, 48);
  return s;
}

function color(rgb: boolean, palette: boolean, value: number, base: number, bright: number, extended: number): string {
  if (rgb) return `;${extended};2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}`;
  if (!palette) return '';
  if (value < 8) return `;${base + value}`;
  if (value < 16) return `;${bright + value - 8}`;
  return `;${extended};5;${value}`;
}
