/** Everything the TUI shows, as plain data; the controller changes it, the chrome and compositor read it. */
import type { AgentRecord } from '../../core/agent.js';
import type { PaneLayoutName } from '../layout/pane-layouts.js';
import type { AgentForm } from './agent-form.js';

export type DialogState =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'new-agent'; form: AgentForm }
  | { kind: 'pick'; selected: number }
  /** prefix a: the approval queue (modes/approval-queue.ts). */
  | { kind: 'approvals'; selected: number }
  /** One request's detail from the queue (modes/approval-detail.ts); `detail` once the daemon sent it. */
  | { kind: 'approval-detail'; requestId: string; scroll: number; detail?: import('../../core/protocol.js').ApprovalDetail; error?: string };

export type PromptState =
  | { kind: 'confirm-stop'; agentId: string; title: string }
  /** Scroll mode's search prompt (modes/scroll-mode.ts): `/` searches up (older), `?` down. */
  | { kind: 'search'; text: string; direction?: 'up' | 'down' }
  /** A y/n question before an agent action that loses something (modes/agent-actions.ts). */
  | { kind: 'confirm-action'; action: 'restart' | 'archive' | 'remove'; agentId: string; question: string }
  | { kind: 'rename'; agentId: string; text: string }
  /** `n` in the queue: the deny message, typed on the status line (modes/approval-queue.ts). */
  | { kind: 'deny-message'; requestId: string; text: string }
  /** `A` in the queue: the "allow always" rule shown before it is added; Tab changes the scope. */
  | { kind: 'always-rule'; requestId: string; scope: import('../../core/policy-types.js').RuleScope; rule?: string; error?: string };

/** What the chrome shows of scroll mode (modes/scroll-mode.ts keeps it current). */
export interface ScrollState {
  agentId: string;
  /** Lines between the view's top and the live view's top (tmux's copy-mode offset); 0 is the live view. */
  offset: number;
  /** History lines above the live view that the daemon holds (tmux's total). */
  total: number;
  /** Output lines that arrived since the user last was at the live view; the view stays put meanwhile. */
  newLines: number;
  query?: string;
  /** "not found: …": shown until the next search or move succeeds. */
  notice?: string;
}

export interface TuiState {
  cols: number;
  rows: number;
  agents: AgentRecord[];
  focusId: string | undefined;
  zoomed: boolean;
  /** How panes are arranged (prefix Space cycles). */
  layout: PaneLayoutName;
  /** The user's choice; a narrow window hides the sidebar anyway. */
  sidebar: boolean;
  /** Config tui.maxPanes: at most this many panes whatever fits (undefined: as many as fit). */
  maxPanes?: number | undefined;
  /** Exited agents the user keeps tiled (brought back, or focused when they exited); other exited agents leave the tiling. */
  keptExited: string[];
  dialog: DialogState;
  prompt: PromptState | undefined;
  scroll: ScrollState | undefined;
  connection: 'connected' | 'disconnected';
  message: string | undefined;
  daemon: string;
  /** Pending approval requests, oldest first, as the daemon's events keep them (modes/approval-queue.ts). */
  approvals: import('../../core/protocol.js').ApprovalInfo[];
}

export function initialState(cols: number, rows: number, view: { layout?: PaneLayoutName; sidebar?: boolean; maxPanes?: number | undefined } = {}): TuiState {
  return {
    cols,
    rows,
    agents: [],
    focusId: undefined,
    zoomed: false,
    layout: view.layout ?? 'tiled',
    sidebar: view.sidebar ?? true,
    maxPanes: view.maxPanes,
    keptExited: [],
    dialog: { kind: 'none' },
    prompt: undefined,
    scroll: undefined,
    connection: 'connected',
    message: undefined,
    daemon: '…',
    approvals: [],
  };
}

/** Agents the TUI lists: not archived, oldest first. */
export function paneCandidates(agents: readonly AgentRecord[]): AgentRecord[] {
  return agents.filter((a) => !a.archivedAt);
}

export function isExited(agent: AgentRecord): boolean {
  return agent.status === 'exited' || agent.status === 'error';
}

/** Agents that get a pane, in tiling order: live ones first, then the exited ones the user keeps (oldest first in each). */
export function tiledCandidates(state: Pick<TuiState, 'agents' | 'keptExited'>): AgentRecord[] {
  const listed = paneCandidates(state.agents);
  return [...listed.filter((a) => !isExited(a)), ...listed.filter((a) => isExited(a) && state.keptExited.includes(a.id))];
}
