#!/usr/bin/env node
/** The `paseo` command: parses arguments, runs one command file, prints one-line errors, sets the exit code. */
import { PaseoError, errorMessage } from '../core/errors.js';
import { createContext, type RawGlobalOptions } from './context.js';
import { ExitCode } from './exit-codes.js';
import { openDefaultTui } from './open-tui.js';
import { parseDirectInvocation } from './direct-invocation.js';

// React's development build costs ~30% per frame (perf.md §5); the TUI always runs production.
process.env.NODE_ENV ??= 'production';

async function main(argv: string[]): Promise<number> {
  // The TUI and the daemon skip commander and the command files (tens of ms of startup); the rest parses fully.
  const direct = parseDirectInvocation(argv.slice(2));
  let readOptions: () => RawGlobalOptions = () => direct?.options ?? {};
  const ctx = createContext(() => readOptions());
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
    const program = await buildProgram(ctx);
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
