/** `paseo ls`: agents with status, provider, cwd; filters by cwd, status and age. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { addFilterOptions, parseFilter, type FilterOptions } from '../agent-filter.js';
import { agentTable } from '../format.js';

export function register(program: Command, ctx: CommandContext): void {
  addFilterOptions(program.command('ls').alias('list').description('list agents (archived ones only with --all)').option('-a, --all', 'include archived agents'))
    .action(async (o: FilterOptions & { all?: boolean }) => {
      const filter = parseFilter(o, !!o.all);
      const agents = await (await ctx.api()).listAgents(filter);
      if (ctx.globals().json) ctx.json(agents);
      else ctx.out(agentTable(agents));
    });
}
