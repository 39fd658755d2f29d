/** `paseo send`: type a prompt + Enter into an agent (queued while it is busy), then wait for it. */
import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from '../command-context.js';
import { parseDuration, reportWait } from '../agent-output.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('send')
    .description('type text + Enter into an agent; queued until its turn ends when it is busy')
    .argument('<id>', 'agent id or unique prefix')
    .argument('<text...>', 'the text to send')
    .option('--no-wait', 'return at once instead of waiting for the agent to settle')
    .option('-i, --interrupt', 'interrupt the current turn first (Esc / the CLI\'s own key)')
    .option('--timeout <duration>', 'give up waiting after this long (exit 5)')
    .action(async (id: string, words: string[], o: { wait: boolean; interrupt?: boolean; timeout?: string }) => {
      const text = words.join(' ');
      if (!text.trim()) throw new UsageError('nothing to send');
      const timeoutMs = parseDuration(o.timeout);
      const api = await ctx.api();
      const agent = await api.getAgent(id);
      const sent = await api.sendText(agent.id, text, { interrupt: !!o.interrupt });
      if (!o.wait) {
        if (ctx.globals().json) ctx.json({ agentId: agent.id, ...sent });
        else ctx.out(sent.queued ? `queued for ${agent.id} (delivered when its turn ends)` : `sent to ${agent.id}`);
        return;
      }
      await reportWait(ctx, api, await api.waitForAgent(agent.id, { timeoutMs }));
    });
}
