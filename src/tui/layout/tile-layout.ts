/** Tiles panes tmux-"tiled" style: a grid of ceil(sqrt(n)) columns, the last row's panes widened to fill. */
import { type Rect, splitEvenly } from './rect.js';

export interface PaneTile {
  agentId: string;
  /** Outer rectangle including the border. */
  rect: Rect;
}

/** A split tree, so the chrome can draw it with nested flex boxes of exact sizes. */
export type TileNode =
  | { kind: 'pane'; agentId: string; rect: Rect }
  | { kind: 'split'; direction: 'row' | 'column'; rect: Rect; children: TileNode[] };

export interface TileLayout {
  root: TileNode | undefined;
  panes: PaneTile[];
}

/** Smallest outer pane size that still shows something useful; more panes than fit are not tiled. */
export const MIN_PANE_WIDTH = 16;
export const MIN_PANE_HEIGHT = 5;

/** How many panes fit in `area` with the tiled arrangement, at least one. */
export function maxTiles(area: Rect): number {
  let best = 1;
  for (let n = 2; n <= 64; n++) {
    const { columns, rows } = gridShape(n);
    if (Math.floor(area.width / columns) < MIN_PANE_WIDTH || Math.floor(area.height / rows) < MIN_PANE_HEIGHT) break;
    best = n;
  }
  return best;
}

function gridShape(n: number): { columns: number; rows: number } {
  const columns = Math.ceil(Math.sqrt(n));
  return { columns, rows: Math.ceil(n / columns) };
}

/** Lays out `agentIds` in `area`; with `zoomedId` that one pane takes the whole area. */
export function tileLayout(agentIds: readonly string[], area: Rect, zoomedId?: string): TileLayout {
  if (area.width <= 0 || area.height <= 0 || agentIds.length === 0) return { root: undefined, panes: [] };
  if (zoomedId !== undefined && agentIds.includes(zoomedId)) {
    const node: TileNode = { kind: 'pane', agentId: zoomedId, rect: { ...area } };
    return { root: node, panes: [{ agentId: zoomedId, rect: { ...area } }] };
  }
  const n = agentIds.length;
  const { columns, rows } = gridShape(n);
  const heights = splitEvenly(area.height, rows);
  const rowNodes: TileNode[] = [];
  const panes: PaneTile[] = [];
  let y = area.y;
  let index = 0;
  for (let r = 0; r < rows; r++) {
    const inRow = Math.min(columns, n - index);
    const widths = splitEvenly(area.width, inRow);
    const height = heights[r] ?? 0;
    const cells: TileNode[] = [];
    let x = area.x;
    for (let c = 0; c < inRow; c++) {
      const width = widths[c] ?? 0;
      const agentId = agentIds[index++] as string;
      const rect = { x, y, width, height };
      cells.push({ kind: 'pane', agentId, rect });
      panes.push({ agentId, rect });
      x += width;
    }
    const rowRect = { x: area.x, y, width: area.width, height };
    rowNodes.push(cells.length === 1 ? (cells[0] as TileNode) : { kind: 'split', direction: 'row', rect: rowRect, children: cells });
    y += height;
  }
  const root: TileNode = rowNodes.length === 1 ? (rowNodes[0] as TileNode) : { kind: 'split', direction: 'column', rect: { ...area }, children: rowNodes };
  return { root, panes };
}
