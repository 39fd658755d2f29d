/**
 * The order the sidebar (and the agent picker) lists agents in: by place — the paseo worktree an agent runs in
 * (PASEO_HOME/worktrees/<repo-hash>/<slug>), else its cwd — in order of each place's first agent, and a child
 * agent right under its parent.
 */
import type { AgentRecord } from '../../core/agent.js';
import { paneCandidates } from '../state/tui-state.js';
import { worktreeOf } from '../../../components/sidebar-place.js';


function placeOf(agent: AgentRecord): string {
  return worktreeOf(agent.cwd) ?? agent.cwd;
}

export function sidebarOrder(agents: readonly AgentRecord[]): AgentRecord[] {
  const listed = paneCandidates(agents);
  const ids = new Set(listed.map((a) => a.id));
  const children = new Map<string, AgentRecord[]>();
  const roots: AgentRecord[] = [];
  for (const a of listed) {
    if (a.parentAgentId && a.parentAgentId !== a.id && ids.has(a.parentAgentId)) children.set(a.parentAgentId, [...(children.get(a.parentAgentId) ?? []), a]);
    else roots.push(a);
  }
  const places: string[] = [];
  for (const a of roots) if (!places.includes(placeOf(a))) places.push(placeOf(a));
  const out: AgentRecord[] = [];
  const seen = new Set<string>();
  const visit = (a: AgentRecord): void => {
    if (seen.has(a.id)) return;
    seen.add(a.id);
    out.push(a);
    for (const c of children.get(a.id) ?? []) visit(c);
  };
  for (const place of places) for (const a of roots) if (placeOf(a) === place) visit(a);
  // A parent cycle leaves agents unvisited: list them anyway.
  for (const a of listed) visit(a);
  return out;
}
