/**
 * One buffer row as self-contained ANSI (starts from default attributes, ends reset), and back to plain text. Rows
 * leaving the live buffer are serialized once, here, as they are trimmed: @xterm/addon-serialize has no cheap call for
 * one detached row (a range serialize builds its handlers per call, ~20 µs a row), and this runs for every line an
 * agent prints. The output uses only SGR, CUF (never-written cells) and ECH (erased cells with a background), so a
 * receiver restores the same cells; colour indices < 16 are written as SGR 30–37/90–97, as the addon does.
 */
import type { IBufferCell, IBufferLine } from '@xterm/headless';
import { cellAttrs, rowUsedLength } from '../xterm.js';

const ESC = '\x1b[';
const RESET = '\x1b[0m';

function colourSgr(cell: IBufferCell, fg: boolean): string {
  if (fg ? cell.isFgDefault() : cell.isBgDefault()) return '';
  const value = fg ? cell.getFgColor() : cell.getBgColor();
  if (fg ? cell.isFgRGB() : cell.isBgRGB()) return `;${fg ? 38 : 48};2;${(value >>> 16) & 255};${(value >>> 8) & 255};${value & 255}`;
  if (value < 8) return `;${(fg ? 30 : 40) + value}`;
  if (value < 16) return `;${(fg ? 90 : 100) + value - 8}`;
  return `;${fg ? 38 : 48};5;${value}`;
}

/** The full SGR for a cell's attributes ('' when they are the defaults). */
function sgrOf(cell: IBufferCell): string {
  let s = '';
  if (cell.isBold()) s += ';1';
  if (cell.isDim()) s += ';2';
  if (cell.isItalic()) s += ';3';
  if (cell.isUnderline()) s += ';4';
  if (cell.isBlink()) s += ';5';
  if (cell.isInverse()) s += ';7';
  if (cell.isInvisible()) s += ';8';
  if (cell.isStrikethrough()) s += ';9';
  if (cell.isOverline()) s += ';53';
  s += colourSgr(cell, true) + colourSgr(cell, false);
  return s;
}

/** A cell nothing was written to and no erase coloured: left out (trailing) or skipped with CUF. */
function isBlank(cell: IBufferCell): boolean {
  return cell.getChars() === '' && cell.getWidth() === 1 && cell.isBgDefault() && !cell.isInverse();
}

/**
 * `cols` cells of `line` as self-contained ANSI. `cell` is a scratch cell (buffer.getNullCell()). With `continued`
 * (the next row continues this one) trailing never-written cells are kept as a CUF: they are part of the logical line's
 * text, as translateToString(false) has them.
 */
export function serializeRow(line: IBufferLine, cols: number, cell: IBufferCell, continued = false): string {
  const width = Math.min(cols, line.length);
  // Most rows end long before the last column: xterm's scan finds their end without a cell object per column.
  let end = Math.min(width, rowUsedLength(line) ?? width);
  while (end > 0 && isBlank(line.getCell(end - 1, cell)!)) end--;
  const trailing = continued && end < width ? `${ESC}${width - end}C` : '';
  let out = '';
  let sgr = '';
  // The style of the last cell looked at, by xterm's packed attributes when it has them (most rows change style a few
  // times: the SGR string is built only then).
  const packed = cellAttrs(cell) !== undefined;
  let lastFg = NaN;
  let lastBg = NaN;
  let lastWant = '';
  const styleOf = (c: IBufferCell): string => {
    if (packed) {
      const a = c as unknown as { fg: number; bg: number };
      if (a.fg === lastFg && a.bg === lastBg) return lastWant;
      lastFg = a.fg;
      lastBg = a.bg;
    }
    lastWant = sgrOf(c);
    return lastWant;
  };
  let x = 0;
  while (x < end) {
    line.getCell(x, cell);
    const chars = cell.getChars();
    const width = cell.getWidth();
    if (width === 0) {
      x++;
      continue;
    }
    const want = styleOf(cell);
    if (chars === '') {
      // A run of empty cells with the same attributes: skipped (never written) or erased with their background.
      let n = 1;
      while (x + n < end) {
        line.getCell(x + n, cell);
        if (cell.getChars() !== '' || cell.getWidth() !== 1 || styleOf(cell) !== want) break;
        n++;
      }
      if (want === '') {
        out += `${ESC}${n}C`;
      } else {
        if (want !== sgr) out += `${ESC}0${want}m`;
        sgr = want;
        out += `${ESC}${n}X${ESC}${n}C`;
      }
      x += n;
      continue;
    }
    if (want !== sgr) {
      out += want === '' ? RESET : `${ESC}0${want}m`;
      sgr = want;
    }
    out += chars;
    x += width;
  }
  return (sgr === '' ? out : out + RESET) + trailing;
}

/** Whether the row's last cell is written (a wide char's second half counts): printing the row leaves a pending wrap. */
export function rowIsFull(line: IBufferLine, cols: number, cell: IBufferCell): boolean {
  if (cols < 1) return false;
  line.getCell(cols - 1, cell);
  return cell.getChars() !== '' || cell.getWidth() === 0;
}

const ESCAPES = /\x1b\[([\d;]*)([A-Za-z])/g;

/** Plain text of a serializeRow() row: skipped cells become spaces, styles are dropped. */
export function rowText(ansi: string): string {
  if (!ansi.includes('\x1b')) return ansi;
  return ansi.replace(ESCAPES, (_m, n: string, final: string) => (final === 'C' ? ' '.repeat(Number(n) || 1) : ''));
}
