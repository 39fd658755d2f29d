/** `paseo daemon run`: the daemon process itself, in the foreground (what `daemon start` and autostart spawn). */
import type { CommandContext } from './command-context.js';

export async function runDaemonCommand(ctx: CommandContext): Promise<void> {
  const { home, listen } = ctx.globals();
  const { runDaemon } = await import('../daemon/daemon-main.js');
  const { exposureFromEnv } = await import('../daemon/exposure.js');
  // `daemon start` passes --tls-cert/--tls-key/--insecure-plaintext through the environment (exposure.ts).
  await runDaemon({ home, listen, ...exposureFromEnv() });
}
