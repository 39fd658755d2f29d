/**
 * A rectangle of the screen drawn from rows of ANSI text, as scroll-view.ts draws history: the rows are written into a
 * scratch headless terminal of the rectangle's size (autowrap off, so a long row is cut at the edge, and wide
 * characters take the cells they take on screen), which the compositor copies like a pane.
 */
import { writeParsedNow } from '../../core/xterm-sync-write.js';
import { blitTerminal } from '../compositor/blit-terminal.js';
import type { CellGrid } from '../compositor/cell-grid.js';
import { createTerminal, type Terminal } from '../headless-terminal.js';
import type { Rect } from '../layout/rect.js';

export class AnsiPanel {
  private term: Terminal | undefined;
  private drawnKey = '';
  private parsed = true;

  /** `onParsed` is called when a write could not be parsed at once (a frame must follow). */
  constructor(private readonly onParsed: () => void) {}

  draw(grid: CellGrid, dest: Rect, rows: readonly string[]): void {
    if (dest.width <= 0 || dest.height <= 0) return;
    const term = this.terminal(dest.width, dest.height);
    const key = rows.slice(0, dest.height).join('\n');
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      // DECAWM off: a row longer than the panel is cut, never wrapped onto the next.
      let data = '\x1b[?7l\x1b[0m\x1b[H\x1b[2J';
      rows.slice(0, dest.height).forEach((r, i) => {
        if (r) data += `\x1b[${i + 1};1H${r}\x1b[0m`;
      });
      this.parsed = writeParsedNow(term, data, () => {
        if (!this.parsed) this.onParsed();
        this.parsed = true;
      });
    }
    blitTerminal(grid, term, dest, { topLine: 0 });
  }

  dispose(): void {
    this.term?.dispose();
    this.term = undefined;
  }

  private terminal(cols: number, rows: number): Terminal {
    if (!this.term || this.term.cols !== cols || this.term.rows !== rows) {
      this.term?.dispose();
      this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
      this.drawnKey = '';
    }
    return this.term;
  }
}
