/**
 * The approval queue: each request with its full command and cwd, or its edit as a coloured diff (permit.show), and
 * big buttons: Allow, Deny with a message, Allow always (shows the rule it adds before adding it).
 */
import type { PolicyRule } from '../../core/policy-types.js';
import type { ApprovalDetail, ApprovalInfo } from '../../core/protocol.js';
import { attempt, type Ctx } from '../ctx.js';
import { h, plain } from '../dom.js';
import { diffBlock, fromPatchLines } from './diff-lines.js';

const details = new Map<string, ApprovalDetail | 'loading' | 'failed'>();
/** Cards already built, by request: re-rendering on every agent event must not wipe a deny message being typed. */
const built = new Map<string, { el: HTMLElement; detail: ApprovalDetail | 'loading' | 'failed' | undefined; role: string }>();

export function approvalsView(ctx: Ctx, rerender: () => void): HTMLElement {
  const list = [...ctx.state.approvals.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return h(
    'main',
    { class: 'view approvals-view' },
    h('h1', {}, 'Requests'),
    list.length === 0 ? h('p', { class: 'empty' }, 'Nothing is waiting for you.') : null,
    ...list.map((a) => card(ctx, a, rerender)),
  );
}

export function card(ctx: Ctx, a: ApprovalInfo, rerender: () => void): HTMLElement {
  for (const id of built.keys()) if (!ctx.state.approvals.has(id)) built.delete(id);
  const cached = built.get(a.id);
  if (cached && cached.detail === details.get(a.id) && cached.role === ctx.state.role) return cached.el;
  const el = buildCard(ctx, a, rerender);
  built.set(a.id, { el, detail: details.get(a.id), role: ctx.state.role });
  return el;
}

function buildCard(ctx: Ctx, a: ApprovalInfo, rerender: () => void): HTMLElement {
  let detail = details.get(a.id);
  if (detail === undefined) {
    details.set(a.id, 'loading');
    ctx.socket
      .request('permit.show', { requestId: a.id })
      .then((d) => details.set(a.id, d))
      .catch(() => details.set(a.id, 'failed'))
      .finally(rerender);
    detail = 'loading';
  }
  const body: Array<HTMLElement | null> = [];
  const command = typeof detail === 'object' ? (detail.command ?? a.command) : a.command;
  const cwd = typeof detail === 'object' ? (detail.cwd ?? a.cwd) : a.cwd;
  if (command) body.push(h('pre', { class: 'command', 'data-testid': 'approval-command' }, plain(command)));
  if (cwd) body.push(h('div', { class: 'cwd' }, 'in ', h('code', {}, plain(cwd))));
  if (typeof detail === 'object') {
    for (const f of detail.files) {
      body.push(h('div', { class: 'file' }, `${f.status} ${plain(f.path)}`));
      body.push(diffBlock(f.hunks.flatMap((hk) => fromPatchLines(`@@ -${hk.oldStart},${hk.oldLines} +${hk.newStart},${hk.newLines} @@`, hk.lines))));
      if (f.note) body.push(h('div', { class: 'note' }, plain(f.note)));
    }
    if (detail.screen) body.push(h('pre', { class: 'screen' }, detail.screen.map(plain).join('\n')));
  } else if (!command && a.file) body.push(h('div', { class: 'file' }, plain(a.file)));
  const canDecide = ctx.state.can('approver');
  const message = h('textarea', { class: 'deny-message', rows: '2', placeholder: 'Why (the agent reads this)', 'data-testid': 'deny-message' });
  const ruleBox = h('div', { class: 'rule' });
  const decide = async (behavior: 'allow' | 'deny') => {
    const params = behavior === 'deny' ? { requestId: a.id, behavior, message: message.value.trim() || 'denied from the phone' } : { requestId: a.id, behavior };
    await attempt(ctx, behavior === 'allow' ? 'Allow' : 'Deny', () => ctx.socket.request('permit.decide', params));
  };
  const allowAlways = async () => {
    const preview = await attempt(ctx, 'Allow always', () => ctx.socket.request('policy.addRule', { requestId: a.id, scope: 'project', dryRun: true }));
    if (!preview) return;
    ruleBox.replaceChildren(
      h('div', {}, 'Adds the rule ', h('code', {}, ruleText(preview.rule)), ', then allows.'),
      h('button', {
        class: 'big allow',
        'data-testid': 'confirm-always',
        onclick: async () => {
          const added = await attempt(ctx, 'Allow always', () => ctx.socket.request('policy.addRule', { requestId: a.id, scope: 'project' }));
          if (added && ctx.state.approvals.has(a.id)) await decide('allow');
        },
      }, 'Add rule and allow'),
    );
  };
  return h(
    'article',
    { class: 'card', 'data-request': a.id },
    h('header', {}, h('strong', {}, plain(a.agentTitle ?? a.agentId)), h('span', { class: 'tool' }, plain(a.tool))),
    a.summary ? h('div', { class: 'summary' }, plain(a.summary)) : null,
    ...body,
    canDecide
      ? h(
          'div',
          { class: 'actions' },
          h('button', { class: 'big allow', 'data-testid': 'allow', onclick: () => decide('allow') }, 'Allow'),
          message,
          h('button', { class: 'big deny', 'data-testid': 'deny', onclick: () => decide('deny') }, 'Deny'),
          h('button', { class: 'big', 'data-testid': 'allow-always', onclick: allowAlways }, 'Allow always…'),
          ruleBox,
        )
      : h('p', { class: 'note' }, 'This device may only look (viewer).'),
  );
}

/** A rule as a person reads it: "allow Bash `echo always*` in /repo". */
function ruleText(rule: PolicyRule): string {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const what = [...list(rule.command), ...list(rule.path)].map((x) => `“${plain(x)}”`).join(' or ');
  const where = rule.cwd ? ` in ${plain(rule.cwd)}` : rule.agent ? ` for agent ${plain(rule.agent)}` : ' everywhere';
  return `${rule.action} ${plain(rule.tool ?? 'any tool')}${what ? ` ${what}` : ''}${where}`;
}
