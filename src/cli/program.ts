/** The commander program: every command, help and usage errors. Loaded only when the invocation is not the bare TUI. */
import { createRequire } from 'node:module';
import type { Command as CommandType } from 'commander';
import { PASEO_VERSION } from '../daemon/version.js';
import type { CliContext } from './context.js';
import { openDefaultTui } from './open-tui.js';
import * as attach from './commands/attach.js';
import * as audit from './commands/audit.js';
import * as policy from './commands/policy.js';
import * as daemon from './commands/daemon.js';
import * as diff from './commands/diff.js';
import * as devices from './commands/devices.js';
import * as pair from './commands/pair.js';
import * as ls from './commands/ls.js';
import * as logs from './commands/logs.js';
import * as run from './commands/run.js';
import * as schedule from './commands/schedule.js';
import * as send from './commands/send.js';
import * as stop from './commands/stop.js';
import * as wait from './commands/wait.js';
import { optionalCommands } from './optional-commands.js';
import { formatError } from './print-error.js';
import { PaseoError } from '../core/errors.js';

// Required, not imported: commander is CommonJS, and importing it from ESM costs a parse of its source for export
// names (~10 ms here) before every command.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');
export { CommanderError };

export async function buildProgram(ctx: CliContext, opts: { jsonErrors?: boolean } = {}): Promise<CommandType> {
  const program = new Command('paseo');
  // With --json a usage error is the same JSON line as any other error (print-error.ts), without the help hint.
  // Commander puts its did-you-mean on a line of its own: it joins the error's one line.
  const oneLine = (str: string) => str.replace(/\n\(Did you mean (.*?)\?\)/, ' (did you mean $1?)');
  const outputError = opts.jsonErrors
    ? (str: string, write: (s: string) => void) => write(formatError(new PaseoError('bad_request', oneLine(str).replace(/^error: /, '').trim()), true))
    : (str: string, write: (s: string) => void) => write(oneLine(str).replace(/^error: /, 'paseo: '));
  program
    .description('a terminal-first supervisor for AI coding agents (no command: open the TUI)')
    .version(PASEO_VERSION, '-V, --version')
    .option('--home <dir>', 'state directory (env PASEO_HOME, default ~/.paseo)')
    .option('--listen <host:port>', 'daemon address (env PASEO_LISTEN, default 127.0.0.1:6767)')
    .option('--embedded', 'run the supervisor inside this process instead of a daemon (agents end with it)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError(opts.jsonErrors ? false : '(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError })
    // Operands reach this action only when they name no command: `paseo foo` is an unknown command (with
    // commander's did-you-mean), not "too many arguments" for the TUI.
    .allowExcessArguments(true)
    .action((_opts: unknown, cmd: CommandType) => {
      if (cmd.args.length > 0) return (cmd as unknown as { unknownCommand(): never }).unknownCommand();
      return openDefaultTui(ctx);
    });
  for (const mod of [run, ls, send, logs, wait, stop, attach, daemon, policy, audit, pair, devices, diff, schedule, ...(await optionalCommands())]) {
    mod.register(program, ctx);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}
