/** list_agents: agents, filtered by cwd, statuses, recency, archived. */
import path from 'node:path';
import { z } from 'zod';
import { AGENT_STATUSES } from '../../core/agent.js';
import { defineTool } from '../tool.js';

export const listAgents = defineTool({
  name: 'list_agents',
  description: 'List agents: id, title, provider, status, cwd, parent. Filters: cwd, statuses, sinceHours (updated within), includeArchived.',
  inputSchema: {
    cwd: z.string().min(1).optional(),
    statuses: z.array(z.enum(AGENT_STATUSES)).optional(),
    sinceHours: z.number().positive().optional(),
    includeArchived: z.boolean().optional(),
  },
  async run(a, ctx) {
    const agents = await ctx.api.listAgents({
      ...(a.cwd ? { cwd: path.resolve(a.cwd) } : {}),
      ...(a.statuses ? { statuses: a.statuses } : {}),
      ...(a.sinceHours !== undefined ? { sinceHours: a.sinceHours } : {}),
      ...(a.includeArchived ? { includeArchived: true } : {}),
    });
    return {
      agents: agents.map((r) => ({
        agentId: r.id,
        title: r.title,
        provider: r.model ? `${r.provider}/${r.model}` : r.provider,
        status: r.status,
        cwd: r.cwd,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        ...(r.parentAgentId ? { parentAgentId: r.parentAgentId } : {}),
        ...(r.archivedAt ? { archivedAt: r.archivedAt } : {}),
      })),
    };
  },
});
