/** `paseo wait`: block until an agent is idle, waiting, or exited; the exit code says which. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { parseDuration } from '../agent-output.js';
import { exitCodeForWait } from '../exit-codes.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('wait')
    .description('wait until an agent is idle (exit 0; 6 when a shell\'s last command failed), waiting for input (3), exited (4), or the timeout passes (5)')
    .argument('<id>', 'agent id or unique prefix')
    .option('--timeout <duration>', 'give up after this long, e.g. 60, 30s, 5m (default: wait forever)')
    .action(async (id: string, o: { timeout?: string }) => {
      const timeoutMs = parseDuration(o.timeout);
      const api = await ctx.api();
      const agent = await api.getAgent(id);
      const result = await api.waitForAgent(agent.id, { timeoutMs });
      if (ctx.globals().json) ctx.json({ agentId: agent.id, outcome: result.outcome, status: result.agent.status });
      else ctx.out(`${agent.id}: ${result.outcome}`);
      ctx.setExitCode(exitCodeForWait(result));
    });
}
