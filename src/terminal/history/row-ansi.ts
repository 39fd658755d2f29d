/**
 * One buffer row as self-contained ANSI (starts from default attributes, ends reset), and back to plain text. Rows
 * leaving the live buffer are serialized once, here, as they are trimmed: @xterm/addon-serialize has no cheap call for
 * one detached row (a range serialize builds its handlers per call, ~20 µs a row), and this runs for every line an
 * agent prints. The output uses only SGR, CUF (never-written cells) and ECH (erased cells with a background), so a
 * receiver restores the same cells; colour indices < 16 are written as SGR 30–37/90–97, as the addon does.
 */
import type { IBufferCell, IBufferLine } from '@xterm/headless';
import { cellAttrs, rowCells, rowUsedLength, type RowCells } from '../xterm.js';
import { ByteSink } from './byte-sink.js';

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

const scratch = new ByteSink();

/**
 * `cols` cells of `line` as self-contained ANSI. `cell` is a scratch cell (buffer.getNullCell()). With `continued`
 * (the next row continues this one) trailing never-written cells are kept as a CUF: they are part of the logical line's
 * text, as translateToString(false) has them. Read from xterm's cell words where it has them (writeRowAnsi), else
 * through the public cell API: the same text either way.
 */
export function serializeRow(line: IBufferLine, cols: number, cell: IBufferCell, continued = false): string {
  const row = rowCells(line);
  if (!row) return serializeRowByCells(line, cols, cell, continued);
  scratch.at = 0;
  writeRowAnsi(scratch, row, cols, continued);
  return scratch.decode();
}

/** serializeRow through the public cell API (one cell object read per column): the fallback, and the reference its test compares with. */
export function serializeRowByCells(line: IBufferLine, cols: number, cell: IBufferCell, continued = false): string {
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

// xterm.js's cell layout (its src/common/buffer/Constants.ts): 3 words a cell.
const CONTENT = 0;
const FG = 1;
const BG = 2;
const HAS_CONTENT = 0x3fffff;
const COMBINED = 0x200000;
const CODEPOINT = 0x1fffff;
const WIDTH_SHIFT = 22;
const CM_MASK = 0x3000000;
const CM_RGB = 0x3000000;
const FG_INVERSE = 0x4000000;
const FG_BOLD = 0x8000000;
const FG_UNDERLINE = 0x10000000;
const FG_BLINK = 0x20000000;
const FG_INVISIBLE = 0x40000000;
const FG_STRIKETHROUGH = 0x80000000;
const BG_ITALIC = 0x4000000;
const BG_DIM = 0x8000000;
const BG_HAS_EXTENDED = 0x10000000;
const BG_OVERLINE = 0x40000000;

function colourWords(v: number, fg: boolean): string {
  const mode = v & CM_MASK;
  if (mode === 0) return '';
  if (mode === CM_RGB) return `;${fg ? 38 : 48};2;${(v >>> 16) & 255};${(v >>> 8) & 255};${v & 255}`;
  const value = v & 255;
  if (value < 8) return `;${(fg ? 30 : 40) + value}`;
  if (value < 16) return `;${(fg ? 90 : 100) + value - 8}`;
  return `;${fg ? 38 : 48};5;${value}`;
}

/** sgrOf() from the words of cell x (AttributeData's flag tests, isUnderline with its extended underline style). */
function sgrOfWords(row: RowCells, x: number, fg: number, bg: number): string {
  let s = '';
  if (fg & FG_BOLD) s += ';1';
  if (bg & BG_DIM) s += ';2';
  if (bg & BG_ITALIC) s += ';3';
  if (bg & BG_HAS_EXTENDED && (row._extendedAttrs[x]?.underlineStyle ?? 0) !== 0 ? true : (fg & FG_UNDERLINE) !== 0) s += ';4';
  if (fg & FG_BLINK) s += ';5';
  if (fg & FG_INVERSE) s += ';7';
  if (fg & FG_INVISIBLE) s += ';8';
  if (fg & FG_STRIKETHROUGH) s += ';9';
  if (bg & BG_OVERLINE) s += ';53';
  return s + colourWords(fg, true) + colourWords(bg, false);
}

// The style of the last cell writeRowAnsi looked at, by its words: most rows change style a few times, and the SGR
// string is built only then. Module state, not closures: this runs once per row an agent prints. The SGR is a function
// of the two words alone unless bg has HAS_EXTENDED (then the cell's underline style counts too).
let lastFg = NaN;
let lastBg = NaN;
let lastWant = '';
/** The escape that sets lastWant from defaults: `ESC[0<want>m` (RESET for ''). */
let lastEscape = RESET;

// Styles seen lately, direct-mapped by their words (an agent's output uses a handful over and over): the SGR strings
// are built once, not at every style change of every row (5–10 a row in a coloured log).
const STYLE_CACHE_SLOTS = 256;
const cachedFg = new Float64Array(STYLE_CACHE_SLOTS).fill(NaN);
const cachedBg = new Float64Array(STYLE_CACHE_SLOTS).fill(NaN);
const cachedWant: string[] = new Array<string>(STYLE_CACHE_SLOTS).fill('');
const cachedEscape: string[] = new Array<string>(STYLE_CACHE_SLOTS).fill(RESET);

function styleAt(row: RowCells, d: Uint32Array, x: number): string {
  const fg = d[x * 3 + FG]!;
  const bg = d[x * 3 + BG]!;
  if (fg === lastFg && bg === lastBg) return lastWant;
  lastFg = fg;
  lastBg = bg;
  if (bg & BG_HAS_EXTENDED) {
    // Depends on the cell's extended attributes too: not cached by words.
    lastWant = sgrOfWords(row, x, fg, bg);
    lastEscape = lastWant === '' ? RESET : `${ESC}0${lastWant}m`;
    return lastWant;
  }
  const slot = (fg ^ (bg >>> 3) ^ (fg >>> 11) ^ (bg >>> 19)) & (STYLE_CACHE_SLOTS - 1);
  if (cachedFg[slot] !== fg || cachedBg[slot] !== bg) {
    cachedFg[slot] = fg;
    cachedBg[slot] = bg;
    const want = sgrOfWords(row, x, fg, bg);
    cachedWant[slot] = want;
    cachedEscape[slot] = want === '' ? RESET : `${ESC}0${want}m`;
  }
  lastWant = cachedWant[slot]!;
  lastEscape = cachedEscape[slot]!;
  return lastWant;
}

/** CSI n <final>. */
function csi(sink: ByteSink, n: number, final: number): void {
  sink.ensure(2);
  sink.buf[sink.at++] = 0x1b;
  sink.buf[sink.at++] = 0x5b;
  sink.decimal(n);
  sink.ensure(1);
  sink.buf[sink.at++] = final;
}

/** Content word of a width-1 cell holding a char < 0x80 (or nothing, when the low 7 bits are 0). */
const ASCII_CELL = 1 << WIDTH_SHIFT;
const CUF = 0x43;
const ECH = 0x58;

/**
 * serializeRowByCells() from xterm's cell words, written into `sink` as UTF-8: the same text, without a cell object per
 * column or a string per row. This runs for every row leaving the live buffer (trim-capture.ts), so it follows
 * serializeRowByCells step by step, including when it looks at a cell's style (its test compares the two on random rows).
 */
export function writeRowAnsi(sink: ByteSink, row: RowCells, cols: number, continued = false): void {
  const d = row._data;
  const width = Math.min(cols, row.length);
  // xterm's getNoBgTrimmedLength: up to the last cell with content or a background. Most rows end long before the
  // last column: the blank tail is skipped four cells a step.
  let used = 0;
  let i = row.length - 1;
  for (; i >= 3; i -= 4) {
    const j = i * 3;
    if (((d[j]! | d[j - 3]! | d[j - 6]! | d[j - 9]!) & HAS_CONTENT) | ((d[j + 2]! | d[j - 1]! | d[j - 4]! | d[j - 7]!) & CM_MASK)) break;
  }
  for (; i >= 0; i--) {
    const content = d[i * 3 + CONTENT]!;
    if (content & HAS_CONTENT || d[i * 3 + BG]! & CM_MASK) {
      used = i + (content >> WIDTH_SHIFT);
      break;
    }
  }
  let end = Math.min(width, used);
  // isBlank: nothing written, width 1, default background, not inverse.
  while (end > 0) {
    const i = (end - 1) * 3;
    const content = d[i + CONTENT]!;
    if (content & HAS_CONTENT || content >> WIDTH_SHIFT !== 1 || d[i + BG]! & CM_MASK || d[i + FG]! & FG_INVERSE) break;
    end--;
  }
  // Kept from the row before unless its style depended on that row's extended attributes (the underline style).
  if (lastBg & BG_HAS_EXTENDED) {
    lastFg = NaN;
    lastBg = NaN;
  }
  let sgr = '';
  let x = 0;
  while (x < end) {
    const content = d[x * 3 + CONTENT]!;
    const w = content >> WIDTH_SHIFT;
    if (w === 0) {
      x++;
      continue;
    }
    const want = styleAt(row, d, x);
    // Taken now: the run below looks at the next cells' styles.
    const escape = lastEscape;
    if ((content & HAS_CONTENT) === 0) {
      let n = 1;
      while (x + n < end) {
        const next = d[(x + n) * 3 + CONTENT]!;
        if (next & HAS_CONTENT || next >> WIDTH_SHIFT !== 1 || styleAt(row, d, x + n) !== want) break;
        n++;
      }
      if (want === '') {
        csi(sink, n, CUF);
      } else {
        if (want !== sgr) sink.ascii(escape);
        sgr = want;
        csi(sink, n, ECH);
        csi(sink, n, CUF);
      }
      x += n;
      continue;
    }
    if (want !== sgr) {
      sink.ascii(escape);
      sgr = want;
    }
    if (content & COMBINED) sink.text(row._combined[x] ?? '');
    else sink.codePoint(content & CODEPOINT);
    x += w;
    // The cells after it with the very same words and a printable ASCII char (most of a log's text): copied byte by
    // byte, their style known to be this one.
    const fg = d[(x - w) * 3 + FG]!;
    const bg = d[(x - w) * 3 + BG]!;
    sink.ensure(end - x);
    const buf = sink.buf;
    let at = sink.at;
    while (x < end) {
      const i = x * 3;
      const c = d[i + CONTENT]!;
      if ((c & ~0x7f) !== ASCII_CELL || c === ASCII_CELL || d[i + FG] !== fg || d[i + BG] !== bg) break;
      buf[at++] = c & 0x7f;
      x++;
    }
    sink.at = at;
  }
  if (sgr !== '') sink.ascii(RESET);
  if (continued && end < width) csi(sink, width - end, CUF);
}

/** rowIsFull() from xterm's cell words. */
export function rowCellsFull(row: RowCells, cols: number): boolean {
  if (cols < 1) return false;
  const content = row._data[(cols - 1) * 3 + CONTENT]!;
  return (content & HAS_CONTENT) !== 0 || content >> WIDTH_SHIFT === 0;
}

const ESCAPES = /\x1b\[([\d;]*)([A-Za-z])/g;

/** Plain text of a serializeRow() row: skipped cells become spaces, styles are dropped. */
export function rowText(ansi: string): string {
  if (!ansi.includes('\x1b')) return ansi;
  return ansi.replace(ESCAPES, (_m, n: string, final: string) => (final === 'C' ? ' '.repeat(Number(n) || 1) : ''));
}
