/** `paseo daemon run`: the daemon process itself, in the foreground (what `daemon start` and autostart spawn). */
import type { CommandContext } from './command-context.js';

export async function runDaemonCommand(ctx: CommandContext): Promise<void> {
  const { home, listen } = ctx.globals();
  const { runDaemon } = await import('../daemon/daemon-main.js');
  await runDaemon({ home, listen });
}
