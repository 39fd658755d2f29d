/** What every CLI command file receives: how to reach the daemon and how to print. */
import type { PaseoApi } from '../core/api.js';

export interface GlobalOptions {
  home: string;
  listen: string;
  embedded: boolean;
  json: boolean;
}

export interface CommandContext {
  /** Resolved --home/--listen/--embedded/--json after env defaults. */
  globals(): GlobalOptions;
  /** Connects (starting the daemon detached when none answers, or in-process with --embedded). */
  api(opts?: { autoStart?: boolean; reconnect?: boolean }): Promise<PaseoApi>;
  /** Human output line (stdout). */
  out(text: string): void;
  /** JSON output (stdout), one document. */
  json(value: unknown): void;
  /** Sets the process exit code the CLI ends with. */
  setExitCode(code: number): void;
}
