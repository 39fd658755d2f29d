/** `paseo worktree create|ls|archive`: git worktrees under PASEO_HOME/worktrees, with per-repo setup and teardown. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PaseoApi } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import type { SetupOutcome, WorktreeCreateOptions, WorktreeCreated } from '../../core/worktree.js';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';

type Worktrees = Required<Pick<PaseoApi, 'createWorktree' | 'listWorktrees' | 'archiveWorktree'>>;

function worktreesOf(api: PaseoApi): Worktrees {
  if (!api.createWorktree || !api.listWorktrees || !api.archiveWorktree) throw new PaseoError('unknown_method', 'this daemon has no worktrees');
  return { createWorktree: api.createWorktree.bind(api), listWorktrees: api.listWorktrees.bind(api), archiveWorktree: api.archiveWorktree.bind(api) };
}

/** create's options → the request: one of a new branch (default), --checkout <ref>, --pr <N>. */
export function worktreeRequest(branch: string | undefined, o: { base?: string; checkout?: string; pr?: string; cwd?: string }): WorktreeCreateOptions {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const given = [branch !== undefined, o.checkout !== undefined, o.pr !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('give one of: a new branch name, --checkout <ref>, --pr <N>');
  if (o.pr !== undefined) {
    const n = Number(o.pr);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--pr needs a pull request number, not "${o.pr}"`);
    return { cwd, action: 'pr', prNumber: n };
  }
  if (o.checkout !== undefined) return { cwd, action: 'checkout', refName: o.checkout };
  return { cwd, action: 'branch-off', branchName: branch!, ...(o.base ? { baseBranch: o.base } : {}) };
}

/** Setup/teardown output as it ran: every command, its exit code and output (never swallowed). */
export function printSetup(ctx: CommandContext, what: string, s: SetupOutcome | undefined): void {
  if (!s || s.status === 'none') return;
  if (s.status === 'denied') {
    ctx.out(`${what} not run (not trusted: ${s.message ?? 'denied'}): ${s.commands.join('; ')}`);
    return;
  }
  for (const r of s.results) {
    ctx.out(`${what}$ ${r.command}`);
    if (r.output) ctx.out(r.output.replace(/\n$/, ''));
    ctx.out(`${what}: exit ${r.exitCode}`);
  }
  if (s.results.some((r) => r.exitCode !== 0)) ctx.setExitCode(1);
}

export async function createWorktreeFor(ctx: CommandContext, api: PaseoApi, req: WorktreeCreateOptions): Promise<WorktreeCreated> {
  try {
    return await worktreesOf(api).createWorktree(req);
  } catch (err) {
    if (err instanceof PaseoError && err.code === 'bad_request') throw new UsageError(err.message);
    throw err;
  }
}

export function register(program: Command, ctx: CommandContext): void {
  const wt = program.command('worktree').description("git worktrees under paseo's home: create, ls, archive");
  wt.command('create')
    .description('create (or reuse) a worktree: a new branch off --base, an existing --checkout <ref>, or --pr <N> from origin')
    .argument('[branch]', 'new branch name')
    .option('--base <ref>', "branch or commit to start from (default: the repo's default branch)")
    .option('--checkout <ref>', 'check out an existing branch instead')
    .option('--pr <N>', 'fetch refs/pull/<N>/head from origin into branch pr-<N>')
    .option('--cwd <repo>', 'a directory in the repository (default: the current one)')
    .action(async (branch: string | undefined, o: { base?: string; checkout?: string; pr?: string; cwd?: string }) => {
      const req = worktreeRequest(branch, o);
      const api = await ctx.api({ autoStart: true });
      const created = await createWorktreeFor(ctx, api, req);
      if (ctx.globals().json) return ctx.json({ branchName: created.branchName, worktreePath: created.worktreePath, slug: created.slug, reused: created.reused, ...(created.setup ? { setup: created.setup } : {}) });
      ctx.out(`${created.reused ? 'reused' : 'created'} ${created.worktreePath} (${created.branchName})`);
      printSetup(ctx, 'setup', created.setup);
    });
  wt.command('ls')
    .description("paseo's worktrees of a repository: branch, agents inside, uncommitted and unpushed work")
    .option('--cwd <repo>', 'a directory in the repository (default: the current one)')
    .action(async (o: { cwd?: string }) => {
      const api = await ctx.api({ autoStart: true });
      const list = await worktreesOf(api).listWorktrees(path.resolve(o.cwd ?? process.cwd()));
      if (ctx.globals().json) return ctx.json(list);
      if (list.length === 0) return ctx.out('no worktrees');
      for (const w of list) {
        const risk = [w.uncommitted.length ? `${w.uncommitted.length} uncommitted` : '', w.unpushed.length ? `${w.unpushed.length} unpushed` : ''].filter(Boolean).join(', ');
        ctx.out(`${w.slug}  ${w.branchName ?? '(detached)'}  agents: ${w.agents.length ? w.agents.join(',') : '-'}  ${risk || 'clean'}  ${w.worktreePath}`);
      }
    });
  wt.command('archive')
    .description('stop its agents, run teardown, remove the worktree and its branch; refuses to lose uncommitted or unpushed work without --force')
    .argument('<worktree>', 'slug, path or branch')
    .option('--force', 'archive even with uncommitted changes or unpushed commits')
    .option('--cwd <repo>', 'the repository, when a slug or branch is ambiguous')
    .action(async (target: string, o: { force?: boolean; cwd?: string }) => {
      const api = await ctx.api({ autoStart: true });
      // A path that exists goes as an absolute path; anything else is a slug or a branch (fix/foo has a slash too).
      const done = await worktreesOf(api).archiveWorktree({ target: fs.existsSync(target) ? path.resolve(target) : target, ...(o.cwd ? { cwd: path.resolve(o.cwd) } : {}), ...(o.force ? { force: true } : {}) });
      if (ctx.globals().json) return ctx.json(done);
      printSetup(ctx, 'teardown', done.teardown);
      ctx.out(`archived ${done.worktreePath}${done.branchName ? ` (branch ${done.branchName} deleted)` : ''}${done.stoppedAgents.length ? `; stopped ${done.stoppedAgents.join(', ')}` : ''}`);
    });
}
