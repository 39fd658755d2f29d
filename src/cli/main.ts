#!/usr/bin/env node
/** The `paseo` command: parses arguments, runs one command file, prints one-line errors, sets the exit code. */
import { createContext, type CliContext, type RawGlobalOptions } from './context.js';
import { ExitCode } from './exit-codes.js';
import { openDefaultTui } from './open-tui.js';
import { parseDirectInvocation } from './direct-invocation.js';
import { formatError, wantsJson } from './print-error.js';
import { exitAfterDrain, watchStdio } from './stdio.js';
import { UsageError } from './usage-error.js';

// React's development build costs ~30% per frame (perf.md §5); the TUI always runs production.
process.env.NODE_ENV ??= 'production';

/** This invocation's context, for the broken-pipe handler. */
let current: CliContext | undefined;

async function main(argv: string[]): Promise<number> {
  // The TUI and the daemon skip commander and the command files (tens of ms of startup); the rest parses fully.
  const direct = parseDirectInvocation(argv.slice(2));
  let readOptions: () => RawGlobalOptions = () => direct?.options ?? {};
  const json = wantsJson(argv.slice(2));
  const ctx = createContext(() => readOptions());
  current = ctx;
  try {
    if (direct?.command === 'tui') {
      await openDefaultTui(ctx);
      return ctx.exitCode;
    }
    if (direct?.command === 'daemon-run') {
      const { runDaemonCommand } = await import('./daemon-run.js');
      await runDaemonCommand(ctx);
      return ctx.exitCode;
    }
    const { buildProgram, CommanderError } = await import('./program.js');
    const program = await buildProgram(ctx, { jsonErrors: json });
    readOptions = () => program.opts<RawGlobalOptions>();
    try {
      await program.parseAsync(argv);
    } catch (err) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
      throw err;
    }
    return ctx.exitCode;
  } catch (err) {
    process.stderr.write(formatError(err, json));
    if (process.env.PASEO_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return err instanceof UsageError ? ExitCode.USAGE : ExitCode.ERROR;
  } finally {
    await ctx.close();
  }
}

// stdout's reader went away (`paseo logs -f | head -1`): close what this invocation opened (an --embedded host
// stops its agents) and end quietly, as any filter in a pipeline does.
watchStdio(() => {
  void (current?.close() ?? Promise.resolve()).finally(() => exitAfterDrain(ExitCode.OK));
});

main(process.argv).then(
  // Do not wait for stray handles (a daemon run returns only once stopped), but do wait for stdout to drain.
  (code) => exitAfterDrain(code),
  (err: unknown) => {
    process.stderr.write(formatError(err, wantsJson(process.argv.slice(2))));
    return exitAfterDrain(ExitCode.ERROR);
  },
);
