/** get_agent_status: an agent's status now, with its last answer. */
import { z } from 'zod';
import { statusReport } from '../agent-answer.js';
import { defineTool } from '../tool.js';
import { resolveTarget } from './need.js';

export const getAgentStatus = defineTool({
  name: 'get_agent_status',
  description: "An agent's current status (starting, running, idle, waiting, exited, error), what it waits for, and its last answer.",
  inputSchema: { agentId: z.string().min(1).describe('agent id, a unique prefix, or "self"') },
  async run(a, ctx) {
    return statusReport(ctx, await ctx.api.getAgent(resolveTarget(a.agentId, ctx.callerAgentId)));
  },
});
