/** The TUI's behaviour: routes input to commands, dialogs or the focused agent, keeps agents and focus, calls the API. */
import { AttentionNotices, type TerminalNotice } from './attention-notices.js';
import type { PaseoApi } from '../core/api.js';
import type { AgentRecord } from '../core/agent.js';
import { DisposableBase } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import type { KeyTable, TuiCommand } from './input/bindings.js';
import type { InputToken } from './input/input-token.js';
import { PrefixRouter } from './input/prefix-router.js';
import { innerRect, containsPoint } from './layout/rect.js';
import { moveFocus } from './layout/move-focus.js';
import { MirrorSet } from './mirror-set.js';
import { formKey, newAgentForm } from './state/agent-form.js';
import { startInWorktree } from './state/form-worktree.js';
import { initialState, paneCandidates, tiledCandidates, type TuiState } from './state/tui-state.js';
import type { PaneLayoutName } from './layout/pane-layouts.js';
import { actionPromptInput, deadPaneHint, isActionPrompt, startAction, startRename, type ActionHost } from './modes/agent-actions.js';
import { cycleFocus, focusPatch, nextLayout, reconcileAgents, showExited, toggleSidebar } from './modes/view-commands.js';
import { sidebarAgentAt } from './layout/sidebar-list.js';
import { sidebarOrder } from './layout/sidebar-order.js';
import { viewGeometry, type ViewGeometry } from './state/view-geometry.js';
import { ScrollMode } from './modes/scroll-mode.js';
import { ApprovalQueueMode, isApprovalPrompt } from './modes/approval-queue.js';
import { DiffView } from './modes/diff-view.js';
import { Tui } from '../core/constants.js';

const log = createLogger('tui');

export type ExitReason = 'detach' | 'quit';

export class TuiController extends DisposableBase {
  state: TuiState;
  readonly router: PrefixRouter;
  readonly mirrors: MirrorSet;
  /** Scroll mode and its search over the daemon's history. */
  readonly scrollMode: ScrollMode;
  /** prefix a: the approval queue and its detail, kept live from the daemon's approval events. */
  readonly approvalQueue: ApprovalQueueMode;
  private readonly bellEmitter = this.register(new Emitter<TerminalNotice | undefined>());
  /** A request arrived (undefined: the bell once), or an agent needs the user (a desktop notification, attention-notices.ts). */
  readonly onDidRequestBell: Event<TerminalNotice | undefined> = this.bellEmitter.event;
  private readonly notices = new AttentionNotices();
  /** prefix D: the full-screen diff of what the focused agent changed. */
  readonly diffView: DiffView;
  private geometryCache: ViewGeometry | undefined;
  private readonly changeEmitter = this.register(new Emitter<void>());
  private readonly exitEmitter = this.register(new Emitter<ExitReason>());
  private readonly redrawEmitter = this.register(new Emitter<void>());
  /** prefix r: the whole screen must be drawn again (something else wrote on the terminal). */
  readonly onDidRequestRedraw: Event<void> = this.redrawEmitter.event;
  private messageTimer: NodeJS.Timeout | undefined;
  private pendingResize = new Map<string, string>();
  /** What the chrome shows about each mirror (pending, disconnected, scroll room), to redraw the chrome only when that changes. */
  private mirrorMarks = new Map<string, string>();
  /** Chrome (React) must re-render: state changed. */
  readonly onDidChangeState: Event<void> = this.changeEmitter.event;
  /** Pane contents changed: a frame is due, chrome unchanged. */
  readonly onDidChangePane: Event<string>;
  readonly onDidRequestExit: Event<ExitReason> = this.exitEmitter.event;

  constructor(
    private readonly api: PaseoApi,
    readonly keys: KeyTable,
    cols: number,
    rows: number,
    private readonly cwd: string,
    view: { layout?: PaneLayoutName; sidebar?: boolean; maxPanes?: number } = {},
  ) {
    super();
    this.state = initialState(cols, rows, view);
    this.router = new PrefixRouter(keys);
    this.mirrors = this.register(new MirrorSet(api));
    this.onDidChangePane = this.mirrors.onDidChange;
    this.scrollMode = this.register(new ScrollMode(api, this));
    const queueOwner = this;
    this.approvalQueue = this.register(
      new ApprovalQueueMode(api, {
        get state() {
          return queueOwner.state;
        },
        update: (patch) => this.update(patch),
        flash: (message) => this.flash(message),
        focusAgent: (agentId) => this.update(focusPatch(this.state, agentId)),
        bell: () => this.bellEmitter.fire(undefined),
        mainSize: () => this.geometry.screen.main,
      }),
    );
    const controller = this;
    this.diffView = this.register(
      new DiffView(api, {
        requestFrame: () => this.changeEmitter.fire(),
        get size() {
          return controller.state;
        },
      }),
    );
    this.register(this.mirrors.onDidChange((id) => this.afterMirrorChange(id)));
    this.register(this.api.onDidChangeAgent((e) => this.applyAgentEvent(e)));
    this.register(
      this.api.onDidChangeAgent((e) => {
        const notice = this.notices.next(e);
        if (notice) this.bellEmitter.fire(notice);
      }),
    );
    this.register({ dispose: () => this.messageTimer && clearTimeout(this.messageTimer) });
    if (keys.problems.length) this.flash(keys.problems.join('; '));
  }

  get geometry(): ViewGeometry {
    this.geometryCache ??= viewGeometry(this.state);
    return this.geometryCache;
  }

  update(patch: Partial<TuiState>): void {
    const focusBefore = this.state.focusId;
    this.state = { ...this.state, ...patch };
    this.geometryCache = undefined;
    this.mirrors.reconcile(this.geometry.visibleIds);
    for (const id of this.mirrorMarks.keys()) if (!this.mirrors.get(id)) this.mirrorMarks.delete(id);
    this.changeEmitter.fire();
    // Focusing a pane (attaching included) is seeing it: whatever it wanted the user's eye for is cleared.
    const focused = this.state.agents.find((a) => a.id === this.state.focusId);
    if (focused?.attention && focused.id !== focusBefore) void this.api.markSeen?.(focused.id).catch(() => undefined);
  }

  async loadAgents(focusAgentId?: string): Promise<void> {
    const agents = sortAgents(await this.api.listAgents());
    const wanted = focusAgentId ? agents.find((a) => a.id === focusAgentId || a.id.startsWith(focusAgentId)) : undefined;
    const listed = reconcileAgents(this.state, agents);
    this.update({ ...listed, ...(wanted ? focusPatch({ ...this.state, ...listed }, wanted.id) : {}) });
    // The queue too (start, reconnect): events keep it current afterwards.
    void this.approvalQueue.load().catch((err: unknown) => log.warn('approvals.load_failed', { error: errorMessage(err) }));
  }

  setDaemon(daemon: string): void {
    this.update({ daemon });
  }

  resize(cols: number, rows: number): void {
    this.update({ cols, rows });
  }

  setConnection(connection: 'connected' | 'disconnected'): void {
    if (connection === 'disconnected') this.mirrors.markAllStale();
    this.update({ connection });
    if (connection === 'connected') void this.loadAgents().catch((err: unknown) => this.flash(`reload failed: ${errorMessage(err)}`));
  }

  flash(message: string): void {
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => this.update({ message: undefined }), Tui.MESSAGE_MS);
    this.messageTimer.unref?.();
    this.update({ message });
  }

  handleInput(token: InputToken): void {
    const routed = this.router.route(token);
    switch (routed.kind) {
      case 'prefix':
        this.changeEmitter.fire();
        return;
      case 'unbound':
        this.changeEmitter.fire();
        return;
      case 'command':
        this.runCommand(routed.command);
        return;
      case 'input':
        if (this.diffView.active) return this.diffView.input(routed.token);
        if (isActionPrompt(this.state.prompt)) return actionPromptInput(this.actionHost, this.state.prompt, routed.token);
        if (this.state.prompt?.kind === 'search') return this.scrollMode.input(routed.token);
        if (isApprovalPrompt(this.state.prompt)) return this.approvalQueue.promptInput(routed.token);
        if (this.state.prompt) return this.promptInput(routed.token);
        if (this.state.dialog.kind !== 'none') return this.dialogInput(routed.token);
        if (routed.token.kind === 'mouse') return this.mouseInput(routed.token);
        if (this.state.scroll) return this.scrollMode.input(routed.token);
        return this.passthrough(routed.token);
    }
  }

  runCommand(command: TuiCommand): void {
    // Any other command goes back to the panes first (as tmux leaves a window mode): what it opens is not hidden under the diff.
    if (command !== 'diff-view' && command !== 'redraw') this.diffView.exit();
    const s = this.state;
    const panes = this.geometry.tiles.panes;
    switch (command) {
      case 'new-agent':
        void this.openNewAgentForm();
        return;
      case 'focus-left':
      case 'focus-right':
      case 'focus-up':
      case 'focus-down':
        if (s.layout !== 'tiled') return cycleFocus(this.actionHost, command === 'focus-left' || command === 'focus-up' ? -1 : 1);
        if (s.focusId) this.focus(moveFocus(panes, s.focusId, command.slice(6) as 'left'));
        return;
      case 'next-layout':
        return nextLayout(this.actionHost);
      case 'toggle-sidebar':
        return toggleSidebar(this.actionHost);
      case 'show-exited':
        return showExited(this.actionHost);
      case 'restart-agent':
        return startAction(this.actionHost, 'restart');
      case 'archive-agent':
        return startAction(this.actionHost, 'archive');
      case 'remove-agent':
        return startAction(this.actionHost, 'remove');
      case 'rename-agent':
        return startRename(this.actionHost);
      case 'redraw':
        this.redrawEmitter.fire();
        return;
      case 'approvals':
        this.approvalQueue.open();
        return;
      case 'next-agent': {
        const ids = tiledCandidates(s).map((a) => a.id);
        if (ids.length) this.focus(ids[(ids.indexOf(s.focusId ?? '') + 1) % ids.length] as string);
        return;
      }
      case 'zoom':
        this.update({ zoomed: !s.zoomed });
        return;
      case 'stop-agent': {
        const agent = s.agents.find((a) => a.id === s.focusId);
        if (agent) this.update({ prompt: { kind: 'confirm-stop', agentId: agent.id, title: agent.title } });
        return;
      }
      case 'detach':
        this.exitEmitter.fire('detach');
        return;
      case 'quit':
        this.exitEmitter.fire('quit');
        return;
      case 'diff-view': {
        const agent = s.agents.find((a) => a.id === s.focusId);
        if (this.diffView.active) this.diffView.exit();
        else if (agent) this.diffView.enter(agent.id, agent.title);
        return;
      }
      case 'scroll-mode':
        if (s.focusId) this.scrollMode.enter(s.focusId);
        return;
      case 'pick-agent':
        this.update({ dialog: { kind: 'pick', selected: Math.max(0, sidebarOrder(s.agents).findIndex((a) => a.id === s.focusId)) } });
        return;
      case 'help':
        this.update({ dialog: { kind: 'help' } });
        return;
    }
  }

  focus(agentId: string): void {
    if (agentId === this.state.focusId) return;
    this.update(focusPatch(this.state, agentId));
  }

  /** What the agent and view keys (modes/) may use of this controller. */
  private get actionHost(): ActionHost {
    const controller = this;
    return {
      get state() {
        return controller.state;
      },
      api: this.api,
      keys: this.keys,
      update: (patch) => this.update(patch),
      flash: (message) => this.flash(message),
      applyAgentEvent: (e) => this.applyAgentEvent(e),
    };
  }

  /** Opens at once with "shell"; installed providers fill in when the (slow, version-probing) list arrives. */
  private async openNewAgentForm(): Promise<void> {
    this.update({ dialog: { kind: 'new-agent', form: newAgentForm(['shell'], this.cwd) } });
    try {
      const listed = await this.api.listProviders();
      const installed = listed.filter((p) => p.installed).map((p) => p.name);
      const choices = ['shell', ...installed.filter((n) => n !== 'shell' && n !== 'command')];
      const dialog = this.state.dialog;
      if (dialog.kind !== 'new-agent') return;
      const fields = dialog.form.fields.map((f, i) => (i === 0 ? { ...f, choices } : f));
      this.update({ dialog: { kind: 'new-agent', form: { ...dialog.form, fields } } });
    } catch (err) {
      log.warn('providers.failed', { error: errorMessage(err) });
    }
  }

  private dialogInput(token: InputToken): void {
    const dialog = this.state.dialog;
    if (dialog.kind === 'approvals' || dialog.kind === 'approval-detail') return this.approvalQueue.input(token);
    if (dialog.kind === 'help') return this.update({ dialog: { kind: 'none' } });
    if (dialog.kind === 'pick') {
      const listed = sidebarOrder(this.state.agents);
      const n = listed.length;
      const name = token.kind === 'key' ? token.name : '';
      if (name === 'Escape' || name === 'q') return this.update({ dialog: { kind: 'none' } });
      if (name === 'Enter') {
        const agent = listed[dialog.selected];
        return this.update({ dialog: { kind: 'none' }, ...(agent ? focusPatch(this.state, agent.id) : {}) });
      }
      const step = name === 'Down' || name === 'j' ? 1 : name === 'Up' || name === 'k' ? -1 : 0;
      if (step && n) this.update({ dialog: { kind: 'pick', selected: (dialog.selected + step + n) % n } });
      return;
    }
    if (dialog.kind !== 'new-agent' || dialog.form.busy) return;
    const outcome = formKey(dialog.form, token);
    if (outcome.kind === 'cancel') return this.update({ dialog: { kind: 'none' } });
    if (outcome.kind === 'edit') return this.update({ dialog: { kind: 'new-agent', form: outcome.form } });
    this.update({ dialog: { kind: 'new-agent', form: { ...dialog.form, busy: true } } });
    const size = this.sizeForNewPane();
    startInWorktree(this.api, outcome.options, outcome.worktree).then((options) => this.api.createAgent({ ...options, ...size })).then(
      (agent) => {
        const agents = sortAgents([...this.state.agents.filter((a) => a.id !== agent.id), agent]);
        this.update({ agents, focusId: agent.id, dialog: { kind: 'none' }, zoomed: false });
      },
      (err: unknown) => this.update({ dialog: { kind: 'new-agent', form: { ...dialog.form, busy: false, error: errorMessage(err) } } }),
    );
  }

  private promptInput(token: InputToken): void {
    const prompt = this.state.prompt;
    if (!prompt || token.kind === 'mouse') return;
    if (prompt.kind === 'confirm-stop') {
      const yes = token.kind === 'key' && (token.name === 'y' || token.name === 'Y');
      this.update({ prompt: undefined });
      if (yes) this.api.stopAgent(prompt.agentId).then((a) => this.applyAgentEvent({ kind: 'changed', agent: a }), (err: unknown) => this.flash(`stop failed: ${errorMessage(err)}`));
      return;
    }
  }

  private mouseInput(token: Extract<InputToken, { kind: 'mouse' }>): void {
    const listed = this.geometry.screen.sidebar && sidebarAgentAt(this.state, this.geometry.screen.sidebar, token.x, token.y);
    if (listed) {
      if (token.action === 'press') this.focus(listed);
      return;
    }
    const pane = this.geometry.tiles.panes.find((p) => containsPoint(p.rect, token.x, token.y));
    if (!pane) return;
    if (token.action === 'press') this.focus(pane.agentId);
    if (token.action === 'wheel-up' || token.action === 'wheel-down') {
      this.focus(pane.agentId);
      this.scrollMode.wheel(pane.agentId, token.action === 'wheel-up' ? Tui.WHEEL_LINES : -Tui.WHEEL_LINES);
    }
  }

  private passthrough(token: InputToken): void {
    const id = this.state.focusId;
    if (!id || token.kind === 'mouse') return;
    const agent = this.state.agents.find((a) => a.id === id);
    // Keys typed into a dead pane are not dropped silently: say how to bring the agent back.
    if (agent && (agent.status === 'exited' || agent.status === 'error')) return this.flash(deadPaneHint(this.keys));
    const mirror = this.mirrors.get(id);
    const modes = mirror?.terminal?.modes;
    let data: string;
    if (token.kind === 'paste') data = modes?.bracketedPasteMode ? `\x1b[200~${token.text}\x1b[201~` : token.text;
    else if (modes?.applicationCursorKeysMode && /^\x1b\[[ABCDHF]$/.test(token.data)) data = `\x1bO${token.data[2]}`;
    else if (modes && !modes.applicationCursorKeysMode && /^\x1bO[ABCDHF]$/.test(token.data)) data = `\x1b[${token.data[2]}`;
    else data = token.data;
    this.fitFocusedPty();
    this.api.writeInput(id, data);
  }

  /**
   * tmux `latest`: the focused agent's PTY takes this client's pane size only when this client's user types into it.
   * Moving focus or changing the layout never resizes it (that re-wrapped a shell to a small pane just for looking at
   * it); a pane smaller than its PTY shows it cropped (compose-frame.ts), zoom shows it whole.
   */
  private fitFocusedPty(): void {
    const id = this.state.focusId;
    const pane = id ? this.geometry.tiles.panes.find((p) => p.agentId === id) : undefined;
    const mirror = id ? this.mirrors.get(id) : undefined;
    if (!id || !pane || !mirror?.terminal || this.state.connection !== 'connected') return;
    const inner = innerRect(pane.rect);
    if (inner.width < 2 || inner.height < 1) return;
    const want = `${inner.width}x${inner.height}`;
    if (`${mirror.cols}x${mirror.rows}` === want || this.pendingResize.get(id) === want) return;
    this.pendingResize.set(id, want);
    this.api.resize(id, inner.width, inner.height).catch((err: unknown) => {
      this.pendingResize.delete(id);
      log.warn('resize.failed', { agentId: id, error: errorMessage(err) });
    });
  }

  private sizeForNewPane(): { cols: number; rows: number } {
    const ids = [...this.geometry.visibleIds, '\0new'];
    const next = viewGeometry({ ...this.state, agents: [...this.state.agents, { id: '\0new' } as AgentRecord], focusId: '\0new', zoomed: false });
    const pane = next.tiles.panes.find((p) => p.agentId === '\0new') ?? next.tiles.panes[ids.length - 1];
    const inner = pane ? innerRect(pane.rect) : { width: 80, height: 24 };
    return { cols: Math.max(20, inner.width), rows: Math.max(5, inner.height) };
  }

  private afterMirrorChange(agentId: string): void {
    const mirror = this.mirrors.get(agentId);
    if (mirror && this.pendingResize.get(agentId) === `${mirror.cols}x${mirror.rows}`) this.pendingResize.delete(agentId);
    this.scrollMode.mirrorChanged(agentId);
    // The pane title says "disconnected" / "waiting for screen" / "cropped WxH": a mirror turning live or changing size
    // must redraw it too.
    const mark = mirror ? `${mirror.terminal ? 1 : 0}${mirror.live ? 1 : 0}${mirror.cols}x${mirror.rows}` : '';
    if (this.mirrorMarks.get(agentId) !== mark) {
      if (mark) this.mirrorMarks.set(agentId, mark);
      else this.mirrorMarks.delete(agentId);
      this.changeEmitter.fire();
    }
  }

  private applyAgentEvent(e: import('../core/protocol.js').AgentEvent): void {
    this.approvalQueue.agentEvent(e);
    let agents = this.state.agents;
    if (e.kind === 'removed') agents = agents.filter((a) => a.id !== e.agentId);
    else {
      // The reply to a request (restart, stop) can arrive after the events that followed it: never go back in time.
      const current = agents.find((a) => a.id === e.agent.id);
      if (current && e.agent.updatedAt < current.updatedAt) return;
      agents = sortAgents([...agents.filter((a) => a.id !== e.agent.id), e.agent]);
    }
    this.update(reconcileAgents(this.state, agents));
  }
}

function sortAgents(agents: AgentRecord[]): AgentRecord[] {
  return [...agents].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
