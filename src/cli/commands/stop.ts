/** `paseo stop` and `paseo archive`. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { statusLabel } from '../format.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('stop')
    .description('stop an agent (its whole process group); its history stays readable')
    .argument('<id>', 'agent id or unique prefix')
    .action(async (id: string) => {
      const api = await ctx.api();
      const agent = await api.stopAgent((await api.getAgent(id)).id);
      if (ctx.globals().json) ctx.json(agent);
      else ctx.out(`stopped ${agent.id}: ${statusLabel(agent)}`);
    });

  program
    .command('archive')
    .description('stop an agent if it runs and hide it from `paseo ls` (see it with --all)')
    .argument('<id>', 'agent id or unique prefix')
    .action(async (id: string) => {
      const api = await ctx.api();
      const agent = await api.archiveAgent((await api.getAgent(id)).id);
      if (ctx.globals().json) ctx.json(agent);
      else ctx.out(`archived ${agent.id}`);
    });
}
