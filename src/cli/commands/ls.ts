/** `paseo ls`: agents with status, provider, cwd; filters by cwd, status and age. */
import path from 'node:path';
import type { Command } from 'commander';
import { AGENT_STATUSES, type AgentStatus } from '../../core/agent.js';
import { PaseoError } from '../../core/errors.js';
import type { CommandContext } from '../command-context.js';
import { agentTable } from '../format.js';

export function parseStatuses(value: string): AgentStatus[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) {
    if (!(AGENT_STATUSES as readonly string[]).includes(s)) {
      throw new PaseoError('bad_request', `unknown status "${s}" (one of: ${AGENT_STATUSES.join(', ')})`);
    }
  }
  return list as AgentStatus[];
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('ls')
    .alias('list')
    .description('list agents (archived ones only with --all)')
    .option('-a, --all', 'include archived agents')
    .option('--cwd <dir>', 'only agents working in this directory')
    .option('--status <list>', `only these statuses, comma separated (${AGENT_STATUSES.join(',')})`)
    .option('--since <hours>', 'only agents updated in the last N hours')
    .action(async (o: { all?: boolean; cwd?: string; status?: string; since?: string }) => {
      const since = o.since === undefined ? undefined : Number(o.since);
      if (since !== undefined && !(since > 0)) throw new PaseoError('bad_request', `invalid --since "${o.since}" (hours, > 0)`);
      const api = await ctx.api();
      const agents = await api.listAgents({
        includeArchived: !!o.all,
        cwd: o.cwd ? path.resolve(o.cwd) : undefined,
        statuses: o.status ? parseStatuses(o.status) : undefined,
        sinceHours: since,
      });
      if (ctx.globals().json) ctx.json(agents);
      else ctx.out(agentTable(agents));
    });
}
