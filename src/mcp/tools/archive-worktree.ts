/** archive_worktree: stop its agents, run teardown, remove the worktree and its branch (refuses to lose work). */
import { z } from 'zod';
import { PaseoError } from '../../core/errors.js';
import { defineTool } from '../tool.js';
import { need } from './need.js';
import { withHeartbeat } from '../agent-answer.js';

export const archiveWorktree = defineTool({
  name: 'archive_worktree',
  description:
    "Archive one of paseo's worktrees by worktreePath or worktreeSlug: stops the agents in it, runs teardown, removes the worktree and its branch. " +
    'Refuses when it has uncommitted changes or unpushed commits not merged into its base, saying what would be lost.',
  inputSchema: {
    worktreePath: z.string().min(1).optional(),
    worktreeSlug: z.string().min(1).optional(),
  },
  async run(a, ctx) {
    const target = a.worktreePath ?? a.worktreeSlug;
    if (!target || (a.worktreePath && a.worktreeSlug)) throw new PaseoError('bad_request', 'give exactly one of worktreePath or worktreeSlug');
    const archive = need(ctx.api.archiveWorktree?.bind(ctx.api), 'archive worktrees');
    return withHeartbeat(ctx, 'archiving the worktree (its teardown may be waiting for approval)', archive({ target }));
  },
});
