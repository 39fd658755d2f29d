/** Opens the full-screen TUI on a connected api; the default `paseo` action and `paseo attach`. */
import type { PaseoApi } from '../core/api.js';
import type { Event } from '../core/event.js';
import { PaseoError } from '../core/errors.js';
import type { CommandContext } from './command-context.js';

export function requireTty(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new PaseoError('bad_request', 'the TUI needs a terminal (stdin and stdout must be a TTY); use `paseo ls`, `paseo logs` in scripts');
  }
}

export async function openTui(ctx: CommandContext, api: PaseoApi, focusAgentId?: string): Promise<void> {
  requireTty();
  const { runTui } = await import('../tui/run-tui.js');
  const maybeConnection = api as Partial<{ onDidDisconnect: Event<void>; onDidReconnect: Event<void> }>;
  const connection =
    maybeConnection.onDidDisconnect && maybeConnection.onDidReconnect
      ? { onDidDisconnect: maybeConnection.onDidDisconnect, onDidReconnect: maybeConnection.onDidReconnect }
      : undefined;
  const result = await runTui({ api, connection, home: ctx.globals().home, focusAgentId, stdin: process.stdin, stdout: process.stdout });
  if (result.reason === 'detach') ctx.out('[detached]');
}
