/**
 * The pane arrangements a user can pick (tmux select-layout / next-layout): tiled, main + stack, and one at a time.
 * Each says how many panes fit in an area and lays out the agents it is given; the caller decides which agents.
 */
import { Tui } from '../../core/constants.js';
import { type Rect, splitEvenly } from './rect.js';
import { MIN_PANE_HEIGHT, MIN_PANE_WIDTH, maxTiles, tileLayout, type PaneTile, type TileLayout, type TileNode } from './tile-layout.js';

export const PANE_LAYOUTS = ['tiled', 'main-stack', 'single'] as const;
export type PaneLayoutName = (typeof PANE_LAYOUTS)[number];

export function isPaneLayoutName(value: unknown): value is PaneLayoutName {
  return typeof value === 'string' && (PANE_LAYOUTS as readonly string[]).includes(value);
}

/** tmux next-layout: the one after `current`, wrapping. */
export function nextPaneLayout(current: PaneLayoutName): PaneLayoutName {
  return PANE_LAYOUTS[(PANE_LAYOUTS.indexOf(current) + 1) % PANE_LAYOUTS.length] as PaneLayoutName;
}

/** How many panes `layout` fits in `area` (at least one). */
export function paneCapacity(layout: PaneLayoutName, area: Rect): number {
  switch (layout) {
    case 'tiled':
      return maxTiles(area);
    case 'single':
      return 1;
    case 'main-stack': {
      const { stack } = mainStackSplit(area);
      if (!stack) return 1;
      return 1 + Math.max(1, Math.floor(stack.height / MIN_PANE_HEIGHT));
    }
  }
}

function mainStackSplit(area: Rect): { main: Rect; stack: Rect | undefined } {
  const stackWidth = area.width - Math.round((area.width * Tui.MAIN_PANE_WIDTH_PERCENT) / 100);
  // Too narrow for a stack beside a usable main pane: the main pane alone.
  if (stackWidth < MIN_PANE_WIDTH || area.width - stackWidth < MIN_PANE_WIDTH) return { main: { ...area }, stack: undefined };
  return {
    main: { x: area.x, y: area.y, width: area.width - stackWidth, height: area.height },
    stack: { x: area.x + area.width - stackWidth, y: area.y, width: stackWidth, height: area.height },
  };
}

/**
 * Lays out `agentIds` (already cut to the capacity) in `area`. Main + stack puts `mainId` (the focused agent) in the
 * main pane and the others top to bottom in the stack; with `zoomedId` that one pane takes the whole area in any layout.
 */
export function arrangePanes(layout: PaneLayoutName, agentIds: readonly string[], area: Rect, opts: { mainId?: string; zoomedId?: string } = {}): TileLayout {
  if (area.width <= 0 || area.height <= 0 || agentIds.length === 0) return { root: undefined, panes: [] };
  if (opts.zoomedId !== undefined && agentIds.includes(opts.zoomedId)) return tileLayout(agentIds, area, opts.zoomedId);
  if (layout === 'tiled') return tileLayout(agentIds, area);
  const mainId = opts.mainId !== undefined && agentIds.includes(opts.mainId) ? opts.mainId : (agentIds[0] as string);
  if (layout === 'single') return tileLayout([mainId], area);
  const { main, stack } = mainStackSplit(area);
  const rest = agentIds.filter((id) => id !== mainId);
  if (!stack || rest.length === 0) return tileLayout([mainId], area);
  const heights = splitEvenly(stack.height, rest.length);
  const panes: PaneTile[] = [{ agentId: mainId, rect: main }];
  const stackNodes: TileNode[] = [];
  let y = stack.y;
  rest.forEach((agentId, i) => {
    const rect = { x: stack.x, y, width: stack.width, height: heights[i] ?? 0 };
    panes.push({ agentId, rect });
    stackNodes.push({ kind: 'pane', agentId, rect });
    y += rect.height;
  });
  const stackNode: TileNode = stackNodes.length === 1 ? (stackNodes[0] as TileNode) : { kind: 'split', direction: 'column', rect: stack, children: stackNodes };
  const root: TileNode = { kind: 'split', direction: 'row', rect: { ...area }, children: [{ kind: 'pane', agentId: mainId, rect: main }, stackNode] };
  return { root, panes };
}
