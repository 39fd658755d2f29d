/**
 * `paseo permit ls | show <id> | allow <id> | deny <id>`: the approval queue from the command line. `<id>` is a request
 * id (or its unique prefix) or an agent id / unique prefix: that agent's only pending request, or all of them with --all.
 */
import chalk from 'chalk';
import type { Command } from 'commander';
import type { PaseoApi } from '../../core/api.js';
import { approvalColumns, detailLines, type LineStyle } from '../../core/approval-text.js';
import { PaseoError } from '../../core/errors.js';
import type { ApprovalInfo } from '../../core/protocol.js';
import type { RuleScope } from '../../core/policy-types.js';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';

const SCOPES: readonly RuleScope[] = ['agent', 'project', 'global'];
const DEFAULT_DENY_MESSAGE = 'denied in paseo';

type Queue = Required<Pick<PaseoApi, 'listApprovals' | 'decideApproval'>>;

function queueOf(api: PaseoApi): Queue {
  if (!api.listApprovals || !api.decideApproval) throw new PaseoError('unknown_method', 'this daemon has no approval queue');
  return { listApprovals: api.listApprovals.bind(api), decideApproval: api.decideApproval.bind(api) };
}

/**
 * The requests `<id>` names: a request id or unique prefix first; else an agent id or unique prefix, whose only
 * pending request it is (several need --all or a request id). Nothing is decided until every name resolved.
 */
export async function resolveRequests(api: PaseoApi, list: ApprovalInfo[], id: string, all: boolean): Promise<string[]> {
  if (list.some((a) => a.id === id)) return [id];
  const byRequest = list.filter((a) => a.id.startsWith(id));
  if (byRequest.length === 1) return [byRequest[0]!.id];
  if (byRequest.length > 1) throw new PaseoError('ambiguous', `request id "${id}" is ambiguous: ${byRequest.map((a) => a.id).join(', ')}`);
  const agents = [...new Set(list.filter((a) => a.agentId.startsWith(id)).map((a) => a.agentId))];
  if (agents.length > 1) throw new PaseoError('ambiguous', `agent id "${id}" is ambiguous: ${agents.join(', ')}`);
  if (agents.length === 0) {
    // An agent that exists but asks nothing is told apart from a typo.
    const agent = await api.getAgent(id).catch(() => undefined);
    if (agent) throw new PaseoError('not_found', `agent ${agent.id} (${agent.title}) has no pending request`);
    // Not pending any more (decided, cancelled) or unknown: the daemon says which, and why.
    return [id];
  }
  const mine = list.filter((a) => a.agentId === agents[0]);
  if (mine.length > 1 && !all) {
    throw new PaseoError('ambiguous', `agent ${agents[0]} has ${mine.length} pending requests (${mine.map((a) => a.id).join(', ')}): give a request id, or --all`);
  }
  return mine.map((a) => a.id);
}

function paint(style: LineStyle, text: string): string {
  switch (style) {
    case 'title':
      return chalk.bold(text);
    case 'label':
      return chalk.dim(text);
    case 'file':
      return chalk.bold.cyan(text);
    case 'hunk':
      return chalk.magenta(text);
    case 'add':
      return chalk.green(text);
    case 'del':
      return chalk.red(text);
    case 'note':
      return chalk.yellow(text);
    default:
      return text;
  }
}

export function register(program: Command, ctx: CommandContext): void {
  const permit = program.command('permit').description('list, show and answer pending approval requests');
  permit
    .command('ls')
    .description('pending approval requests, oldest first: agent, tool, summary, age')
    .action(async () => {
      const list = await queueOf(await ctx.api()).listApprovals();
      if (ctx.globals().json) return ctx.json(list);
      if (list.length === 0) return ctx.out('no pending approvals');
      const now = Date.now();
      const rows = list.map((a) => ({ id: a.id, ...approvalColumns(a, now) }));
      const w = (k: 'id' | 'agent' | 'tool' | 'age') => Math.max(k.length, ...rows.map((r) => r[k].length));
      ctx.out(chalk.dim(`${'ID'.padEnd(w('id'))}  ${'AGENT'.padEnd(w('agent'))}  ${'TOOL'.padEnd(w('tool'))}  ${'AGE'.padEnd(w('age'))}  SUMMARY`));
      for (const r of rows) ctx.out(`${r.id.padEnd(w('id'))}  ${r.agent.padEnd(w('agent'))}  ${r.tool.padEnd(w('tool'))}  ${r.age.padEnd(w('age'))}  ${r.summary}`);
    });
  permit
    .command('show <id>')
    .description('one request in full: the command and its cwd, or the diff of each file it changes')
    .action(async (id: string) => {
      const api = await ctx.api();
      if (!api.showApproval) throw new PaseoError('unknown_method', 'this daemon cannot show approval details');
      const [request] = await resolveRequests(api, await queueOf(api).listApprovals(), id, false);
      const detail = await api.showApproval(request!);
      if (ctx.globals().json) return ctx.json(detail);
      const width = process.stdout.isTTY ? process.stdout.columns || 100 : 100_000;
      ctx.out(chalk.dim(`request ${detail.approval.id}`));
      for (const line of detailLines(detail, width)) ctx.out(paint(line.style, line.text));
    });
  permit
    .command('allow <id>')
    .description('allow a pending request once (or always: --always adds an allow rule for what it asked)')
    .option('--all', "every pending request of the agent <id> names")
    .option('--always', 'also add a rule that allows this tool and command prefix / path from now on')
    .option('--scope <scope>', 'where the --always rule applies: agent, project or global', 'agent')
    .action(async (id: string, o: { all?: boolean; always?: boolean; scope: string }) => {
      if (!SCOPES.includes(o.scope as RuleScope)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}`);
      const api = await ctx.api();
      const queue = queueOf(api);
      const targets = await resolveRequests(api, await queue.listApprovals(), id, o.all === true);
      if (o.always && !api.addPolicyRule) throw new PaseoError('unknown_method', 'this daemon cannot add policy rules');
      const done: { id: string; rule?: unknown }[] = [];
      for (const requestId of targets) {
        const placed = o.always ? await api.addPolicyRule!({ requestId, scope: o.scope as RuleScope }) : undefined;
        await queue.decideApproval(requestId, { behavior: 'allow' });
        done.push({ id: requestId, ...(placed ? { rule: placed.rule } : {}) });
        if (!ctx.globals().json) ctx.out(`allowed ${requestId}${placed ? ` and added the rule ${JSON.stringify(placed.rule)} (${placed.label})` : ''}`);
      }
      if (ctx.globals().json) ctx.json({ allowed: done });
    });
  permit
    .command('deny <id>')
    .description('deny a pending request; the agent sees the message')
    .option('--all', "every pending request of the agent <id> names")
    .option('-m, --message <text>', 'reason shown to the agent', DEFAULT_DENY_MESSAGE)
    .option('--interrupt', "also interrupt the agent's turn")
    .action(async (id: string, o: { all?: boolean; message: string; interrupt?: boolean }) => {
      const api = await ctx.api();
      const queue = queueOf(api);
      const targets = await resolveRequests(api, await queue.listApprovals(), id, o.all === true);
      for (const requestId of targets) {
        await queue.decideApproval(requestId, { behavior: 'deny', message: o.message || DEFAULT_DENY_MESSAGE }, o.interrupt ? { interrupt: true } : {});
        if (!ctx.globals().json) ctx.out(`denied ${requestId}${o.interrupt ? ' and interrupted the agent' : ''}`);
      }
      if (ctx.globals().json) ctx.json({ denied: targets });
    });
}
