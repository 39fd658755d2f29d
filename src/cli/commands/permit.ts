/** `paseo permit ls | allow <id> | deny <id> [-m msg]`: the approval queue from the command line. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import type { ApprovalInfo } from '../../core/protocol.js';
import type { PaseoApi } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';

/** Control characters from agent output never reach the user's terminal raw. */
const clean = (s: string) => s.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, '?');

export function describeApproval(a: ApprovalInfo): string {
  const what = a.command !== undefined ? `$ ${a.command}` : a.file !== undefined ? `${a.file}${a.oldText !== undefined ? ' (edit)' : a.content !== undefined ? ' (write)' : ''}` : '';
  return `${a.id}  ${a.agentId}  ${a.tool}  ${clean(what).split('\n')[0]}`;
}

function detail(a: ApprovalInfo): string[] {
  const lines = [describeApproval(a)];
  if (a.cwd) lines.push(`    cwd: ${clean(a.cwd)}`);
  if (a.oldText !== undefined) lines.push(...a.oldText.split('\n').map((l) => `    - ${clean(l)}`));
  if (a.newText !== undefined) lines.push(...a.newText.split('\n').map((l) => `    + ${clean(l)}`));
  if (a.content !== undefined) lines.push(...a.content.split('\n').slice(0, 20).map((l) => `    + ${clean(l)}`));
  return lines;
}

function approvalsOf(api: PaseoApi): Required<Pick<PaseoApi, 'listApprovals' | 'decideApproval'>> {
  if (!api.listApprovals || !api.decideApproval) throw new PaseoError('unknown_method', 'this daemon has no approval queue');
  return { listApprovals: api.listApprovals.bind(api), decideApproval: api.decideApproval.bind(api) };
}

export function register(program: Command, ctx: CommandContext): void {
  const permit = program.command('permit').description('list and answer pending approval requests');
  permit
    .command('ls')
    .description('pending approval requests, oldest first')
    .action(async () => {
      const list = await approvalsOf(await ctx.api()).listApprovals();
      if (ctx.globals().json) return ctx.json(list);
      if (list.length === 0) return ctx.out('no pending approvals');
      for (const a of list) for (const line of detail(a)) ctx.out(line);
    });
  permit
    .command('allow <id>')
    .description('allow one pending request')
    .action(async (id: string) => {
      await approvalsOf(await ctx.api()).decideApproval(id, { behavior: 'allow' });
      ctx.out(`allowed ${id}`);
    });
  permit
    .command('deny <id>')
    .description('deny one pending request; the agent sees the message')
    .option('-m, --message <text>', 'reason shown to the agent', 'denied in paseo')
    .action(async (id: string, opts: { message: string }) => {
      await approvalsOf(await ctx.api()).decideApproval(id, { behavior: 'deny', message: opts.message });
      ctx.out(`denied ${id}`);
    });
}
