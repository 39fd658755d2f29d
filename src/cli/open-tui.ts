/** Opens the full-screen TUI on a connected api; the default `paseo` action and `paseo attach`. */
import type { PaseoApi } from '../core/api.js';
import type { Event } from '../core/event.js';
import { PaseoError } from '../core/errors.js';
import type { CommandContext } from './command-context.js';
import { loadClient } from './context.js';

export function requireTty(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new PaseoError('bad_request', 'the TUI needs a terminal (stdin and stdout must be a TTY); use `paseo ls`, `paseo logs` in scripts');
  }
}

let tuiModule: Promise<typeof import('../tui/run-tui.js')> | undefined;

/** Starts loading the TUI (all the modules its first frame needs) without waiting for it. */
export function preloadTui(): void {
  tuiModule ??= import('../tui/run-tui.js').then(async (m) => {
    await m.loadTuiModules();
    return m;
  });
  tuiModule.catch(() => undefined); // a load failure is reported by openTui
}

/**
 * Connects with `connect` while the TUI loads. The client's modules come first: once they are in, the socket is
 * opened, and the TUI's modules load while the daemon answers the handshake and the first requests.
 */
export async function connectWhileLoadingTui(ctx: CommandContext): Promise<PaseoApi> {
  requireTty();
  const connected = ctx.api({ autoStart: true, reconnect: true });
  // --embedded opens a host in this process instead: nothing to wait for on the network.
  if (!ctx.globals().embedded) await loadClient().catch(() => undefined); // a load failure is reported by `connected`
  preloadTui();
  return connected;
}

/** `paseo` without a command: the TUI, on a new shell pane when no agent is live (as `tmux` creates a session). */
export async function openDefaultTui(ctx: CommandContext): Promise<void> {
  const api = await connectWhileLoadingTui(ctx);
  const live = await api.listAgents({ statuses: ['starting', 'running', 'idle', 'waiting'] });
  // Started at the size of the pane it gets, so the first screen is neither re-wrapped nor cropped.
  const { singlePaneSize } = await import('../tui/layout/screen-layout.js');
  const size = singlePaneSize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
  const first = live.length === 0 ? await api.createAgent({ cwd: process.cwd(), ...size }) : undefined;
  await openTui(ctx, api, first?.id);
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
