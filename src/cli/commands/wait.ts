/** `paseo wait`: block until an agent is idle, waiting, or exited; the exit code says which. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { parseDuration } from '../agent-output.js';
import { ExitCode, exitCodeForWait } from '../exit-codes.js';
import { waitQuiet } from '../wait-quiet.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('wait')
    .description('wait until an agent is idle (exit 0; 6 when a shell\'s last command failed), waiting for input (3), exited (4), or the timeout passes (5)')
    .argument('<id>', 'agent id or unique prefix')
    .option('--timeout <duration>', 'give up after this long, e.g. 60, 30s, 5m (default: wait forever)')
    .option('--quiet <duration>', 'instead: until the agent has printed nothing for this long (exit 0), e.g. 5s; for command agents')
    .action(async (id: string, o: { timeout?: string; quiet?: string }) => {
      const timeoutMs = parseDuration(o.timeout);
      const quietMs = parseDuration(o.quiet, '--quiet');
      const api = await ctx.api();
      const agent = await api.getAgent(id);
      if (quietMs !== undefined) {
        const quiet = await waitQuiet(api, agent, quietMs, timeoutMs);
        if (ctx.globals().json) ctx.json({ agentId: agent.id, outcome: quiet.outcome, status: quiet.agent.status });
        else ctx.out(`${agent.id}: ${quiet.outcome}`);
        ctx.setExitCode(quiet.outcome === 'quiet' ? ExitCode.OK : quiet.outcome === 'exited' ? ExitCode.EXITED : ExitCode.TIMEOUT);
        return;
      }
      const result = await api.waitForAgent(agent.id, { timeoutMs });
      if (ctx.globals().json) ctx.json({ agentId: agent.id, outcome: result.outcome, status: result.agent.status });
      else ctx.out(`${agent.id}: ${result.outcome}`);
      ctx.setExitCode(exitCodeForWait(result));
    });
}
