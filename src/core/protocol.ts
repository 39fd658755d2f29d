/** Protocol v1: JSON text frames over WebSocket. Bump PROTOCOL_VERSION whenever a message shape changes. */
import type { AgentRecord } from './agent.js';
import type { ErrorCode } from './errors.js';
import type { ApprovalRequestInput } from './adapter.js';

export const PROTOCOL_VERSION = 1;

export type ClientKind = 'cli' | 'tui' | 'web' | 'mcp' | 'test';

/** What a connection may do, least to most (README Security): each role includes the ones before it. */
export const ROLES = ['viewer', 'approver', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A paired device as `devices.list` shows it (never its credential). */
export interface DeviceInfo {
  id: string;
  label: string;
  role: Role;
  createdAt: string;
  lastSeenAt?: string;
  /** Live connections of this device now. */
  connections: number;
}

/** What `devices.pair` returns: the one-time code and the link that carries it in its fragment. */
export interface PairingInfo {
  code: string;
  url: string;
  role: Role;
  label: string;
  expiresAt: string;
}

/** Terminal content sent on subscribe and on resync: ANSI from the serialize addon, written into a terminal of cols×rows. */
export interface TerminalSnapshot {
  agentId: string;
  cols: number;
  rows: number;
  /** Sequence number of the last output chunk this snapshot contains. */
  seq: number;
  data: string;
}

/** One step of a terminal stream after the snapshot. */
export type TerminalDelta =
  | { kind: 'output'; agentId: string; seq: number; data: string }
  | { kind: 'resize'; agentId: string; seq: number; cols: number; rows: number };

/** Which rows of an agent's history to read (`history.read`): by stable row number, in pages. */
export interface HistoryReadOptions {
  /** Number of the first row wanted; the newest `count` rows when omitted. */
  fromLine?: number;
  /** Rows wanted (at most History.READ_MAX_LINES are returned). */
  count: number;
  /** 'ansi' (default): each row self-contained SGR + text; 'text': plain text, trailing blanks trimmed unless the next row continues it. */
  format?: 'ansi' | 'text';
}

/**
 * A page of an agent's history: rows of the normal buffer (history, then the screen) by stable number. Numbers hold
 * while output arrives (a row keeps its number as it scrolls up) and change only with `epoch` (resize reflow, reset).
 */
export interface HistoryPage {
  epoch: number;
  /** Number of the oldest row still held (older ones were dropped). */
  first: number;
  /** One past the newest row; the last `rows` rows before it are the screen. */
  end: number;
  cols: number;
  rows: number;
  /** Sequence number of the last output chunk this page reflects. */
  seq: number;
  /** Number of lines[0]. */
  from: number;
  format: 'ansi' | 'text';
  lines: string[];
  /** Per line: it continues the line before (the program's line was wider than the terminal: a soft wrap). */
  wrapped: boolean[];
}

export type AgentEvent =
  | { kind: 'added'; agent: AgentRecord }
  | { kind: 'changed'; agent: AgentRecord }
  | { kind: 'removed'; agentId: string };

// ---- client → server ----
export interface HelloMessage {
  type: 'hello';
  protocol: number;
  token?: string;
  client: { kind: ClientKind; name?: string };
}
export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  params?: unknown;
}
/** Keystrokes for an agent; fire-and-forget for latency. */
export interface InputMessage {
  type: 'input';
  agentId: string;
  data: string;
}
export type ClientMessage = HelloMessage | RequestMessage | InputMessage | import('./viewer-protocol.js').AckMessage;

// ---- server → client ----
export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  version: string;
  pid: number;
  /** What this connection may do: 'admin' for the local token, the device's role for a paired device. */
  role?: Role;
  deviceId?: string;
}
export interface ResponseMessage {
  type: 'response';
  id: number;
  result?: unknown;
  error?: WireError;
}
export interface WireError {
  code: ErrorCode;
  message: string;
}
export interface EventMessage {
  type: 'event';
  event: AgentEvent | ApprovalEvent;
}
export interface SnapshotMessage extends TerminalSnapshot {
  type: 'snapshot';
}
export interface OutputMessage {
  type: 'output';
  agentId: string;
  seq: number;
  data: string;
}
export interface ResizeMessage {
  type: 'resize';
  agentId: string;
  seq: number;
  cols: number;
  rows: number;
}
/** An error not tied to a request id (malformed frame, unknown type). */
export interface ErrorMessage {
  type: 'error';
  error: WireError;
}
/**
 * On the wire only: several terminal deltas in one frame, in order (the daemon gathers a streaming client's deltas
 * for a few ms). Clients unwrap it into its messages before anything else sees them; it never nests.
 */
export interface BatchMessage {
  type: 'batch';
  messages: Array<OutputMessage | ResizeMessage>;
}
/** What a server frame can hold: a message, or a batch of deltas. */
export type WireServerMessage = ServerMessage | BatchMessage;

export type ServerMessage =
  | WelcomeMessage
  | ResponseMessage
  | EventMessage
  | SnapshotMessage
  | OutputMessage
  | ResizeMessage
  | ErrorMessage
  | import('./viewer-protocol.js').FrameMessage;

/** Request methods and their params/results; the one list both server dispatch and client share. */
export interface Methods {
  'agent.create': { params: import('./agent.js').CreateAgentOptions; result: AgentRecord };
  'agent.list': { params: import('./agent.js').AgentFilter; result: AgentRecord[] };
  'agent.get': { params: { agentId: string }; result: AgentRecord };
  'agent.seen': { params: { agentId: string }; result: AgentRecord };
  'agent.send': { params: { agentId: string; text: string } & import('./agent.js').SendOptions; result: import('./agent.js').SendResult };
  'agent.resize': { params: { agentId: string; cols: number; rows: number }; result: null };
  'agent.stop': { params: { agentId: string }; result: AgentRecord };
  'agent.archive': { params: { agentId: string }; result: AgentRecord };
  'agent.restart': { params: { agentId: string }; result: AgentRecord };
  'agent.rename': { params: { agentId: string; title: string }; result: AgentRecord };
  'agent.remove': { params: { agentId: string }; result: null };
  'agent.wait': { params: { agentId: string; timeoutMs?: number }; result: import('./agent.js').WaitResult };
  'agent.logs': { params: { agentId: string; tail?: number; ansi?: boolean }; result: { text: string } };
  'history.read': { params: { agentId: string } & HistoryReadOptions; result: HistoryPage };
  'terminal.subscribe': { params: { agentId: string; scrollbackLines?: number; viewer?: boolean; lastFrame?: number }; result: null };
  'terminal.unsubscribe': { params: { agentId: string }; result: null };
  'events.subscribe': { params: Record<string, never>; result: null };
  'daemon.health': { params: Record<string, never>; result: HealthInfo };
  'daemon.shutdown': { params: Record<string, never>; result: null };
  'provider.list': { params: Record<string, never>; result: ProviderInfo[] };
  'permit.list': { params: Record<string, never>; result: ApprovalInfo[] };
  'devices.pair': { params: { role?: Role; label?: string; ttlMs?: number }; result: PairingInfo };
  'devices.list': { params: Record<string, never>; result: DeviceInfo[] };
  'devices.revoke': { params: { deviceId: string }; result: DeviceInfo };
  'worktree.create': { params: import('./worktree.js').WorktreeCreateOptions; result: import('./worktree.js').WorktreeCreated };
  'worktree.list': { params: { cwd: string }; result: import('./worktree.js').WorktreeInfo[] };
  'worktree.archive': { params: import('./worktree.js').WorktreeArchiveOptions; result: import('./worktree.js').WorktreeArchived };
  'permit.decide': { params: { requestId: string; behavior: 'allow' | 'deny'; message?: string; interrupt?: boolean; contentHash?: string }; result: null };
  'policy.list': { params: Record<string, never>; result: import('./policy-types.js').PolicyListing };
  'policy.test': { params: import('./policy-types.js').PolicyTestInput; result: import('./policy-types.js').PolicyTestResult };
  'policy.addRule': { params: import('./policy-types.js').AddRuleInput; result: import('./policy-types.js').PlacedRule };
  'audit.read': { params: import('./policy-types.js').AuditReadOptions; result: import('./policy-types.js').AuditLine[] };
  'audit.verify': { params: Record<string, never>; result: import('./policy-types.js').AuditVerifyResult };
  'agent.diff': { params: { agentId: string } & import('./diff-types.js').DiffOptions; result: import('./diff-types.js').AgentDiff };
  'agent.diffWait': { params: { agentId: string; fingerprint: string; timeoutMs?: number }; result: import('./diff-types.js').DiffWaitResult };
  'schedule.create': { params: import('./schedule.js').ScheduleCreateOptions; result: import('./schedule.js').ScheduleInfo };
  'schedule.list': { params: Record<string, never>; result: import('./schedule.js').ScheduleInfo[] };
  'schedule.inspect': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleDetail };
  'schedule.logs': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleDetail };
  'schedule.pause': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleInfo };
  'schedule.resume': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleInfo };
  'schedule.runNow': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleInfo };
  'schedule.delete': { params: { scheduleId: string }; result: import('./schedule.js').ScheduleInfo };
  /** One request's detail: the command and cwd, or each file's unified diff of disk against after the edit. */
  'permit.show': { params: { requestId: string }; result: ApprovalDetail };
}
export type MethodName = keyof Methods;

export interface HealthInfo {
  status: 'ok';
  version: string;
  pid: number;
  uptimeMs: number;
  home: string;
  listen: string;
  /** Not archived, by status; `live` and `archived` beside (agent-counts.ts: the one rule, shared with the TUI). */
  agents: import('./agent-counts.js').AgentCounts;
  /** Paired devices (phones) connected now; set by the daemon's server. */
  devices?: number;
}

/** What `/api/health` tells a caller without the token: only that the daemon is up, and its version. */
export type PublicHealthInfo = Pick<HealthInfo, 'status' | 'version'>;

export interface ProviderInfo {
  name: string;
  displayName: string;
  installed: boolean;
  binary?: string;
  version?: string;
  reason?: string;
  models: string[];
  modes: string[];
  /** Its agents come back resumed after a daemon restart (the others end then). */
  supportsResume?: boolean;
  /** The binary found is the copy paseo's own development dependencies hold (node_modules of paseo), not the user's. */
  devCopy?: boolean;
}

/** A pending approval request as clients see it (`paseo permit ls`). */
export interface ApprovalInfo extends ApprovalRequestInput {
  id: string;
  agentId: string;
  createdAt: string;
  /** When it is denied unanswered (fail closed). */
  deadlineAt: string;
  /** What a decision is bound to (sha256 of agent, tool and canonical input): pass it back with permit.decide / policy.addRule. */
  contentHash?: string;
  /** The agent's title and provider when it was listed, so a client need not look the agent up. */
  agentTitle?: string;
  provider?: string;
  /**
   * 'screen': the agent asks on its own screen, no hook holds it (Aider's yes/no): `screen` holds its last lines, and
   * a decision types the adapter's keys for that prompt. Absent for a hook's request.
   */
  source?: 'hook' | 'screen';
  screen?: string[];
}

/**
 * Approval queue changes, pushed as `event` messages to clients that called `events.subscribe`, so every client's
 * queue and count follow the daemon's: added with the request, decided (by a person, a rule, a timeout, or because
 * nothing waits any more) when it leaves the queue.
 */
export type ApprovalEvent =
  | { kind: 'approval.added'; approval: ApprovalInfo }
  | { kind: 'approval.decided'; requestId: string; agentId: string; behavior: 'allow' | 'deny'; by: string };

export function isApprovalEvent(e: AgentEvent | ApprovalEvent): e is ApprovalEvent {
  return e.kind === 'approval.added' || e.kind === 'approval.decided';
}

/** One file's change in an approval's detail: jsdiff hunks (lines prefixed ' ', '-', '+', '\\'). */
export interface ApprovalFileDiff {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  hunks: Array<{ oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }>;
  /** Why the diff is approximate ("old text not found on disk: shown against itself"). */
  note?: string;
}

/** What `permit.show` returns: everything a person needs to decide, sanitized. */
export interface ApprovalDetail {
  approval: ApprovalInfo;
  summary: string;
  command?: string;
  cwd?: string;
  files: ApprovalFileDiff[];
  /** For a screen ask: the agent's last screen lines. */
  screen?: string[];
}
