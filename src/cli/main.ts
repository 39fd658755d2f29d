#!/usr/bin/env node
/** The `paseo` command: parses arguments, runs one command file, prints one-line errors, sets the exit code. */
import { Command, CommanderError } from 'commander';
import { PaseoError, errorMessage } from '../core/errors.js';
import { PASEO_VERSION } from '../daemon/version.js';
import { createContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { openTui, preloadTui, requireTty } from './open-tui.js';
import * as attach from './commands/attach.js';
import * as daemon from './commands/daemon.js';
import * as ls from './commands/ls.js';
import * as logs from './commands/logs.js';
import * as run from './commands/run.js';
import * as send from './commands/send.js';
import * as stop from './commands/stop.js';
import * as wait from './commands/wait.js';
import { optionalCommands } from './optional-commands.js';

// React's development build costs ~30% per frame (perf.md §5); the TUI always runs production.
process.env.NODE_ENV ??= 'production';

async function main(argv: string[]): Promise<number> {
  const program = new Command('paseo');
  const ctx = createContext(program);
  program
    .description('a terminal-first supervisor for AI coding agents (no command: open the TUI)')
    .version(PASEO_VERSION, '-V, --version')
    .option('--home <dir>', 'state directory (env PASEO_HOME, default ~/.paseo)')
    .option('--listen <host:port>', 'daemon address (env PASEO_LISTEN, default 127.0.0.1:6767)')
    .option('--embedded', 'run the supervisor inside this process instead of a daemon (agents end with it)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.replace(/^error: /, 'paseo: ')) })
    .action(async () => {
      requireTty();
      preloadTui();
      const api = await ctx.api({ autoStart: true, reconnect: true });
      // Like `tmux` creating a session: a first run opens on a working shell pane, not an empty screen.
      const live = await api.listAgents({ statuses: ['starting', 'running', 'idle', 'waiting'] });
      const first = live.length === 0 ? await api.createAgent({ cwd: process.cwd() }) : undefined;
      await openTui(ctx, api, first?.id);
    });
  for (const mod of [run, ls, send, logs, wait, stop, attach, daemon, ...(await optionalCommands())]) {
    mod.register(program, ctx);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    process.stderr.write(`paseo: ${err instanceof PaseoError ? err.message : errorMessage(err)}\n`);
    if (process.env.PASEO_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return ExitCode.ERROR;
  } finally {
    await ctx.close();
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
    // Do not wait for stray handles (a daemon run returns only once stopped).
    setImmediate(() => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`paseo: ${errorMessage(err)}\n`);
    process.exit(ExitCode.ERROR);
  },
);
