/** Derives the screen split, the tiled panes and the visible agents from state: the one place layout decisions are made. */
import { screenLayout, type ScreenLayout } from '../layout/screen-layout.js';
import { maxTiles, tileLayout, type TileLayout } from '../layout/tile-layout.js';
import { paneCandidates, type TuiState } from './tui-state.js';

export interface ViewGeometry {
  screen: ScreenLayout;
  tiles: TileLayout;
  visibleIds: string[];
  hiddenCount: number;
}

export function viewGeometry(state: TuiState): ViewGeometry {
  const screen = screenLayout(state.cols, state.rows);
  if (screen.tooSmall) return { screen, tiles: { root: undefined, panes: [] }, visibleIds: [], hiddenCount: 0 };
  const ids = paneCandidates(state.agents).map((a) => a.id);
  const fit = maxTiles(screen.main);
  let visibleIds = ids.slice(0, fit);
  // Too many to tile: keep the focused agent on screen by sliding the window to it.
  if (state.focusId && ids.includes(state.focusId) && !visibleIds.includes(state.focusId)) {
    const at = ids.indexOf(state.focusId);
    visibleIds = ids.slice(at - fit + 1, at + 1);
  }
  const tiles = tileLayout(visibleIds, screen.main, state.zoomed ? state.focusId : undefined);
  return { screen, tiles, visibleIds, hiddenCount: ids.length - visibleIds.length };
}
