/** The escape sequences that turn the previous frame into the next: only changed cells, cursor-addressed, styles carried over. */
import type { CellGrid } from './cell-grid.js';

export interface CursorState {
  visible: boolean;
  x: number;
  y: number;
}

/**
 * Column ranges [x0, x1, …] of row y that may differ between prev and next, from the rows' pieces (see CellGrid);
 * undefined = the whole row. Outside the ranges, every piece covering a column is the same copy in both frames.
 */
function dirtyRanges(prev: CellGrid, next: CellGrid, y: number): number[] | undefined {
  const a = prev.pieces[y];
  const b = next.pieces[y];
  if (!a || !b || a.length !== b.length) return undefined;
  const out: number[] = [];
  for (let k = 0; k < a.length; k += 4) {
    if (a[k] !== b[k] || a[k + 1] !== b[k + 1]) return undefined;
    if (a[k + 2] !== b[k + 2] || a[k + 3] !== b[k + 3]) out.push(a[k] as number, a[k + 1] as number);
  }
  if (out.length <= 2) return out;
  // Pieces overlap (a pane over the chrome): sort and merge, so no cell is visited twice.
  const pairs: [number, number][] = [];
  for (let k = 0; k < out.length; k += 2) pairs.push([out[k] as number, out[k + 1] as number]);
  pairs.sort((p, q) => p[0] - q[0]);
  const merged: number[] = [];
  for (const [x0, x1] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && x0 <= (merged[last] as number)) merged[last] = Math.max(merged[last] as number, x1);
    else merged.push(x0, x1);
  }
  return merged;
}

/**
 * Output for cells that differ between `prev` and next (all of them when `prev` is undefined or
 * another size). Returns '' when nothing changed. Leaves the terminal's pen at default (ESC[0m).
 */
export function diffFrames(prev: CellGrid | undefined, next: CellGrid): string {
  const full = !prev || prev.cols !== next.cols || prev.rows !== next.rows;
  let out = '';
  let cx = -1;
  let cy = -1;
  let pen = '';
  const { cols, rows, chars, styles } = next;
  const whole = [0, cols];
  for (let y = 0; y < rows; y++) {
    const ranges = full ? whole : (dirtyRanges(prev, next, y) ?? whole);
    const rowStart = y * cols;
    for (let r = 0; r < ranges.length; r += 2) {
      const end = ranges[r + 1] as number;
      for (let x = ranges[r] as number; x < end; x++) {
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
  }
  if (pen) out += '\x1b[0m';
  return out;
}
