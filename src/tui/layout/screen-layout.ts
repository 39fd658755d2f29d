/** Splits the window into sidebar, pane area and status line; says when the window is too small. */
import { Tui } from '../../core/constants.js';
import type { Rect } from './rect.js';

export interface ScreenLayout {
  cols: number;
  rows: number;
  tooSmall: boolean;
  sidebar: Rect | undefined;
  main: Rect;
  status: Rect;
}

/** `sidebar: false` is the user's choice to hide it (prefix b); it also goes on windows too narrow for it. */
export function screenLayout(cols: number, rows: number, opts: { sidebar?: boolean } = {}): ScreenLayout {
  const tooSmall = cols < Tui.MIN_COLS || rows < Tui.MIN_ROWS;
  const status: Rect = { x: 0, y: Math.max(0, rows - 1), width: cols, height: 1 };
  if (tooSmall) return { cols, rows, tooSmall, sidebar: undefined, main: { x: 0, y: 0, width: 0, height: 0 }, status };
  const sidebarWidth =
    opts.sidebar === false || cols < Tui.SIDEBAR_MIN_TOTAL_COLS ? 0 : cols >= Tui.SIDEBAR_WIDE_FROM_COLS ? Tui.SIDEBAR_WIDE_COLS : Tui.SIDEBAR_NARROW_COLS;
  const bodyHeight = rows - 1;
  const sidebar = sidebarWidth > 0 ? { x: 0, y: 0, width: sidebarWidth, height: bodyHeight } : undefined;
  const main = { x: sidebarWidth, y: 0, width: cols - sidebarWidth, height: bodyHeight };
  return { cols, rows, tooSmall, sidebar, main, status };
}

/** The inside of the one pane a window of cols×rows shows when it holds a single agent: the size to start that agent at. */
export function singlePaneSize(cols: number, rows: number): { cols: number; rows: number } | undefined {
  const layout = screenLayout(cols, rows);
  if (layout.tooSmall) return undefined;
  return { cols: Math.max(1, layout.main.width - 2), rows: Math.max(1, layout.main.height - 2) };
}
