/**
 * Agents counted by status: the one rule for every place that shows counts (`daemon status`, health, the TUI's status
 * line), so they never disagree. Counted are the agents `paseo ls` and the TUI list (archived ones are apart);
 * `live` is how many still have a process (what `daemon stop` ends).
 */
import { isLive, type AgentRecord, type AgentStatus } from './agent.js';

export type AgentCounts = Partial<Record<AgentStatus, number>> & {
  /** Agents not archived: what `paseo ls` lists. */
  total: number;
  /** Of those, the ones with a process (starting, running, idle, waiting). */
  live?: number;
  /** Archived agents (`paseo ls --all`), not in total. */
  archived?: number;
};

/** The order statuses are named in. */
const ORDER: readonly AgentStatus[] = ['running', 'waiting', 'idle', 'starting', 'exited', 'error'];

export function countAgents(records: Iterable<Pick<AgentRecord, 'status' | 'archivedAt'>>): AgentCounts & { live: number; archived: number } {
  const counts: AgentCounts & { live: number; archived: number } = { total: 0, live: 0, archived: 0 };
  for (const r of records) {
    if (r.archivedAt) {
      counts.archived++;
      continue;
    }
    counts.total++;
    if (isLive(r.status)) counts.live++;
    counts[r.status] = (counts[r.status] ?? 0) + 1;
  }
  return counts;
}

/** "2 running 1 idle 3 exited", or "no agents". */
export function describeStatusCounts(counts: AgentCounts): string {
  const parts = ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(' ') : 'no agents';
}
