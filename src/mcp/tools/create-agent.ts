/** create_agent: start an agent (by default blocking until its first turn settles, with its answer). */
import { z } from 'zod';
import { AGENT_MODES } from '../../core/agent.js';
import { blockAndReport, statusReport } from '../agent-answer.js';
import { defineTool } from '../tool.js';
import { childMode } from '../caller-limits.js';

function compactMode(mode: (typeof AGENT_MODES)[number] | undefined): { mode?: (typeof AGENT_MODES)[number] } {
  return mode ? { mode } : {};
}

export const createAgent = defineTool({
  name: 'create_agent',
  description:
    'Start an agent. provider is "shell", "claude/opus", "codex/gpt-5.4", "gemini", "opencode"…; cwd is often a worktreePath from create_worktree. ' +
    'Blocks until the agent is idle, waits for a permission, or exits, and returns its last answer; background:true returns {agentId} at once. ' +
    'notifyOnFinish: the caller gets a message when it finishes, fails or needs permission.',
  inputSchema: {
    title: z.string().min(1).describe('a short title for lists and panes'),
    provider: z.string().min(1).describe('provider[/model], e.g. claude/opus, codex/gpt-5.4, shell'),
    initialPrompt: z.string().min(1).describe('the first prompt (for shell: a command line)'),
    cwd: z.string().min(1).optional().describe('working directory, e.g. a worktreePath; default the caller\'s'),
    mode: z.enum(AGENT_MODES).optional().describe('permission mode'),
    background: z.boolean().default(false).describe('return at once instead of waiting for the first turn'),
    notifyOnFinish: z.boolean().optional().describe('deliver a message to the calling agent when this one finishes, fails or needs permission'),
  },
  async run(a, ctx) {
    const caller = ctx.callerAgentId ? await ctx.api.getAgent(ctx.callerAgentId) : undefined;
    const agent = await ctx.api.createAgent({
      title: a.title,
      provider: a.provider,
      prompt: a.initialPrompt,
      cwd: a.cwd ?? caller?.cwd ?? process.cwd(),
      ...compactMode(childMode(caller, a.mode)),
      ...(ctx.callerAgentId ? { parentAgentId: ctx.callerAgentId } : {}),
      ...(a.notifyOnFinish ? { notifyOnFinish: true } : {}),
    });
    if (a.background) return statusReport(ctx, agent, { answer: false });
    return blockAndReport(ctx, agent.id);
  },
});
