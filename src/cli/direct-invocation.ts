/**
 * Recognises `paseo [global options]` (the TUI, nothing else) without commander, so the most common invocation
 * does not load commander and every command file before its first frame. Anything else returns undefined and goes
 * through commander, which stays the one authority on syntax, help and usage errors.
 */
import type { RawGlobalOptions } from './context.js';

const VALUE_OPTIONS = { '--home': 'home', '--listen': 'listen' } as const;
const FLAG_OPTIONS = { '--embedded': 'embedded', '--json': 'json' } as const;

/** `args` without node and the script; the same values commander would give, or undefined when in doubt. */
export function parseTuiInvocation(args: readonly string[]): RawGlobalOptions | undefined {
  const opts: RawGlobalOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (Object.hasOwn(VALUE_OPTIONS, name)) {
      const key = VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS];
      // Like commander: a required value is the next argument whatever it looks like; the last one given wins.
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return undefined;
      opts[key] = value;
    } else if (eq < 0 && Object.hasOwn(FLAG_OPTIONS, arg)) {
      opts[FLAG_OPTIONS[arg as keyof typeof FLAG_OPTIONS]] = true;
    } else {
      return undefined;
    }
  }
  return opts;
}
