/** archive_agent: interrupt and stop an agent if it runs, then archive it. */
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { resolveTarget } from './need.js';
import { requireDrivable } from '../caller-limits.js';

export const archiveAgent = defineTool({
  name: 'archive_agent',
  description: 'Archive an agent: interrupts and stops it if it is running, and hides it from lists (includeArchived shows it).',
  inputSchema: { agentId: z.string().min(1) },
  async run(a, ctx) {
    const target = await ctx.api.getAgent(resolveTarget(a.agentId, ctx.callerAgentId));
    await requireDrivable(ctx.api, ctx.callerAgentId, target, 'archive');
    const r = await ctx.api.archiveAgent(target.id);
    return { agentId: r.id, status: r.status, archivedAt: r.archivedAt };
  },
});
