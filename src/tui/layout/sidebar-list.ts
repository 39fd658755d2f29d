/** Which agents the sidebar lists and on which rows: two rows each while they fit, one row each when there are many. */
import type { TuiState } from '../state/tui-state.js';
import { sidebarOrder } from './sidebar-order.js';
import { containsPoint, type Rect } from './rect.js';

export interface SidebarList {
  /** Index (into the listed agents) of the first one shown. */
  first: number;
  count: number;
  rowsPerAgent: 1 | 2;
}

/** Row 0 of the sidebar is its header; the entries follow, scrolled so the focused agent is among them. */
export function sidebarList(agentCount: number, focusIndex: number, height: number): SidebarList {
  const room = Math.max(0, height - 1);
  const rowsPerAgent = agentCount * 2 <= room ? 2 : 1;
  const count = Math.min(agentCount, Math.floor(room / rowsPerAgent));
  const first = Math.max(0, Math.min(focusIndex - count + 1, agentCount - count));
  return { first, count, rowsPerAgent };
}

/** The agent whose sidebar entry is at (x, y), for a click. */
export function sidebarAgentAt(state: TuiState, bar: Rect, x: number, y: number): string | undefined {
  if (!containsPoint(bar, x, y) || y === bar.y) return undefined;
  const agents = sidebarOrder(state.agents);
  const list = sidebarList(agents.length, agents.findIndex((a) => a.id === state.focusId), bar.height);
  const index = Math.floor((y - bar.y - 1) / list.rowsPerAgent);
  return index < list.count ? agents[list.first + index]?.id : undefined;
}
