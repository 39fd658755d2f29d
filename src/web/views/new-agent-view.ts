/** New agent: provider (installed ones), mode, working directory, first prompt. */
import type { ProviderInfo } from '../../core/protocol.js';
import { attempt, type Ctx } from '../ctx.js';
import { h, plain } from '../dom.js';

export function newAgentView(ctx: Ctx): HTMLElement {
  const provider = h('select', { 'data-testid': 'new-provider' }, h('option', { value: 'shell' }, 'shell'));
  const mode = h('select', { 'data-testid': 'new-mode' }, ...['default', 'accept-edits', 'plan', 'full-access'].map((m) => h('option', { value: m }, m)));
  const cwd = h('input', { type: 'text', placeholder: 'working directory (default: the daemon\u2019s)', 'data-testid': 'new-cwd', autocapitalize: 'off', autocomplete: 'off', spellcheck: 'false' });
  const prompt = h('textarea', { rows: '4', placeholder: 'first prompt (optional)', 'data-testid': 'new-prompt' });
  ctx.socket
    .request('provider.list', {})
    .then((list: ProviderInfo[]) => {
      const installed = list.filter((p) => p.installed);
      provider.replaceChildren(...installed.flatMap((p) => [h('option', { value: p.name }, plain(p.displayName)), ...p.models.map((m) => h('option', { value: `${p.name}/${m}` }, `${plain(p.displayName)} · ${plain(m)}`))]));
    })
    .catch(() => {});
  const create = async () => {
    const params = {
      provider: provider.value,
      mode: mode.value,
      ...(cwd.value.trim() ? { cwd: cwd.value.trim() } : {}),
      ...(prompt.value.trim() ? { prompt: prompt.value } : {}),
    };
    const agent = await attempt(ctx, 'Create', () => ctx.socket.request('agent.create', params));
    if (agent) ctx.go(`#/agent/${encodeURIComponent(agent.id)}`);
  };
  return h(
    'main',
    { class: 'view new-view' },
    h('h1', {}, 'New agent'),
    h('label', {}, 'Provider', provider),
    h('label', {}, 'Mode', mode),
    h('label', {}, 'Directory', cwd),
    h('label', {}, 'First prompt', prompt),
    h('button', { class: 'big primary', 'data-testid': 'create', onclick: () => void create() }, 'Start'),
  );
}
