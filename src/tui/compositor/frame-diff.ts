/** The escape sequences that turn the previous frame into the next: only changed cells, cursor-addressed, styles carried over. */
import type { CellGrid } from './cell-grid.js';

export interface CursorState {
  visible: boolean;
  x: number;
  y: number;
}

/**
 * Output for cells that differ between `prev` and `next` (all of them when `prev` is undefined or
 * another size). Returns '' when nothing changed. Leaves the terminal's pen at default (ESC[0m).
 */
export function diffFrames(prev: CellGrid | undefined, next: CellGrid): string {
  const full = !prev || prev.cols !== next.cols || prev.rows !== next.rows;
  let out = '';
  let cx = -1;
  let cy = -1;
  let pen = '';
  const { cols, rows, chars, styles } = next;
  for (let y = 0; y < rows; y++) {
    const rowStart = y * cols;
    for (let x = 0; x < cols; x++) {
      const i = rowStart + x;
      const ch = chars[i] as string;
      const style = styles[i] as string;
      if (!full && prev.chars[i] === ch && prev.styles[i] === style) continue;
      if (ch === '') {
        // Continuation of a wide char: drawn with its left half. Only a lone one (left half unchanged) needs a blank.
        const leftChanged = x > 0 && (full || prev.chars[i - 1] !== chars[i - 1] || prev.styles[i - 1] !== styles[i - 1]);
        if (leftChanged || x === 0) continue;
      }
      if (cx !== x || cy !== y) out += `\x1b[${y + 1};${x + 1}H`;
      if (style !== pen) {
        out += style ? `\x1b[0;${style}m` : '\x1b[0m';
        pen = style;
      }
      const wide = x + 1 < cols && chars[i + 1] === '';
      out += ch === '' ? ' ' : ch;
      cx = x + (wide ? 2 : 1);
      cy = y;
      if (wide) x++;
    }
  }
  if (pen) out += '\x1b[0m';
  return out;
}
