/** Composes one frame: chrome cells, then each visible pane's mirror inside its border; plus where the cursor goes.
 * Unchanged terminals (chrome and panes) are copied from blitTerminal's per-terminal cache. */
import type { Terminal } from '@xterm/headless';
import { blitTerminal } from './compositor/blit-terminal.js';
import { CellGrid } from './compositor/cell-grid.js';
import type { CursorState } from './compositor/frame-diff.js';
import { innerRect } from './layout/rect.js';
import type { MirrorSet } from './mirror-set.js';
import type { TuiState } from './state/tui-state.js';
import type { ViewGeometry } from './state/view-geometry.js';
import type { ScrollPaneView } from './modes/scroll-mode.js';

/** `chrome` is the Ink chrome parsed into a headless terminal, or the plain chrome's cells (before Ink is loaded). */
export function composeFrame(
  chrome: Terminal | CellGrid,
  state: TuiState,
  geometry: ViewGeometry,
  mirrors: MirrorSet,
  /** A grid no longer on screen to draw into instead of allocating one (ScreenWriter.recycle()). */
  spare?: CellGrid,
  /** The pane in scroll mode draws its window of history instead of the live mirror. */
  scrollView?: ScrollPaneView,
): { grid: CellGrid; cursor: CursorState } {
  let grid: CellGrid;
  const reuse = spare && spare.cols === state.cols && spare.rows === state.rows ? spare : undefined;
  if (chrome instanceof CellGrid) {
    if (reuse) reuse.reset(chrome);
    grid = reuse ?? new CellGrid(state.cols, state.rows, chrome);
  } else {
    if (reuse) reuse.reset();
    grid = reuse ?? new CellGrid(state.cols, state.rows);
    blitTerminal(grid, chrome, { x: 0, y: 0, width: Math.min(state.cols, chrome.cols), height: Math.min(state.rows, chrome.rows) }, { topLine: 0 });
  }
  const cursor: CursorState = { visible: false, x: 0, y: 0 };
  if (geometry.screen.tooSmall || state.dialog.kind !== 'none') return { grid, cursor };
  for (const pane of geometry.tiles.panes) {
    const mirror = mirrors.get(pane.agentId);
    const term = mirror?.terminal;
    if (!mirror || !term) continue;
    const inner = innerRect(pane.rect);
    if (scrollView?.agentId === pane.agentId && scrollView.draw(grid, inner, !mirror.live)) continue;
    const buffer = term.buffer.active;
    // Live view: when the PTY is taller than the pane (another client's size), keep the cursor's rows in view.
    const topLine = buffer.baseY + Math.max(0, Math.min(term.rows, buffer.cursorY + 1) - inner.height);
    blitTerminal(grid, term, inner, { topLine, dim: !mirror.live });
    const cursorRow = buffer.baseY + buffer.cursorY - topLine;
    if (pane.agentId === state.focusId && mirror.live && state.scroll?.agentId !== pane.agentId && !mirror.cursorHidden && state.prompt === undefined) {
      // After a line filled to the last column the cursor waits past it (pending wrap); terminals show it on that column.
      const cursorX = Math.min(buffer.cursorX, term.cols - 1);
      if (cursorRow >= 0 && cursorRow < inner.height && cursorX < inner.width) {
        cursor.visible = true;
        cursor.x = inner.x + cursorX;
        cursor.y = inner.y + cursorRow;
      }
    }
  }
  return { grid, cursor };
}
