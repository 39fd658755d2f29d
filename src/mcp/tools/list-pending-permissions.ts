/** list_pending_permissions: what waits for a person's decision. Reading only: approvals are decided by people, never through MCP. */
import { z } from 'zod';
import { defineTool } from '../tool.js';

export const listPendingPermissions = defineTool({
  name: 'list_pending_permissions',
  description: 'Pending approval requests (agent, tool, command or file). Read only: a person decides them in paseo, never an agent.',
  inputSchema: { agentId: z.string().min(1).optional().describe('only this agent\'s requests') },
  async run(a, ctx) {
    const all = ctx.api.listApprovals ? await ctx.api.listApprovals() : [];
    const list = a.agentId ? all.filter((r) => r.agentId === a.agentId || r.agentId.startsWith(a.agentId!)) : all;
    return {
      permissions: list.map((r) => ({
        requestId: r.id,
        agentId: r.agentId,
        tool: r.tool,
        ...(r.command ? { command: r.command } : {}),
        ...(r.file ? { file: r.file } : {}),
        ...(r.cwd ? { cwd: r.cwd } : {}),
        createdAt: r.createdAt,
        deadlineAt: r.deadlineAt,
      })),
    };
  },
});
