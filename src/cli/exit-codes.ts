/** Exit codes of the CLI (documented in the README). */
import type { WaitResult } from '../core/agent.js';

export const ExitCode = {
  OK: 0,
  /** Any error: printed as one line `paseo: <message>`. */
  ERROR: 1,
  /** Bad usage: unknown command or option, missing argument. */
  USAGE: 2,
  /** `wait`/`run`/`send`: the agent is waiting for input or a permission decision. */
  WAITING: 3,
  /** `wait`/`run`/`send`: the agent exited. */
  EXITED: 4,
  /** `wait`/`run`/`send`: the timeout passed first. */
  TIMEOUT: 5,
  /** `wait`/`run`/`send`: a shell agent is back at its prompt and its last command failed (non-zero exit status). */
  COMMAND_FAILED: 6,
} as const;

/** The outcome's code; an idle shell whose last command failed is COMMAND_FAILED. */
export function exitCodeForWait(result: WaitResult): number {
  if (result.outcome === 'idle' && result.agent.lastExitCode !== undefined && result.agent.lastExitCode !== 0) return ExitCode.COMMAND_FAILED;
  return exitCodeForOutcome(result.outcome);
}

export function exitCodeForOutcome(outcome: 'idle' | 'waiting' | 'exited' | 'timeout'): number {
  switch (outcome) {
    case 'idle':
      return ExitCode.OK;
    case 'waiting':
      return ExitCode.WAITING;
    case 'exited':
      return ExitCode.EXITED;
    case 'timeout':
      return ExitCode.TIMEOUT;
  }
}
