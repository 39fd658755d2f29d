/**
 * A rectangle of the screen drawn from rows of ANSI text, as scroll-view.ts draws history: the rows are written into a
 * scratch headless terminal of the rectangle's size (autowrap off, so a long row is cut at the edge, and wide
 * characters take the cells they take on screen), which the compositor copies like a pane.
 */
import { blitTerminal } from '../compositor/blit-terminal.js';
import type { CellGrid } from '../compositor/cell-grid.js';
import type { Rect } from '../layout/rect.js';
import { AnsiScratch } from './ansi-scratch.js';

export class AnsiPanel {
  private readonly scratch: AnsiScratch;

  /** `onParsed` is called when a write could not be parsed at once (a frame must follow). */
  constructor(onParsed: () => void) {
    this.scratch = new AnsiScratch(onParsed);
  }

  draw(grid: CellGrid, dest: Rect, rows: readonly string[]): void {
    if (dest.width <= 0 || dest.height <= 0) return;
    const shown = rows.slice(0, dest.height);
    // Cut (autowrap off): a row longer than the panel never wraps onto the next.
    const term = this.scratch.show(dest.width, dest.height, shown.join('\n'), shown, true);
    blitTerminal(grid, term, dest, { topLine: 0 });
  }

  dispose(): void {
    this.scratch.dispose();
  }
}
