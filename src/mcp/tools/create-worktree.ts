/** create_worktree: from a GitHub PR `{githubPrNumber}`, a new branch `{action:"branch-off", branchName, baseBranch}` or a checkout `{action:"checkout", refName}`. */
import { z } from 'zod';
import { PaseoError } from '../../core/errors.js';
import type { WorktreeCreateOptions } from '../../core/worktree.js';
import { defineTool } from '../tool.js';
import { need } from './need.js';
import { withHeartbeat } from '../agent-answer.js';

export const createWorktree = defineTool({
  name: 'create_worktree',
  description:
    'Create (or reuse) a git worktree under paseo\'s home. Give githubPrNumber to check out a pull request (fetched from origin), ' +
    'or action "branch-off" with branchName (and optional baseBranch, default the repo\'s default branch), or action "checkout" with refName. ' +
    'cwd names the repository (default: the caller\'s). Returns {branchName, worktreePath}: start agents there with create_agent cwd=worktreePath.',
  inputSchema: {
    githubPrNumber: z.number().int().positive().optional().describe('pull request number: fetches refs/pull/<n>/head from origin'),
    action: z.enum(['branch-off', 'checkout']).optional(),
    branchName: z.string().min(1).optional().describe('new branch name (branch-off)'),
    baseBranch: z.string().min(1).optional().describe('branch to start from (branch-off); default the repo default branch'),
    refName: z.string().min(1).optional().describe('existing branch to check out (checkout)'),
    cwd: z.string().min(1).optional().describe('a directory in the repository'),
  },
  async run(a, ctx) {
    const common = { ...(a.cwd ? { cwd: a.cwd } : {}), ...(ctx.callerAgentId ? { requestedBy: ctx.callerAgentId } : {}) };
    let opts: WorktreeCreateOptions;
    if (a.githubPrNumber !== undefined) {
      if (a.action) throw new PaseoError('bad_request', 'give either githubPrNumber or action, not both');
      opts = { ...common, action: 'pr', prNumber: a.githubPrNumber };
    } else if (a.action === 'branch-off') {
      if (!a.branchName) throw new PaseoError('bad_request', 'action "branch-off" needs branchName');
      opts = { ...common, action: 'branch-off', branchName: a.branchName, ...(a.baseBranch ? { baseBranch: a.baseBranch } : {}) };
    } else if (a.action === 'checkout') {
      if (!a.refName) throw new PaseoError('bad_request', 'action "checkout" needs refName');
      opts = { ...common, action: 'checkout', refName: a.refName };
    } else {
      throw new PaseoError('bad_request', 'give githubPrNumber, or action "branch-off" with branchName, or action "checkout" with refName');
    }
    if (!opts.cwd && ctx.callerAgentId) opts.cwd = (await ctx.api.getAgent(ctx.callerAgentId)).cwd;
    const create = need(ctx.api.createWorktree?.bind(ctx.api), 'create worktrees');
    return withHeartbeat(ctx, 'creating the worktree (its setup may be waiting for approval)', create(opts));
  },
});
