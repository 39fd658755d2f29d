/** The agent record: what the supervisor knows of one agent, persisted as PASEO_HOME/agents/<id>.json. */

export const AGENT_STATUSES = ['starting', 'running', 'idle', 'waiting', 'exited', 'error'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * Why an agent needs the user: a real agent's turn finished, it asks permission, or something failed (a shell's command,
 * the process itself). Cleared when the user focuses or attaches to the agent (agent.seen) or types into it.
 */
export type Attention = 'finished' | 'permission' | 'error';

export const AGENT_MODES = ['default', 'accept-edits', 'plan', 'full-access'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export interface AgentRecord {
  id: string;
  title: string;
  /** Adapter name: shell, command, claude, codex, gemini, opencode, aider, or a custom one. */
  provider: string;
  model?: string;
  mode: AgentMode;
  cwd: string;
  /** argv for the `command` adapter. */
  command?: string[];
  /** First prompt given at creation. */
  prompt?: string;
  status: AgentStatus;
  attention?: Attention;
  /** A short human reason for the last status (e.g. "resumed session", "exit 1"). */
  statusDetail?: string;
  pid?: number;
  exitCode?: number;
  exitSignal?: number;
  /** A shell agent's last command's exit status, as the shell reported it (shell integration); undefined before the first. */
  lastExitCode?: number;
  cols: number;
  rows: number;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  exitedAt?: string;
  archivedAt?: string;
  parentAgentId?: string;
  /** When it finishes, fails or needs permission, a short message goes to the parent agent as a prompt. */
  notifyOnFinish?: boolean;
  /** The CLI's own session id, used to resume after a daemon restart. */
  providerSessionRef?: string;
  /** Start time of `pid` (/proc/<pid>/stat field 22, clock ticks), so a restarted daemon never kills a reused pid. */
  pidStartTicks?: number;
  /** The boot `pidStartTicks` counts from (/proc/sys/kernel/random/boot_id): after a reboot the same ticks name another process. */
  pidBootId?: string;
  /** The branch and commit its cwd's repository was at when the agent was created (diffs against the base). */
  gitStart?: import('./diff-types.js').GitStart;
}

export interface AgentFilter {
  cwd?: string;
  statuses?: AgentStatus[];
  sinceHours?: number;
  includeArchived?: boolean;
}

export interface CreateAgentOptions {
  /** "shell", "command", "claude/sonnet", … (provider/model). Default: shell. */
  provider?: string;
  /** argv for the command adapter. */
  command?: string[];
  cwd?: string;
  title?: string;
  prompt?: string;
  mode?: AgentMode;
  cols?: number;
  rows?: number;
  parentAgentId?: string;
  /** Tell the parent (parentAgentId) when this agent finishes, fails or needs permission. */
  notifyOnFinish?: boolean;
  env?: Record<string, string>;
}

/** What `wait` reports: the state the agent settled in, or timeout. */
export type WaitOutcome = 'idle' | 'waiting' | 'exited' | 'timeout';

export interface WaitResult {
  outcome: WaitOutcome;
  agent: AgentRecord;
}

export interface SendOptions {
  /** Interrupt the current turn first (Esc / the CLI's key). */
  interrupt?: boolean;
  /** Queue while busy (default true); false types immediately. */
  queue?: boolean;
}

export interface SendResult {
  delivered: boolean;
  queued: boolean;
}

export function isLive(status: AgentStatus): boolean {
  return status !== 'exited' && status !== 'error';
}

export function matchesFilter(agent: AgentRecord, filter: AgentFilter, nowMs: number): boolean {
  if (!filter.includeArchived && agent.archivedAt) return false;
  if (filter.cwd && agent.cwd !== filter.cwd) return false;
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(agent.status)) return false;
  if (filter.sinceHours !== undefined) {
    const since = nowMs - filter.sinceHours * 3_600_000;
    if (Date.parse(agent.updatedAt) < since) return false;
  }
  return true;
}
