/** The phone page: pairing, then the agent list, the approval queue, an agent's view and new agent, over one socket. */
import type { AgentEvent, ApprovalEvent } from '../core/protocol.js';
import { AppState } from './app-state.js';
import type { Ctx } from './ctx.js';
import { h } from './dom.js';
import { askNotifications, canAskNotifications, notifyApproval, setBadge } from './notify.js';
import { PageSocket } from './page-socket.js';
import { pairFromFragment, readSession } from './pairing.js';
import { installStyleShim } from './style-shim.js';
import { AgentView } from './views/agent-view.js';
import { approvalsView } from './views/approvals-view.js';
import { listView } from './views/list-view.js';
import { newAgentView } from './views/new-agent-view.js';

const root = document.getElementById('app')!;
const state = new AppState();
const status = h('div', { class: 'netstatus', 'data-testid': 'netstatus' });
const toastBox = h('div', { class: 'toast', hidden: true, role: 'status' });
const content = h('div', { class: 'content' });
let agentView: AgentView | undefined;
let newView: HTMLElement | undefined;
let toastTimer: number | undefined;

const socket = new PageSocket({
  onOpen: (welcome) => {
    if (welcome.role) state.role = welcome.role;
    state.online = true;
    state.offlineReason = '';
    void refresh();
  },
  onClose: (why) => {
    state.online = false;
    state.offlineReason = why;
    state.changed();
    // A revoked device cannot come back: say so instead of retrying for ever.
    readSession()
      .then((s) => {
        if (!s) unpaired('This device is no longer paired. Run `paseo pair` on the host and open the new link.');
      })
      .catch(() => {});
  },
  onEvent: (event) => {
    const added = state.apply(event as AgentEvent | ApprovalEvent);
    if (added && (document.hidden || !location.hash.startsWith('#/approvals'))) notifyApproval(added);
  },
  onFrame: (frame) => agentView?.onFrame(frame),
  onError: (error) => toast(error.message),
});

const ctx: Ctx = {
  state,
  socket,
  go: (route) => {
    if (location.hash === route) render();
    else location.hash = route;
  },
  toast,
};

function toast(message: string): void {
  toastBox.textContent = message;
  toastBox.hidden = false;
  if (toastTimer !== undefined) window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastBox.hidden = true), 4000);
}

async function refresh(): Promise<void> {
  try {
    await socket.request('events.subscribe', {});
    const [agents, approvals] = await Promise.all([socket.request('agent.list', {}), socket.request('permit.list', {})]);
    state.approvals = new Map(approvals.map((a) => [a.id, a]));
    state.setAgents(agents);
    agentView?.subscribe();
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err));
  }
}

function route(): { name: 'list' | 'approvals' | 'agent' | 'new'; id?: string } {
  const hash = location.hash;
  const agent = /^#\/agent\/(.+)$/.exec(hash);
  if (agent) return { name: 'agent', id: decodeURIComponent(agent[1]!) };
  if (hash === '#/approvals') return { name: 'approvals' };
  if (hash === '#/new') return { name: 'new' };
  return { name: 'list' };
}

function render(): void {
  const r = route();
  setBadge(state.approvals.size);
  status.textContent = state.online ? '' : `Offline — reconnecting… ${state.offlineReason ? `(${state.offlineReason})` : ''}`;
  status.hidden = state.online;
  document.body.classList.toggle('offline', !state.online);
  if (r.name === 'agent') {
    newView = undefined;
    if (agentView?.agentId !== r.id) {
      agentView?.dispose();
      agentView = new AgentView(ctx, r.id!);
      content.replaceChildren(agentView.element);
      agentView.afterMount();
      if (socket.isOpen) agentView.subscribe();
    } else agentView?.update();
    return;
  }
  agentView?.dispose();
  agentView = undefined;
  // The new-agent form is built once per visit: a re-render must not wipe what is being typed.
  if (r.name === 'new') {
    newView ??= newAgentView(ctx);
    if (content.firstChild !== newView) content.replaceChildren(newView);
    return;
  }
  newView = undefined;
  content.replaceChildren(r.name === 'approvals' ? approvalsView(ctx, render) : listView(ctx));
}

function nav(): HTMLElement {
  const notifyButton = canAskNotifications() ? h('button', { class: 'small', onclick: () => void askNotifications().then(render) }, 'Notify me') : null;
  return h(
    'nav',
    { class: 'topbar' },
    h('a', { href: '#/', class: 'brand' }, 'paseo'),
    h('a', { href: '#/approvals', class: 'nav-approvals', 'data-testid': 'nav-approvals' }, 'Requests'),
    notifyButton,
  );
}

function unpaired(message: string): void {
  socket.stop();
  root.replaceChildren(h('main', { class: 'view unpaired', 'data-testid': 'unpaired' }, h('h1', {}, 'paseo'), h('p', {}, message)));
}

/** Test hook: the agent view's terminal text (playwright reads it). */
(window as unknown as { paseoScreen?: () => string[] | undefined }).paseoScreen = () => agentView?.screenText();
(window as unknown as { paseoFrames?: () => number }).paseoFrames = () => agentView?.framesApplied() ?? 0;
(window as unknown as { paseoTitles?: () => string[] }).paseoTitles = () => [...state.agents.values()].map((a) => a.title);

async function boot(): Promise<void> {
  installStyleShim();
  const pairError = await pairFromFragment().catch((err: Error) => err.message);
  const session = await readSession().catch(() => undefined);
  if (!session) {
    unpaired(pairError ? `Pairing failed: ${pairError}. Run \`paseo pair\` again and open the new link.` : 'Not paired: open the link that `paseo pair` prints on the host.');
    return;
  }
  state.role = session.role;
  root.replaceChildren(nav(), status, content, toastBox);
  state.onChange(render);
  window.addEventListener('hashchange', render);
  render();
  socket.connect();
}

void boot();
