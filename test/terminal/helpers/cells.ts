/** Cell-by-cell dumps of a headless terminal, so round trips can be compared exactly (and diffs stay readable). */
import type { IBufferCell } from '@xterm/headless';
import type { HeadlessTerminal } from '../../../src/terminal/xterm.js';

/** Colour as rendered: 16- and 256-palette modes with the same index are the same colour (the serializer writes indices < 16 as SGR 30–37/90–97). */
function colour(cell: IBufferCell, fg: boolean): string {
  const rgb = fg ? cell.isFgRGB() : cell.isBgRGB();
  const palette = fg ? cell.isFgPalette() : cell.isBgPalette();
  const value = fg ? cell.getFgColor() : cell.getBgColor();
  if (rgb) return '#' + value.toString(16).padStart(6, '0');
  if (palette) return 'p' + value;
  return '';
}

function style(cell: IBufferCell): string {
  const flags = [
    cell.isBold() ? 'b' : '',
    cell.isItalic() ? 'i' : '',
    cell.isDim() ? 'd' : '',
    cell.isUnderline() ? 'u' : '',
    cell.isInverse() ? 'r' : '',
    cell.isInvisible() ? 'h' : '',
    cell.isStrikethrough() ? 's' : '',
  ].join('');
  return `${colour(cell, true)}/${colour(cell, false)}/${flags}`;
}

/** One string per row: runs of equally styled cells as `[style]text`, wide chars marked by their width, a W prefix on wrapped rows. */
export function dumpBuffer(term: HeadlessTerminal, bufferName: 'normal' | 'alternate'): string[] {
  const buffer = term.buffer[bufferName];
  const out: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    let row = line?.isWrapped ? 'W' : '-';
    let current = '';
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x, cell);
      if (!c) continue;
      const s = style(c);
      if (s !== current) {
        row += `[${s}]`;
        current = s;
      }
      const w = c.getWidth();
      row += w === 0 ? '' : w === 2 ? `${c.getChars()}²` : c.getChars() || '·';
    }
    out.push(row);
  }
  return out;
}

export interface TerminalDump {
  cols: number;
  rows: number;
  active: 'normal' | 'alternate';
  cursor: [number, number];
  normal: string[];
  alternate: string[] | undefined;
}

export function dumpTerminal(term: HeadlessTerminal): TerminalDump {
  const active = term.buffer.active.type;
  return {
    cols: term.cols,
    rows: term.rows,
    active,
    cursor: [term.buffer.active.cursorX, term.buffer.active.cursorY],
    normal: dumpBuffer(term, 'normal'),
    alternate: active === 'alternate' ? dumpBuffer(term, 'alternate') : undefined,
  };
}
