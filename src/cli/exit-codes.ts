/** Exit codes of the CLI (documented in the README). */
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
} as const;

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
