/** The home page: agents grouped "needs you / working / done" with their live status, and the pending requests count. */
import type { AgentRecord } from '../../core/agent.js';
import type { Group } from '../app-state.js';
import type { Ctx } from '../ctx.js';
import { h, plain } from '../dom.js';

const GROUPS: Array<[Group, string]> = [
  ['needs', 'Needs you'],
  ['working', 'Working'],
  ['done', 'Done'],
];

export function listView(ctx: Ctx): HTMLElement {
  const { state } = ctx;
  const agents = [...state.agents.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const pending = state.approvals.size;
  const sections = GROUPS.map(([group, label]) => {
    const members = agents.filter((a) => state.groupOf(a) === group);
    if (members.length === 0) return null;
    return h('section', { class: `group group-${group}`, 'data-group': group }, h('h2', {}, `${label} · ${members.length}`), ...members.map((a) => agentRow(ctx, a)));
  });
  return h(
    'main',
    { class: 'view list-view' },
    pending > 0 ? h('button', { class: 'banner needs', 'data-testid': 'open-approvals', onclick: () => ctx.go('#/approvals') }, `${pending} request${pending > 1 ? 's' : ''} waiting for you →`) : null,
    agents.length === 0 ? h('p', { class: 'empty' }, 'No agents yet.') : null,
    ...sections,
    state.can('operator') ? h('button', { class: 'big primary', 'data-testid': 'new-agent', onclick: () => ctx.go('#/new') }, '+ New agent') : null,
  );
}

function agentRow(ctx: Ctx, a: AgentRecord): HTMLElement {
  const asking = [...ctx.state.approvals.values()].filter((r) => r.agentId === a.id).length;
  return h(
    'button',
    { class: 'agent-row', 'data-agent': a.id, onclick: () => ctx.go(`#/agent/${encodeURIComponent(a.id)}`) },
    h('span', { class: `dot status-${a.status}` }),
    h('span', { class: 'agent-main' }, h('span', { class: 'agent-title' }, plain(a.title)), h('span', { class: 'agent-sub' }, `${a.provider} · ${plain(a.cwd)}`)),
    h('span', { class: 'agent-status' }, asking > 0 ? `asks (${asking})` : a.attention ? `${a.status} · ${a.attention}` : a.status),
  );
}
