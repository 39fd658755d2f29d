/** Builds the shell command line a CLI runs for a command hook: the `paseo hook` relay, secret read from a 0600 file (never argv). */
import path from 'node:path';
import type { HookFile } from './hook-files.js';
import type { LaunchContext } from '../../src/core/adapter.js';
import { shellQuote } from './paste.js';

export const SECRET_FILE = 'hook-secret';

export function secretFile(ctx: LaunchContext): HookFile {
  return { path: path.join(ctx.agentDir, SECRET_FILE), content: ctx.hook.secret, mode: 0o600 };
}

export interface RelayOptions {
  /** Relay answers deny itself after this long (below the CLI's own hook deadline). */
  timeoutMs?: number;
  /** closed = deny (exit 2) when the daemon cannot answer; open = print nothing, exit 0. */
  fail?: 'closed' | 'open';
}

export function relayCommandLine(ctx: LaunchContext, event: string, opts: RelayOptions = {}): string {
  const argv = [
    ...ctx.hook.relayCommand,
    '--agent', ctx.agentId,
    '--event', event,
    '--url', ctx.hook.url,
    '--secret-file', path.join(ctx.agentDir, SECRET_FILE),
    ...(opts.timeoutMs ? ['--timeout-ms', String(opts.timeoutMs)] : []),
    ...(opts.fail ? ['--fail', opts.fail] : []),
  ];
  return argv.map(shellQuote).join(' ');
}
