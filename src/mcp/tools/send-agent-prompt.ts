/** send_agent_prompt: type a prompt into an agent (queued while it is busy); blocking by default. */
import { z } from 'zod';
import { blockAndReport, statusReport } from '../agent-answer.js';
import { defineTool } from '../tool.js';
import { resolveTarget } from './need.js';
import { requireDrivable } from '../caller-limits.js';

export const sendAgentPrompt = defineTool({
  name: 'send_agent_prompt',
  description:
    'Send a prompt to an agent (queued while it is busy). Blocks until it is idle, waits for a permission or exits, and returns its last answer; ' +
    'background:true returns at once.',
  inputSchema: {
    agentId: z.string().min(1).describe('agent id (or a unique prefix)'),
    prompt: z.string().min(1),
    background: z.boolean().default(false),
  },
  async run(a, ctx) {
    const id = resolveTarget(a.agentId, ctx.callerAgentId);
    const agent = await ctx.api.getAgent(id);
    await requireDrivable(ctx.api, ctx.callerAgentId, agent, 'prompt');
    const sent = await ctx.api.sendText(agent.id, a.prompt);
    if (a.background) return { ...(await statusReport(ctx, await ctx.api.getAgent(agent.id), { answer: false })), ...sent };
    return blockAndReport(ctx, agent.id);
  },
});
