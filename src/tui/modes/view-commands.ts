/**
 * The view keys: cycle the layout (tmux next-layout), hide the sidebar, and which exited agents keep a pane — the
 * focused agent when it exits, one the user brings back (prefix e, the picker, a click in the sidebar); the rest leave
 * the tiling but stay in the sidebar.
 */
import type { AgentRecord } from '../../core/agent.js';
import { nextPaneLayout, type PaneLayoutName } from '../layout/pane-layouts.js';
import { isExited, paneCandidates, tiledCandidates, type TuiState } from '../state/tui-state.js';

const LAYOUT_NAMES: Record<PaneLayoutName, string> = { tiled: 'tiled', 'main-stack': 'main + stack', single: 'one at a time' };

export interface ViewHost {
  readonly state: TuiState;
  update(patch: Partial<TuiState>): void;
  flash(message: string): void;
}

export function nextLayout(host: ViewHost): void {
  const layout = nextPaneLayout(host.state.layout);
  host.update({ layout, zoomed: false });
  host.flash(`layout: ${LAYOUT_NAMES[layout]}`);
}

export function toggleSidebar(host: ViewHost): void {
  host.update({ sidebar: !host.state.sidebar });
}

/** Focus `agentId`; an exited agent not tiled comes back into the tiling. */
export function focusPatch(state: TuiState, agentId: string): Partial<TuiState> {
  const agent = state.agents.find((a) => a.id === agentId);
  const keep = agent && isExited(agent) && !state.keptExited.includes(agentId);
  return { focusId: agentId, scroll: undefined, ...(keep ? { keptExited: [...state.keptExited, agentId] } : {}) };
}

/** prefix e: on a kept exited pane, sends it away; otherwise brings back the agent that exited last. */
export function showExited(host: ViewHost): void {
  const s = host.state;
  const current = s.agents.find((a) => a.id === s.focusId);
  if (current && isExited(current) && s.keptExited.includes(current.id)) {
    const keptExited = s.keptExited.filter((id) => id !== current.id);
    const focusId = fallbackFocus({ ...s, keptExited }, current.id);
    host.update({ keptExited, focusId, scroll: undefined });
    return;
  }
  const away = paneCandidates(s.agents)
    .filter((a) => isExited(a) && !s.keptExited.includes(a.id))
    .sort((a, b) => exitTime(b).localeCompare(exitTime(a)));
  const back = away[0];
  if (!back) return host.flash('no exited agent to bring back');
  host.update(focusPatch(s, back.id));
}

/** Non-tiled layouts have no directions: left/up focus the previous agent, right/down the next, in tiling order. */
export function cycleFocus(host: ViewHost, step: 1 | -1): void {
  const ids = tiledCandidates(host.state).map((a) => a.id);
  if (!ids.length) return;
  const at = ids.indexOf(host.state.focusId ?? '');
  const next = ids[(at + step + ids.length) % ids.length] as string;
  if (next !== host.state.focusId) host.update(focusPatch(host.state, next));
}

/**
 * After the agent list changed: the focused agent, if it just exited, keeps its pane (the user is looking at it);
 * ids of agents gone or live again leave the kept list; focus falls back to a tiled agent when its agent left.
 */
export function reconcileAgents(state: TuiState, agents: AgentRecord[]): Pick<TuiState, 'agents' | 'focusId' | 'keptExited'> {
  const before = state.agents.find((a) => a.id === state.focusId);
  const after = agents.find((a) => a.id === state.focusId);
  let keptExited = state.keptExited.filter((id) => agents.some((a) => a.id === id && isExited(a) && !a.archivedAt));
  if (before && after && !isExited(before) && isExited(after) && !keptExited.includes(after.id)) keptExited = [...keptExited, after.id];
  const next = { ...state, agents, keptExited };
  let focusId = state.focusId;
  if (!focusId || !tiledCandidates(next).some((a) => a.id === focusId)) focusId = fallbackFocus(next, focusId);
  return { agents, focusId, keptExited };
}

/** The tiled agent listed next after `goneId`, else the last one; none when nothing is tiled (the empty state says why). */
function fallbackFocus(state: TuiState, goneId: string | undefined): string | undefined {
  const tiled = tiledCandidates(state);
  const listed = state.agents.map((a) => a.id);
  const from = goneId ? listed.indexOf(goneId) : -1;
  return (tiled.find((a) => listed.indexOf(a.id) > from) ?? tiled.at(-1))?.id;
}

function exitTime(a: AgentRecord): string {
  return a.exitedAt ?? a.updatedAt;
}
