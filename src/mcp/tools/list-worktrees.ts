/** list_worktrees: paseo's worktrees of a repository, with branch, agents inside and work at risk. */
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { need } from './need.js';

export const listWorktrees = defineTool({
  name: 'list_worktrees',
  description: "List paseo's worktrees of a repository: branchName, worktreePath, agents inside, uncommitted files and unpushed commits.",
  inputSchema: { cwd: z.string().min(1).optional().describe('a directory in the repository (default: the caller\'s)') },
  async run(a, ctx) {
    const cwd = a.cwd ?? (ctx.callerAgentId ? (await ctx.api.getAgent(ctx.callerAgentId)).cwd : process.cwd());
    return { worktrees: await need(ctx.api.listWorktrees?.bind(ctx.api), 'list worktrees')(cwd) };
  },
});
