/** Derives the screen split, the arranged panes and the visible agents from state: the one place layout decisions are made. */
import { arrangePanes, paneCapacity } from '../layout/pane-layouts.js';
import { screenLayout, type ScreenLayout } from '../layout/screen-layout.js';
import type { TileLayout } from '../layout/tile-layout.js';
import { tiledCandidates, type TuiState } from './tui-state.js';

export interface ViewGeometry {
  screen: ScreenLayout;
  tiles: TileLayout;
  visibleIds: string[];
  /** Agents that would get a pane but do not fit ("+N more"); exited agents out of the tiling are not counted. */
  hiddenCount: number;
}

export function viewGeometry(state: TuiState): ViewGeometry {
  const screen = screenLayout(state.cols, state.rows, { sidebar: state.sidebar });
  if (screen.tooSmall) return { screen, tiles: { root: undefined, panes: [] }, visibleIds: [], hiddenCount: 0 };
  const ids = tiledCandidates(state).map((a) => a.id);
  const fit = Math.min(paneCapacity(state.layout, screen.main), state.maxPanes ?? Infinity);
  let visibleIds = ids.slice(0, fit);
  // Too many to show: keep the focused agent on screen by sliding the window to it.
  if (state.focusId && ids.includes(state.focusId) && !visibleIds.includes(state.focusId)) {
    const at = ids.indexOf(state.focusId);
    visibleIds = ids.slice(at - fit + 1, at + 1);
  }
  const tiles = arrangePanes(state.layout, visibleIds, screen.main, { mainId: state.focusId, zoomedId: state.zoomed ? state.focusId : undefined });
  return { screen, tiles, visibleIds, hiddenCount: ids.length - visibleIds.length };
}
