/** Copies a window of a headless terminal's buffer into a CellGrid: the pane contents and the chrome both go through here. */
import type { Terminal } from '@xterm/headless';
import type { Rect } from '../layout/rect.js';
import type { CellGrid } from './cell-grid.js';
import { cellStyle } from './cell-style.js';

export interface BlitOptions {
  /** Absolute buffer line shown at the top of `dest` (viewportY for the live screen, less in scroll mode). */
  topLine: number;
  /** Adds SGR dim to every cell: a pane that is not live (disconnected) must not look live. */
  dim?: boolean;
  /** Column of the terminal shown at dest.x. */
  leftCol?: number;
}

export function blitTerminal(grid: CellGrid, term: Terminal, dest: Rect, opts: BlitOptions): void {
  const buffer = term.buffer.active;
  const cell = buffer.getNullCell();
  const left = opts.leftCol ?? 0;
  for (let row = 0; row < dest.height; row++) {
    const y = dest.y + row;
    const line = buffer.getLine(opts.topLine + row);
    for (let col = 0; col < dest.width; col++) {
      const x = dest.x + col;
      const srcX = left + col;
      if (!line || srcX >= term.cols) {
        grid.set(x, y, ' ', opts.dim ? '2' : '');
        continue;
      }
      line.getCell(srcX, cell);
      const width = cell.getWidth();
      let style = cellStyle(cell);
      if (opts.dim) style = style ? `2;${style}` : '2';
      if (width === 0) {
        // Right half of a wide char whose left half is outside the window: a blank keeps columns aligned.
        grid.set(x, y, col === 0 ? ' ' : '', col === 0 ? style : grid.styleAt(x - 1, y));
        continue;
      }
      if (width === 2 && col === dest.width - 1) {
        // A wide char cut by the right edge would spill over the border.
        grid.set(x, y, ' ', style);
        continue;
      }
      grid.set(x, y, cell.getChars() || ' ', style);
    }
  }
}
