/** The new-agent form's worktree: made (or reused) in the cwd's repository before the agent starts there. */
import type { CreateAgentOptions } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import type { FormWorktree } from './agent-form.js';

export async function startInWorktree(api: PaseoApi, options: CreateAgentOptions, worktree: FormWorktree | undefined): Promise<CreateAgentOptions> {
  if (!worktree) return options;
  if (!api.createWorktree) throw new PaseoError('unknown_method', 'this daemon has no worktrees');
  const common = options.cwd ? { cwd: options.cwd } : {};
  const created = await api.createWorktree(
    worktree.action === 'branch-off' ? { ...common, action: 'branch-off', branchName: worktree.branch } : { ...common, action: 'checkout', refName: worktree.branch },
  );
  return { ...options, cwd: created.worktreePath };
}
