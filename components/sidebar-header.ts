/** The sidebar's header, shared by the Ink sidebar and the plain chrome: all agents, or how many of them have a pane. */
import type { AgentRecord } from '../src/core/agent.js';

export function sidebarHeader(agents: readonly AgentRecord[], onScreen: readonly string[]): string {
  const shown = agents.filter((a) => onScreen.includes(a.id)).length;
  return shown === agents.length ? ` agents (${agents.length})` : ` agents ${shown}/${agents.length} shown`;
}
