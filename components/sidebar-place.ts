/** What the sidebar shows of where an agent runs: its paseo worktree and branch, and how deep it sits under its parents. */
import type { AgentRecord } from '../src/core/agent.js';

const WORKTREE = /^(.*\/worktrees\/[0-9a-f]{12}\/[^/]+)(?:\/|$)/;

/** The paseo worktree directory `cwd` is in (PASEO_HOME/worktrees/<repo-hash>/<slug>), if any. */
export function worktreeOf(cwd: string): string | undefined {
  return WORKTREE.exec(cwd)?.[1];
}

/** How deep under listed parents an agent sits (0: none), for the sidebar's indent. */
export function childDepth(agent: AgentRecord, listed: readonly AgentRecord[]): number {
  let depth = 0;
  let parent = agent.parentAgentId;
  const seen = new Set<string>([agent.id]);
  while (parent && !seen.has(parent)) {
    const p = listed.find((a) => a.id === parent);
    if (!p) break;
    seen.add(parent);
    depth++;
    parent = p.parentAgentId;
  }
  return depth;
}

/** The sidebar's second row: provider, the branch the agent started on (its worktree's), and where it runs. */
export function placeLine(agent: AgentRecord): { branch?: string; place: string } {
  const wt = worktreeOf(agent.cwd);
  const branch = agent.gitStart?.branch;
  return { ...(branch ? { branch } : {}), place: wt ? `wt:${wt.slice(wt.lastIndexOf('/') + 1)}${agent.cwd.slice(wt.length)}` : agent.cwd };
}

/** One sidebar entry's text, for both renderers (Sidebar.tsx, plain-chrome.ts): the title indented under its parents,
 * and the second row's head (provider and branch) before its place. */
export function sidebarEntry(agent: AgentRecord, listed: readonly AgentRecord[]): { title: string; head: string; place: string } {
  const depth = childDepth(agent, listed);
  const { branch, place } = placeLine(agent);
  return {
    title: depth > 0 ? `${'  '.repeat(depth - 1)}↳ ${agent.title}` : agent.title,
    head: `  ${agent.provider}${branch ? ` ⎇ ${branch}` : ''}`,
    place,
  };
}
