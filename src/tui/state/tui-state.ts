/** Everything the TUI shows, as plain data; the controller changes it, the chrome and compositor read it. */
import type { AgentRecord } from '../../core/agent.js';
import type { AgentForm } from './agent-form.js';

export type DialogState = { kind: 'none' } | { kind: 'help' } | { kind: 'new-agent'; form: AgentForm } | { kind: 'pick'; selected: number };

export type PromptState = { kind: 'confirm-stop'; agentId: string; title: string } | { kind: 'search'; text: string };

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
  dialog: DialogState;
  prompt: PromptState | undefined;
  scroll: ScrollState | undefined;
  connection: 'connected' | 'disconnected';
  message: string | undefined;
  daemon: string;
}

export function initialState(cols: number, rows: number): TuiState {
  return {
    cols,
    rows,
    agents: [],
    focusId: undefined,
    zoomed: false,
    dialog: { kind: 'none' },
    prompt: undefined,
    scroll: undefined,
    connection: 'connected',
    message: undefined,
    daemon: '…',
  };
}

/** Agents that get a pane: not archived, oldest first. */
export function paneCandidates(agents: readonly AgentRecord[]): AgentRecord[] {
  return agents.filter((a) => !a.archivedAt);
}
