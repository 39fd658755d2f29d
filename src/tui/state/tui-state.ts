/** Everything the TUI shows, as plain data; the controller changes it, the chrome and compositor read it. */
import type { AgentRecord } from '../../core/agent.js';
import type { PaneLayoutName } from '../layout/pane-layouts.js';
import type { AgentForm } from './agent-form.js';

export type DialogState = { kind: 'none' } | { kind: 'help' } | { kind: 'new-agent'; form: AgentForm } | { kind: 'pick'; selected: number };

export type PromptState =
  | { kind: 'confirm-stop'; agentId: string; title: string }
  | { kind: 'search'; text: string }
  /** A y/n question before an agent action that loses something (modes/agent-actions.ts). */
  | { kind: 'confirm-action'; action: 'restart' | 'archive' | 'remove'; agentId: string; question: string }
  | { kind: 'rename'; agentId: string; text: string };

export interface ScrollState {
  agentId: string;
  /** Lines above the live screen's top; 0 is the live view. */
  offset: number;
  query?: string;
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
  /** Exited agents the user keeps tiled (brought back, or focused when they exited); other exited agents leave the tiling. */
  keptExited: string[];
  dialog: DialogState;
  prompt: PromptState | undefined;
  scroll: ScrollState | undefined;
  connection: 'connected' | 'disconnected';
  message: string | undefined;
  daemon: string;
}

export function initialState(cols: number, rows: number, view: { layout?: PaneLayoutName; sidebar?: boolean } = {}): TuiState {
  return {
    cols,
    rows,
    agents: [],
    focusId: undefined,
    zoomed: false,
    layout: view.layout ?? 'tiled',
    sidebar: view.sidebar ?? true,
    keptExited: [],
    dialog: { kind: 'none' },
    prompt: undefined,
    scroll: undefined,
    connection: 'connected',
    message: undefined,
    daemon: '…',
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
