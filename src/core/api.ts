/** The one API surface: the in-process supervisor and the protocol client both implement it, so the TUI, CLI and tests run against either. */
import type { AgentEvent, HealthInfo, ProviderInfo, TerminalDelta, TerminalSnapshot } from './protocol.js';
import type { AgentFilter, AgentRecord, CreateAgentOptions, SendOptions, SendResult, WaitResult } from './agent.js';
import type { Disposable } from './disposable.js';
import type { Event } from './event.js';

export interface TerminalListener {
  /** First call after subscribe, and again whenever the stream is resynced (slow client, reconnect). */
  onSnapshot(snapshot: TerminalSnapshot): void;
  onDelta(delta: TerminalDelta): void;
}

export interface PaseoApi {
  /** A git worktree under PASEO_HOME/worktrees (optional: older fakes lack it); runs trusted `.paseo.json` setup. */
  createWorktree?(opts: import('./worktree.js').WorktreeCreateOptions): Promise<import('./worktree.js').WorktreeCreated>;
  /** paseo's worktrees of the repository `cwd` is in. */
  listWorktrees?(cwd: string): Promise<import('./worktree.js').WorktreeInfo[]>;
  /** Stops its agents, runs teardown, removes worktree and branch; refuses to lose work unless `force`. */
  archiveWorktree?(opts: import('./worktree.js').WorktreeArchiveOptions): Promise<import('./worktree.js').WorktreeArchived>;
  readonly onDidChangeAgent: Event<AgentEvent>;
  createAgent(opts: CreateAgentOptions): Promise<AgentRecord>;
  listAgents(filter?: AgentFilter): Promise<AgentRecord[]>;
  /** Accepts a full id or a unique prefix. */
  getAgent(agentId: string): Promise<AgentRecord>;
  sendText(agentId: string, text: string, opts?: SendOptions): Promise<SendResult>;
  /** Raw keystrokes, exactly as a terminal would send them. */
  writeInput(agentId: string, data: string): void;
  resize(agentId: string, cols: number, rows: number): Promise<void>;
  stopAgent(agentId: string): Promise<AgentRecord>;
  archiveAgent(agentId: string): Promise<AgentRecord>;
  /** Stops the agent if it runs and starts a new process with the record's settings, resuming its session where the adapter can (optional: older fakes lack it). */
  restartAgent?(agentId: string): Promise<AgentRecord>;
  /** Sets the agent's title (optional: older fakes lack it). */
  renameAgent?(agentId: string, title: string): Promise<AgentRecord>;
  /** Stops the agent and deletes its record and saved history; fires a 'removed' event (optional: older fakes lack it). */
  removeAgent?(agentId: string): Promise<void>;
  /** The user focused or attached to the agent: clears its attention (optional: older fakes lack it). */
  markSeen?(agentId: string): Promise<AgentRecord>;
  waitForAgent(agentId: string, opts?: { timeoutMs?: number }): Promise<WaitResult>;
  readLogs(agentId: string, opts?: { tail?: number; ansi?: boolean }): Promise<string>;
  /** A page of the agent's history by stable row number (scroll mode, search): the daemon holds it all, clients page. */
  readHistory(agentId: string, opts: import('./protocol.js').HistoryReadOptions): Promise<import('./protocol.js').HistoryPage>;
  subscribeTerminal(agentId: string, listener: TerminalListener, opts?: { scrollbackLines?: number }): Promise<Disposable>;
  health(): Promise<HealthInfo>;
  listProviders(): Promise<ProviderInfo[]>;
  /** Pending approval requests, oldest first (optional: older fakes lack it). */
  listApprovals?(): Promise<import('./protocol.js').ApprovalInfo[]>;
  /**
   * First decision wins; `not_pending` when it was already decided ("already decided") or cancelled (why), NotFoundError
   * when unknown. `interrupt` (with a deny) also interrupts the agent's turn.
   */
  decideApproval?(
    requestId: string,
    decision: import('./adapter.js').ApprovalDecision,
    /** actor: who decided (the server sets it from the connection); contentHash: what was shown (a mismatch is refused). */
    opts?: { interrupt?: boolean; actor?: ApprovalActor; contentHash?: string },
  ): Promise<void>;
  /** The policy rules in force, in order, and bad rules by position (optional: older fakes lack it). */
  listPolicy?(): Promise<import('./policy-types.js').PolicyListing>;
  /** Which rule decides a request, and why. */
  testPolicy?(input: import('./policy-types.js').PolicyTestInput): Promise<import('./policy-types.js').PolicyTestResult>;
  /** Lines of PASEO_HOME/audit.log (and its rotated files), oldest first. */
  readAudit?(opts?: import('./policy-types.js').AuditReadOptions): Promise<import('./policy-types.js').AuditLine[]>;
  /** Checks the audit log's hash chain; names the first line changed, removed or reordered. */
  verifyAudit?(): Promise<import('./policy-types.js').AuditVerifyResult>;
  /** One request's detail: command and cwd, or the diff of each file on disk against after the edit (optional: older fakes lack it). */
  showApproval?(requestId: string): Promise<import('./protocol.js').ApprovalDetail>;
  /** "Allow always": adds an allow rule to config.json (from a pending request as shown, or given whole); dryRun only says what it would add. */
  addPolicyRule?(input: import('./policy-types.js').AddRuleInput): Promise<import('./policy-types.js').PlacedRule>;
  /** Approval queue changes as they happen (added, decided anywhere), so a client's queue follows the daemon's. */
  readonly onDidChangeApproval?: Event<import('./protocol.js').ApprovalEvent>;
  /** Schedules ("heartbeats"): a prompt on a cron or interval to an agent or a new agent (optional: older fakes lack them). */
  createSchedule?(opts: import('./schedule.js').ScheduleCreateOptions): Promise<import('./schedule.js').ScheduleInfo>;
  listSchedules?(): Promise<import('./schedule.js').ScheduleInfo[]>;
  /** One schedule with its run history (inspect, logs); accepts an id, a unique id prefix or the name. */
  getSchedule?(scheduleId: string): Promise<import('./schedule.js').ScheduleDetail>;
  /** pause, resume, or run-now (refused while a run of it is going: runs never overlap). */
  controlSchedule?(scheduleId: string, action: import('./schedule.js').ScheduleAction): Promise<import('./schedule.js').ScheduleInfo>;
  deleteSchedule?(scheduleId: string): Promise<import('./schedule.js').ScheduleInfo>;
  /** What the agent changed in its cwd's repository: a page of files, or one file's hunks (optional: older fakes lack it). */
  agentDiff?(agentId: string, opts?: import('./diff-types.js').DiffOptions): Promise<import('./diff-types.js').AgentDiff>;
  /** Resolves when the agent's repository no longer matches `fingerprint` (debounced), or unchanged after timeoutMs. */
  waitDiffChange?(agentId: string, opts: { fingerprint: string; timeoutMs?: number }): Promise<import('./diff-types.js').DiffWaitResult>;
}

/** Who decided an approval: the connection's client (kind and name from its hello) and principal. */
export interface ApprovalActor {
  /** cli, tui, web, mcp, test; 'local' for an in-process call. */
  kind: string;
  /** The client's name from its hello, or the paired device's label. */
  label?: string;
  /** The device it speaks for, when paired. */
  deviceId?: string;
  role?: string;
}

/** A hook call from an agent CLI, as the HTTP endpoint or the `paseo hook` relay received it. */
export interface HookCall {
  agentId: string;
  /** The per-agent secret presented with the call (header `x-paseo-hook-secret`); a call without the right one is refused. */
  secret: string | undefined;
  /** The CLI's hook event name (PreToolUse, Stop, BeforeTool, …). */
  event: string;
  payload: unknown;
  /** Aborted when the caller went away before its answer (HTTP request closed): a request it left pending is cancelled. */
  signal?: AbortSignal;
}

export interface HookReply {
  status: number;
  body: unknown;
}

/** What the daemon's server needs from the supervisor beyond the client API. */
export interface SupervisorService extends PaseoApi {
  handleHook(call: HookCall): Promise<HookReply>;
  /** The agent exists and `secret` is its hook secret: the credential its MCP server connects with (optional: fakes lack it). */
  verifyAgentCredential?(agentId: string, secret: string): boolean;
  /** Stops every agent (SIGTERM to each process group) and saves state. */
  shutdown(): Promise<void>;
}
