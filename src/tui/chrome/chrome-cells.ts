/**
 * Ink's chrome lines as cells (text and SGR per cell), ready for the compositor: parsed through a headless terminal
 * and read out with the same blit as the panes. This runs where Ink runs — in the chrome worker — so the main thread
 * only copies arrays: parsing a 200x60 chrome and reading its 12k cells cost it 5–90 ms per chrome change (profiles of
 * the echo benchmark), time every keystroke's echo waited behind.
 */
import type { Disposable } from '../../core/disposable.js';
import { blitTerminal } from '../compositor/blit-terminal.js';
import { CellGrid } from '../compositor/cell-grid.js';
import { createTerminal, type Terminal } from '../headless-terminal.js';

/** What crosses from the worker to the main thread: plain arrays, structured-cloned. */
export interface ChromeCells {
  cols: number;
  rows: number;
  chars: string[];
  styles: string[];
}

/** Turns rendered lines into cells; keeps one terminal per window size. */
export class ChromeCellReader implements Disposable {
  private term: Terminal | undefined;

  async read(lines: string[], cols: number, rows: number): Promise<ChromeCells> {
    if (!this.term || this.term.cols !== cols || this.term.rows !== rows) {
      this.term?.dispose();
      this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
    }
    const term = this.term;
    // Autowrap off: a line exactly `cols` wide must not push the next one down.
    const data = '\x1b[?7l\x1b[0m\x1b[H\x1b[2J' + lines.map((l) => `${l}\x1b[0m`).join('\r\n');
    await new Promise<void>((resolve) => term.write(data, resolve));
    const grid = new CellGrid(cols, rows);
    blitTerminal(grid, term, { x: 0, y: 0, width: cols, height: rows }, { topLine: 0 });
    return { cols, rows, chars: grid.chars, styles: grid.styles };
  }

  dispose(): void {
    this.term?.dispose();
    this.term = undefined;
  }
}

/** The chrome as a grid the compositor starts each frame from (an immutable base: a new one per chrome render). */
export function chromeGrid(cells: ChromeCells): CellGrid {
  return CellGrid.fromCells(cells.cols, cells.rows, cells.chars, cells.styles);
}
