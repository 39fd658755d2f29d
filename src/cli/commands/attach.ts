/** `paseo attach [id]`: the TUI focused on an agent, or raw passthrough of one agent with --raw. */
import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from '../command-context.js';
import { rawAttach } from '../raw-attach.js';
import { connectWhileLoadingTui, openTui } from '../open-tui.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('attach')
    .description('open the TUI focused on an agent (--raw: pass one agent straight through; Ctrl-] detaches)')
    .argument('[id]', 'agent id or unique prefix')
    .option('--raw', 'raw passthrough of one agent instead of the TUI')
    .action(async (id: string | undefined, o: { raw?: boolean }) => {
      const api = o.raw ? await ctx.api({ autoStart: true }) : await connectWhileLoadingTui(ctx);
      const agentId = id ? (await api.getAgent(id)).id : undefined;
      if (o.raw) {
        if (!agentId) throw new UsageError('attach --raw needs an agent id');
        await rawAttach(api, agentId, (s) => ctx.out(s));
        return;
      }
      await openTui(ctx, api, agentId);
    });
}
