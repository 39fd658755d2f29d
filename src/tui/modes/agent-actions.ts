/**
 * The agent keys: restart, rename, archive and remove the focused agent, with a y/n question on the status line
 * where something is lost (a running process, a history), and the dead-pane hint when keys go to an exited agent.
 */
import type { AgentRecord } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import { errorMessage } from '../../core/errors.js';
import type { AgentEvent } from '../../core/protocol.js';
import type { KeyTable, TuiCommand } from '../input/bindings.js';
import type { InputToken } from '../input/input-token.js';
import { isExited, type PromptState, type TuiState } from '../state/tui-state.js';

export type AgentAction = 'restart' | 'archive' | 'remove';

/** What the actions need of the controller. */
export interface ActionHost {
  readonly state: TuiState;
  readonly api: PaseoApi;
  readonly keys: KeyTable;
  update(patch: Partial<TuiState>): void;
  flash(message: string): void;
  applyAgentEvent(e: AgentEvent): void;
}

type ActionPrompt = Extract<PromptState, { kind: 'confirm-action' } | { kind: 'rename' }>;

export function isActionPrompt(prompt: PromptState | undefined): prompt is ActionPrompt {
  return prompt?.kind === 'confirm-action' || prompt?.kind === 'rename';
}

/** "C-b R": how the user reaches a command, for hints; undefined when it is unbound. */
export function keyHint(keys: KeyTable, command: TuiCommand): string | undefined {
  const key = keys.byCommand.get(command)?.[0];
  return key === undefined ? undefined : `${keys.prefix} ${key}`;
}

/** Shown in an exited agent's pane and when the user types into it. */
export function deadPaneHint(keys: KeyTable): string {
  const restart = keyHint(keys, 'restart-agent');
  return restart ? `agent exited — ${restart.replace(`${keys.prefix} `, 'prefix ')} restarts it` : 'agent exited';
}

function focused(host: ActionHost): AgentRecord | undefined {
  return host.state.agents.find((a) => a.id === host.state.focusId);
}

/** prefix R / a / X: asks first when the agent runs (restart, archive) or always (remove: its history goes). */
export function startAction(host: ActionHost, action: AgentAction): void {
  const agent = focused(host);
  if (!agent) return;
  const live = !isExited(agent);
  const questions: Record<AgentAction, string | undefined> = {
    restart: live ? `Restart agent "${agent.title}"? Its process is stopped and started again (y/n)` : undefined,
    archive: live ? `Archive agent "${agent.title}"? It is stopped (y/n)` : undefined,
    remove: `Remove agent "${agent.title}" and its history? (y/n)`,
  };
  const question = questions[action];
  if (question) host.update({ prompt: { kind: 'confirm-action', action, agentId: agent.id, question } });
  else runAction(host, action, agent.id);
}

/** prefix ,: the title to edit on the status line. */
export function startRename(host: ActionHost): void {
  const agent = focused(host);
  if (agent) host.update({ prompt: { kind: 'rename', agentId: agent.id, text: agent.title } });
}

export function actionPromptInput(host: ActionHost, prompt: ActionPrompt, token: InputToken): void {
  if (token.kind === 'mouse') return;
  if (prompt.kind === 'confirm-action') {
    const yes = token.kind === 'key' && (token.name === 'y' || token.name === 'Y');
    host.update({ prompt: undefined });
    if (yes) runAction(host, prompt.action, prompt.agentId);
    return;
  }
  if (token.kind === 'paste') return host.update({ prompt: { ...prompt, text: prompt.text + token.text.replace(/[\r\n]+/g, ' ') } });
  switch (token.name) {
    case 'Escape':
    case 'C-c':
      return host.update({ prompt: undefined });
    case 'Enter': {
      host.update({ prompt: undefined });
      const title = prompt.text.trim();
      if (!title) return host.flash('rename: a title cannot be empty');
      if (!host.api.renameAgent) return host.flash('this daemon cannot rename agents');
      host.api.renameAgent(prompt.agentId, title).then(
        (agent) => host.applyAgentEvent({ kind: 'changed', agent }),
        (err: unknown) => host.flash(`rename failed: ${errorMessage(err)}`),
      );
      return;
    }
    case 'BSpace':
    case 'C-h':
      return host.update({ prompt: { ...prompt, text: [...prompt.text].slice(0, -1).join('') } });
    case 'C-u':
      return host.update({ prompt: { ...prompt, text: '' } });
  }
  const ch = token.name === 'Space' ? ' ' : [...token.data].length === 1 && token.data >= ' ' ? token.data : '';
  if (ch) host.update({ prompt: { ...prompt, text: prompt.text + ch } });
}

/** The status line's text for an action prompt. */
export function actionPromptText(prompt: ActionPrompt): string {
  return prompt.kind === 'confirm-action' ? prompt.question : `rename: ${prompt.text}▏  (Enter sets, Esc cancels)`;
}

function runAction(host: ActionHost, action: AgentAction, agentId: string): void {
  const { api } = host;
  const failed = (err: unknown) => host.flash(`${action} failed: ${errorMessage(err)}`);
  const changed = (agent: AgentRecord) => host.applyAgentEvent({ kind: 'changed', agent });
  switch (action) {
    case 'restart':
      if (!api.restartAgent) return host.flash('this daemon cannot restart agents');
      host.flash('restarting…');
      api.restartAgent(agentId).then((agent) => {
        changed(agent);
        host.flash(`restarted "${agent.title}"`);
      }, failed);
      return;
    case 'archive':
      api.archiveAgent(agentId).then(changed, failed);
      return;
    case 'remove':
      if (!api.removeAgent) return host.flash('this daemon cannot remove agents');
      api.removeAgent(agentId).then(() => host.applyAgentEvent({ kind: 'removed', agentId }), failed);
      return;
  }
}
