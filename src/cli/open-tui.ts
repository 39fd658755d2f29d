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

let tuiModule: Promise<typeof import('../tui/run-tui.js')> | undefined;

/** Starts loading the TUI while the daemon connection is being made (they do not depend on each other). */
export function preloadTui(): void {
  tuiModule ??= import('../tui/run-tui.js');
  tuiModule.catch(() => undefined); // a load failure is reported by openTui
}

export async function openTui(ctx: CommandContext, api: PaseoApi, focusAgentId?: string): Promise<void> {
  requireTty();
  preloadTui();
  const { runTui } = await tuiModule!;
  const maybeConnection = api as Partial<{ onDidDisconnect: Event<void>; onDidReconnect: Event<void> }>;
  const connection =
    maybeConnection.onDidDisconnect && maybeConnection.onDidReconnect
      ? { onDidDisconnect: maybeConnection.onDidDisconnect, onDidReconnect: maybeConnection.onDidReconnect }
      : undefined;
  const result = await runTui({ api, connection, home: ctx.globals().home, focusAgentId, stdin: process.stdin, stdout: process.stdout });
  if (result.reason === 'detach') ctx.out('[detached]');
}
