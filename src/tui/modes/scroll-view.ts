/**
 * Draws scroll mode's window of history into a pane: the window's rows (ANSI pages from the daemon) are written into
 * a scratch headless terminal of the window's size, which the compositor copies like any pane; search matches are
 * then restyled in the grid (tmux's copy-mode match styles: cyan, the current one magenta).
 */
import { blitTerminal } from '../compositor/blit-terminal.js';
import type { CellGrid } from '../compositor/cell-grid.js';
import type { Terminal } from '../headless-terminal.js';
import type { Rect } from '../layout/rect.js';
import { AnsiScratch } from './ansi-scratch.js';
import { matchIndexes, type Match } from './history-search.js';

/** SGR parameters of a match and of the current match (tmux: copy-mode-match-style, copy-mode-current-match-style). */
export const MATCH_STYLE = '30;46';
export const CURRENT_MATCH_STYLE = '30;45';

export interface ScrollWindow {
  /** Number of the top row. */
  top: number;
  cols: number;
  height: number;
  /** ANSI of row n, undefined while its page is loading. */
  row(n: number): string | undefined;
  /** Whether row n continues the row before (soft wrap); undefined while loading. */
  wrapped(n: number): boolean | undefined;
  query: string | undefined;
  current: Match | undefined;
}

export class ScrollView {
  private readonly scratch: AnsiScratch;

  /** `onParsed` is called when a write could not be parsed at once (a frame must follow). */
  constructor(onParsed: () => void) {
    this.scratch = new AnsiScratch(onParsed);
  }

  /** Copies the window into `grid` at `dest`; false when nothing of it is loaded yet (the caller draws the live pane). */
  draw(grid: CellGrid, dest: Rect, win: ScrollWindow, dim: boolean): boolean {
    const rows: (string | undefined)[] = [];
    for (let i = 0; i < win.height; i++) rows.push(win.row(win.top + i));
    if (rows.every((r) => r === undefined)) return false;
    // The key is the window and each row's text; a row still loading stays blank.
    const key = `${win.top}|${win.cols}x${win.height}|${rows.map((r) => r ?? '\0').join('\n')}`;
    const term = this.scratch.show(win.cols, win.height, key, rows, false);
    blitTerminal(grid, term, dest, { topLine: 0, dim });
    if (win.query) this.highlight(grid, dest, term, win);
    return true;
  }

  dispose(): void {
    this.scratch.dispose();
  }

  private highlight(grid: CellGrid, dest: Rect, term: Terminal, win: ScrollWindow): void {
    const query = win.query ?? '';
    const buffer = term.buffer.active;
    const cell = buffer.getNullCell();
    const height = Math.min(dest.height, win.height);
    // The view's rows as text (as xterm's translateToString builds it, which is what the daemon searched), each char's
    // cell; rows the terminal soft-wrapped from one line are joined, as search joins them.
    let text = '';
    let cells: { y: number; x: number }[] = [];
    const flush = (): void => {
      for (const at of matchIndexes(text, query)) {
        const start = cells[at];
        if (!start) continue;
        const rowStart = cells.findIndex((c) => c.y === start.y);
        const current = win.current?.row === win.top + start.y && win.current.col === at - rowStart;
        const style = current ? CURRENT_MATCH_STYLE : MATCH_STYLE;
        for (let i = at; i < at + query.length; i++) {
          const c = cells[i];
          if (c && c.x < dest.width) grid.set(dest.x + c.x, dest.y + c.y, grid.charAt(dest.x + c.x, dest.y + c.y), style);
        }
      }
      text = '';
      cells = [];
    };
    for (let y = 0; y < height; y++) {
      const line = buffer.getLine(y);
      if (!line) continue;
      if (!win.wrapped(win.top + y)) flush();
      for (let x = 0; x < term.cols; x++) {
        line.getCell(x, cell);
        if (cell.getWidth() === 0) continue;
        const chars = cell.getChars() || ' ';
        for (let k = 0; k < chars.length; k++) cells.push({ y, x });
        text += chars;
      }
    }
    flush();
  }
}
