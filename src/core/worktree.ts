/** Worktree shapes shared by the supervisor, the protocol, the CLI and the MCP tools. */

/** How a worktree is made: a new branch off a base, an existing branch or ref checked out, or a GitHub PR's head. */
export type WorktreeCreateOptions = {
  /** The repository (any directory in it); default the caller's cwd. */
  cwd?: string;
  /** Who asked (an agent id), shown with the setup approval request. */
  requestedBy?: string;
} & (
  | { action: 'branch-off'; branchName: string; baseBranch?: string }
  | { action: 'checkout'; refName: string }
  | { action: 'pr'; prNumber: number }
);

/** One setup/teardown command as it ran: its output is shown, never swallowed. */
export interface SetupCommandResult {
  command: string;
  exitCode: number;
  output: string;
}

export interface SetupOutcome {
  /** ran: the commands ran (see results); denied: the user did not trust this `.paseo.json`; none: no commands. */
  status: 'ran' | 'denied' | 'none';
  commands: string[];
  results: SetupCommandResult[];
  /** Why it was not run (deny message). */
  message?: string;
}

export interface WorktreeCreated {
  branchName: string;
  worktreePath: string;
  slug: string;
  /** An existing worktree with the same slug was reused (no setup ran). */
  reused: boolean;
  setup?: SetupOutcome;
}

export interface WorktreeInfo {
  slug: string;
  worktreePath: string;
  branchName?: string;
  repoRoot: string;
  /** Ids of the agents whose cwd is in it (archived ones apart). */
  agents: string[];
  /** `git status --porcelain` lines. */
  uncommitted: string[];
  /** Commits on no remote branch and not merged into the base. */
  unpushed: string[];
}

export interface WorktreeArchiveOptions {
  /** A slug, a path or a branch name of one of paseo's worktrees. */
  target: string;
  cwd?: string;
  force?: boolean;
}

export interface WorktreeArchived {
  worktreePath: string;
  branchName?: string;
  /** Agents that were stopped and archived. */
  stoppedAgents: string[];
  teardown?: SetupOutcome;
}
