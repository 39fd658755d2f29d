/**
 * Recognises the two invocations on a startup path without commander: `paseo [global options]` (the TUI) and
 * `paseo daemon run [global options]` (what `daemon start` and the TUI's autostart spawn). Neither then loads
 * commander and every command file (tens of ms before a first frame, or before a new daemon listens). Anything
 * else returns undefined and goes through commander, which stays the one authority on syntax, help and errors.
 */
import type { RawGlobalOptions } from './context.js';

export interface DirectInvocation {
  command: 'tui' | 'daemon-run';
  options: RawGlobalOptions;
}

const VALUE_OPTIONS = { '--home': 'home', '--listen': 'listen' } as const;
const FLAG_OPTIONS = { '--embedded': 'embedded', '--json': 'json' } as const;

/** `args` without node and the script; the values commander would give, or undefined when in doubt. */
export function parseDirectInvocation(args: readonly string[]): DirectInvocation | undefined {
  const options: RawGlobalOptions = {};
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (Object.hasOwn(VALUE_OPTIONS, name)) {
      // Like commander: a required value is the next argument whatever it looks like; the last one given wins.
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return undefined;
      options[VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS]] = value;
    } else if (eq < 0 && Object.hasOwn(FLAG_OPTIONS, arg)) {
      options[FLAG_OPTIONS[arg as keyof typeof FLAG_OPTIONS]] = true;
    } else if (arg.startsWith('-')) {
      return undefined;
    } else {
      operands.push(arg);
    }
  }
  if (operands.length === 0) return { command: 'tui', options };
  if (operands.length === 2 && operands[0] === 'daemon' && operands[1] === 'run') return { command: 'daemon-run', options };
  return undefined;
}
