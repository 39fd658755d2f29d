/** What the chrome draws: a plain model built by the TUI from its state; components render it and hold no state of their own. */
import type { AgentRecord } from '../src/core/agent.js';

export interface ChromeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ChromeTile =
  | { kind: 'pane'; agentId: string; rect: ChromeRect }
  | { kind: 'split'; direction: 'row' | 'column'; rect: ChromeRect; children: ChromeTile[] };

export interface FormField {
  label: string;
  value: string;
  /** Shown greyed when value is empty. */
  placeholder?: string;
  /** Choices cycled with ←/→ (provider); free text when absent. */
  choices?: string[];
}

export type Dialog =
  | { kind: 'none' }
  | { kind: 'help'; prefix: string; rows: { keys: string; what: string }[] }
  | { kind: 'new-agent'; fields: FormField[]; focus: number; error?: string; busy?: boolean }
  | { kind: 'pick'; selected: number }
  /** The approval queue (prefix a): one row per pending request, oldest first. */
  | { kind: 'approvals'; rows: ApprovalRow[]; selected: number }
  /** One request in full: the visible window of its lines (wrapped to the width), and where it is in them. */
  | { kind: 'approval-detail'; title: string; lines: import('../src/core/approval-text.js').StyledLine[]; scroll: number; total: number; status?: string };

export interface ApprovalRow {
  id: string;
  agent: string;
  provider: string;
  tool: string;
  summary: string;
  age: string;
  left: string;
}

export interface StatusInfo {
  host: string;
  /** "127.0.0.1:6767", "embedded", … */
  daemon: string;
  connection: 'connected' | 'disconnected';
  /** Pending approval requests: drawn loud while above zero. */
  approvals: number;
  clock: string;
  hint: string;
  prefixArmed: boolean;
  /** A question or input line that takes over the status line (stop y/n, search). */
  prompt?: string;
  /** A transient message (errors, notices). */
  message?: string;
  /** "+N more": agents that would get a pane but do not fit the layout. */
  more?: string;
}

export interface ChromeModel {
  cols: number;
  rows: number;
  tooSmall: boolean;
  minCols: number;
  minRows: number;
  sidebar: ChromeRect | undefined;
  main: ChromeRect;
  agents: AgentRecord[];
  focusId: string | undefined;
  tiles: ChromeTile | undefined;
  /** Per pane: a short note for its title bar ("zoom", "scroll 12/340", "disconnected"). */
  paneNotes: Record<string, string>;
  /** Panes whose screen has not arrived yet: the chrome prints a placeholder the compositor leaves alone. */
  pendingPanes: string[];
  /** Agents listed in the sidebar but not tiled (too many to fit). */
  hiddenCount: number;
  /** Agents with a pane; when some listed agent has none, the sidebar marks these. */
  onScreen: string[];
  /** The sidebar's entries: which of `agents` are listed, and one or two rows each (src/tui/layout/sidebar-list.ts). */
  sidebarList: { first: number; count: number; rowsPerAgent: 1 | 2 };
  /** Per pane: a line drawn in its bottom edge ("agent exited — prefix R restarts it"). */
  paneFooters: Record<string, string>;
  /** The empty main area's line when agents exist but none has a pane (all exited). */
  emptyHint?: string;
  dialog: Dialog;
  status: StatusInfo;
}
