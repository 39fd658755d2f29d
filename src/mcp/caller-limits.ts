/**
 * What an agent may do through MCP beyond what a person may: never more than itself. Its children start in at most
 * its own permission mode (a plan-mode agent cannot get a full-access child to do its writes), and it drives (prompts,
 * archives) only itself and the agents it started, directly or not. Reading status is open to all.
 */
import type { AgentMode, AgentRecord } from '../core/agent.js';
import type { PaseoApi } from '../core/api.js';
import { PaseoError } from '../core/errors.js';

/** From least to most permissive. */
const MODE_RANK: Record<AgentMode, number> = { plan: 0, default: 1, 'accept-edits': 2, 'full-access': 3 };

/**
 * The mode a child of `caller` gets: the one asked for, no more permissive than the caller's. Unasked, the provider's
 * default — or plan, for a caller in plan mode (whose child must not write either).
 */
export function childMode(caller: AgentRecord | undefined, asked: AgentMode | undefined): AgentMode | undefined {
  if (!caller) return asked;
  if (asked === undefined) return MODE_RANK[caller.mode] < MODE_RANK.default ? caller.mode : undefined;
  if (MODE_RANK[asked] > MODE_RANK[caller.mode]) {
    throw new PaseoError('unauthorized', `an agent in ${caller.mode} mode cannot start one in ${asked} mode (at most its own)`, { caller: caller.id, mode: asked });
  }
  return asked;
}

/** Refuses unless `targetId` is the caller or one of its descendants (no caller: a person, anything goes). */
export async function requireDrivable(api: PaseoApi, callerAgentId: string | undefined, target: AgentRecord, what: string): Promise<void> {
  if (!callerAgentId || target.id === callerAgentId) return;
  const all = await api.listAgents({ includeArchived: true });
  let parent = target.parentAgentId;
  const seen = new Set<string>([target.id]);
  while (parent && !seen.has(parent)) {
    if (parent === callerAgentId) return;
    seen.add(parent);
    parent = all.find((a) => a.id === parent)?.parentAgentId;
  }
  throw new PaseoError('unauthorized', `an agent can ${what} only itself and the agents it started; ${target.id} is not one of them`, { caller: callerAgentId, target: target.id });
}
