/** `worktree.create|list|archive`: making and removing worktrees changes the machine (operator); listing is a viewer's right. */
import type { SupervisorService } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import type { WorktreeArchived, WorktreeCreateOptions, WorktreeCreated, WorktreeInfo } from '../../core/worktree.js';
import { compact, type ParamReader } from '../param-reader.js';
import { needMethod } from './need-method.js';

const need = <F>(method: F | undefined): F => needMethod(method, 'has no worktrees');

export function readWorktreeCreate(p: ParamReader): WorktreeCreateOptions {
  const common = compact({ cwd: p.optString('cwd'), requestedBy: p.optString('requestedBy') });
  const action = p.optOneOf('action', ['branch-off', 'checkout', 'pr'] as const);
  switch (action) {
    case 'branch-off':
      return { ...common, action, branchName: p.string('branchName'), ...compact({ baseBranch: p.optString('baseBranch') }) };
    case 'checkout':
      return { ...common, action, refName: p.string('refName') };
    case 'pr':
      return { ...common, action, prNumber: p.int('prNumber', 1, Number.MAX_SAFE_INTEGER) };
    default:
      throw new PaseoError('bad_request', 'action must be branch-off, checkout or pr');
  }
}

export const worktreeMethods = {
  'worktree.create': {
    role: 'operator' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<WorktreeCreated> => need(s.createWorktree?.bind(s))(readWorktreeCreate(p)),
  },
  'worktree.list': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<WorktreeInfo[]> => need(s.listWorktrees?.bind(s))(p.string('cwd')),
  },
  'worktree.archive': {
    role: 'operator' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<WorktreeArchived> =>
      need(s.archiveWorktree?.bind(s))(compact({ target: p.string('target'), cwd: p.optString('cwd'), force: p.optBool('force') })),
  },
};
