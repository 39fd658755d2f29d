/** wait_for_agent: block until an agent is idle, waits for a permission, or exits; its last answer. */
import { z } from 'zod';
import { blockAndReport } from '../agent-answer.js';
import { defineTool } from '../tool.js';
import { resolveTarget } from './need.js';

export const waitForAgent = defineTool({
  name: 'wait_for_agent',
  description: 'Wait until an agent is idle, waits for a permission (says for what), or exits; returns its status and last answer. No timeout: long tasks are fine.',
  inputSchema: { agentId: z.string().min(1) },
  async run(a, ctx) {
    const id = resolveTarget(a.agentId, ctx.callerAgentId);
    return blockAndReport(ctx, (await ctx.api.getAgent(id)).id);
  },
});
