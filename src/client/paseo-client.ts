/**
 * The typed protocol client: every PaseoApi method over the daemon's unix socket (local) or WebSocket, event and
 * terminal streams, and optional reconnect (re-hello, re-subscribe, fresh snapshots).
 */
import type { AddRuleInput, AuditLine, AuditReadOptions, AuditVerifyResult, PlacedRule, PolicyListing, PolicyTestInput, PolicyTestResult } from '../core/policy-types.js';
import fs from 'node:fs';
import type { PaseoApi, TerminalListener } from '../core/api.js';
import type { AgentFilter, AgentRecord, CreateAgentOptions, SendOptions, SendResult, WaitResult } from '../core/agent.js';
import { Reconnect } from '../core/constants.js';
import { toDisposable, type Disposable } from '../core/disposable.js';
import { PaseoError } from '../core/errors.js';
import { Emitter, type Event } from '../core/event.js';
import { createLogger } from '../core/log.js';
import type { ApprovalDecision } from '../core/adapter.js';
import type { WorktreeArchiveOptions, WorktreeArchived, WorktreeCreateOptions, WorktreeCreated, WorktreeInfo } from '../core/worktree.js';
import type { AgentDiff, DiffOptions, DiffWaitResult } from '../core/diff-types.js';
import type { ScheduleAction, ScheduleCreateOptions, ScheduleDetail, ScheduleInfo } from '../core/schedule.js';
import { isApprovalEvent, type ApprovalDetail, type ApprovalEvent } from '../core/protocol.js';
import type { AgentEvent, ApprovalInfo, ClientKind, HealthInfo, HistoryPage, HistoryReadOptions, MethodName, Methods, ProviderInfo, ServerMessage, WelcomeMessage, WireError } from '../core/protocol.js';
import { openSocket, unixUrl, type ProtocolLink } from './open-socket.js';
import { TerminalStreams } from './terminal-streams.js';

const log = createLogger('client');

export interface PaseoClientOptions {
  url: string;
  /** The daemon's unix socket: tried first when it exists (a local daemon), the WebSocket `url` otherwise. */
  socketPath?: string;
  token?: string;
  /** Read on every (re)connect instead of `token`: a restarted daemon may have written a new token file. */
  resolveToken?: () => string | undefined;
  kind: ClientKind;
  name?: string;
  /** Keep reconnecting after the daemon went away (exponential backoff, capped). */
  reconnect?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: PaseoError): void;
}

export class PaseoClient implements PaseoApi, Disposable {
  private link: ProtocolLink | undefined;
  private welcomeMessage: WelcomeMessage | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly terminals = new TerminalStreams();
  private eventsWanted = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelayMs: number = Reconnect.INITIAL_DELAY_MS;
  private disposed = false;

  private readonly agentEvents = new Emitter<AgentEvent>();
  private readonly disconnectEmitter = new Emitter<void>();
  private readonly reconnectEmitter = new Emitter<void>();
  private readonly errorEmitter = new Emitter<WireError>();
  readonly onDidDisconnect: Event<void> = this.disconnectEmitter.event;
  readonly onDidReconnect: Event<void> = this.reconnectEmitter.event;
  /** Errors the server sent outside any request (a rejected frame, a failed resync). */
  readonly onDidReceiveError: Event<WireError> = this.errorEmitter.event;

  /** Agent events; the server subscription is made on the first listener. */
  readonly onDidChangeAgent: Event<AgentEvent> = (listener) => {
    const sub = this.agentEvents.event(listener);
    this.wantEvents();
    return sub;
  };
  private readonly approvalEvents = new Emitter<ApprovalEvent>();
  /** Approval queue events (same subscription as agent events). */
  readonly onDidChangeApproval: Event<ApprovalEvent> = (listener) => {
    const sub = this.approvalEvents.event(listener);
    this.wantEvents();
    return sub;
  };

  private wantEvents(): void {
    if (this.eventsWanted) return;
    this.eventsWanted = true;
    this.request('events.subscribe', {}).catch((err: unknown) => log.warn('events.subscribe_failed', { error: String(err) }));
  }

  private constructor(private readonly opts: PaseoClientOptions) {}

  /** Rejects with PaseoError 'daemon_not_running' (nothing listens), 'unauthorized' (bad token) or 'protocol_version'. */
  static async connect(opts: PaseoClientOptions): Promise<PaseoClient> {
    const client = new PaseoClient(opts);
    await client.open();
    return client;
  }

  get connected(): boolean {
    return this.link?.isOpen === true;
  }

  /** The daemon's welcome: its version and pid. */
  get welcome(): WelcomeMessage | undefined {
    return this.welcomeMessage;
  }

  createAgent(opts: CreateAgentOptions): Promise<AgentRecord> {
    return this.request('agent.create', opts);
  }
  listAgents(filter: AgentFilter = {}): Promise<AgentRecord[]> {
    return this.request('agent.list', filter);
  }
  getAgent(agentId: string): Promise<AgentRecord> {
    return this.request('agent.get', { agentId });
  }
  sendText(agentId: string, text: string, opts: SendOptions = {}): Promise<SendResult> {
    return this.request('agent.send', { agentId, text, ...opts });
  }
  writeInput(agentId: string, data: string): void {
    // Fire-and-forget for latency; keystrokes typed while disconnected are dropped, as in any terminal.
    if (this.connected) this.link!.send(JSON.stringify({ type: 'input', agentId, data }));
  }
  async resize(agentId: string, cols: number, rows: number): Promise<void> {
    await this.request('agent.resize', { agentId, cols, rows });
  }
  stopAgent(agentId: string): Promise<AgentRecord> {
    return this.request('agent.stop', { agentId });
  }
  archiveAgent(agentId: string): Promise<AgentRecord> {
    return this.request('agent.archive', { agentId });
  }
  restartAgent(agentId: string): Promise<AgentRecord> {
    return this.request('agent.restart', { agentId });
  }
  renameAgent(agentId: string, title: string): Promise<AgentRecord> {
    return this.request('agent.rename', { agentId, title });
  }
  async removeAgent(agentId: string): Promise<void> {
    await this.request('agent.remove', { agentId });
  }
  markSeen(agentId: string): Promise<AgentRecord> {
    return this.request('agent.seen', { agentId });
  }
  waitForAgent(agentId: string, opts: { timeoutMs?: number } = {}): Promise<WaitResult> {
    return this.request('agent.wait', { agentId, ...opts });
  }
  async readLogs(agentId: string, opts: { tail?: number; ansi?: boolean } = {}): Promise<string> {
    return (await this.request('agent.logs', { agentId, ...opts })).text;
  }
  readHistory(agentId: string, opts: HistoryReadOptions): Promise<HistoryPage> {
    return this.request('history.read', { agentId, ...opts });
  }
  health(): Promise<HealthInfo> {
    return this.request('daemon.health', {});
  }
  listProviders(): Promise<ProviderInfo[]> {
    return this.request('provider.list', {});
  }
  listApprovals(): Promise<ApprovalInfo[]> {
    return this.request('permit.list', {});
  }
  showApproval(requestId: string): Promise<ApprovalDetail> {
    return this.request('permit.show', { requestId });
  }
  createWorktree(opts: WorktreeCreateOptions): Promise<WorktreeCreated> {
    return this.request('worktree.create', opts);
  }
  listWorktrees(cwd: string): Promise<WorktreeInfo[]> {
    return this.request('worktree.list', { cwd });
  }
  archiveWorktree(opts: WorktreeArchiveOptions): Promise<WorktreeArchived> {
    return this.request('worktree.archive', opts);
  }
  async decideApproval(requestId: string, decision: ApprovalDecision, opts: { interrupt?: boolean; contentHash?: string } = {}): Promise<void> {
    const interrupt = opts.interrupt ? { interrupt: true } : {};
    // The actor is never sent: the daemon takes it from this connection.
    const shown = opts.contentHash !== undefined ? { contentHash: opts.contentHash } : {};
    await this.request('permit.decide', decision.behavior === 'allow' ? { requestId, behavior: 'allow', ...shown } : { requestId, behavior: 'deny', message: decision.message, ...interrupt, ...shown });
  }
  listPolicy(): Promise<PolicyListing> {
    return this.request('policy.list', {});
  }
  testPolicy(input: PolicyTestInput): Promise<PolicyTestResult> {
    return this.request('policy.test', input);
  }
  addPolicyRule(input: AddRuleInput): Promise<PlacedRule> {
    return this.request('policy.addRule', input);
  }
  readAudit(opts: AuditReadOptions = {}): Promise<AuditLine[]> {
    return this.request('audit.read', opts);
  }
  verifyAudit(): Promise<AuditVerifyResult> {
    return this.request('audit.verify', {});
  }

  agentDiff(agentId: string, opts: DiffOptions = {}): Promise<AgentDiff> {
    return this.request('agent.diff', { agentId, ...opts });
  }
  waitDiffChange(agentId: string, opts: { fingerprint: string; timeoutMs?: number }): Promise<DiffWaitResult> {
    return this.request('agent.diffWait', { agentId, ...opts });
  }

  createSchedule(opts: ScheduleCreateOptions): Promise<ScheduleInfo> {
    return this.request('schedule.create', opts);
  }
  listSchedules(): Promise<ScheduleInfo[]> {
    return this.request('schedule.list', {});
  }
  getSchedule(scheduleId: string): Promise<ScheduleDetail> {
    return this.request('schedule.inspect', { scheduleId });
  }
  controlSchedule(scheduleId: string, action: ScheduleAction): Promise<ScheduleInfo> {
    return this.request(action === 'pause' ? 'schedule.pause' : action === 'resume' ? 'schedule.resume' : 'schedule.runNow', { scheduleId });
  }
  deleteSchedule(scheduleId: string): Promise<ScheduleInfo> {
    return this.request('schedule.delete', { scheduleId });
  }

  async subscribeTerminal(agentId: string, listener: TerminalListener, opts: { scrollbackLines?: number } = {}): Promise<Disposable> {
    this.terminals.add(agentId, listener, opts.scrollbackLines);
    try {
      await this.request('terminal.subscribe', { agentId, ...opts });
    } catch (err) {
      this.terminals.remove(agentId, listener);
      throw err;
    }
    return toDisposable(() => {
      if (this.terminals.remove(agentId, listener) && this.connected) {
        this.request('terminal.unsubscribe', { agentId }).catch(() => {});
      }
    });
  }

  /** Asks the daemon to stop every agent and exit; resolves once it answered or went away. */
  async shutdownDaemon(): Promise<void> {
    try {
      await this.request('daemon.shutdown', {});
    } catch (err) {
      if (!(err instanceof PaseoError && err.code === 'daemon_not_running')) throw err;
    }
  }

  /** One typed request; rejects with the server's PaseoError code. */
  request<M extends MethodName>(method: M, params: Methods[M]['params']): Promise<Methods[M]['result']> {
    const link = this.link;
    if (!link || !link.isOpen) {
      return Promise.reject(new PaseoError('daemon_not_running', 'not connected to the paseo daemon', { url: this.opts.url }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      link.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const link = this.link;
    this.link = undefined;
    link?.close();
    this.failPending('client disposed');
    this.agentEvents.dispose();
    this.approvalEvents.dispose();
    this.disconnectEmitter.dispose();
    this.reconnectEmitter.dispose();
    this.errorEmitter.dispose();
  }

  private async open(): Promise<void> {
    const socketPath = this.opts.socketPath;
    let opened;
    if (socketPath !== undefined && fs.existsSync(socketPath)) {
      try {
        opened = await this.openAt(unixUrl(socketPath));
      } catch (err) {
        // A socket file a killed daemon left behind, or one that is still starting: the WebSocket may answer.
        if (!(err instanceof PaseoError && err.code === 'daemon_not_running')) throw err;
      }
    }
    opened ??= await this.openAt(this.opts.url);
    const { link, welcome } = opened;
    if (this.disposed) {
      link.terminate();
      throw new PaseoError('daemon_not_running', 'client disposed while connecting');
    }
    this.link = link;
    this.welcomeMessage = welcome;
  }

  private async openAt(url: string): Promise<{ link: ProtocolLink; welcome: WelcomeMessage }> {
    let link: ProtocolLink | undefined;
    const opened = await openSocket({
      url,
      token: this.opts.resolveToken ? this.opts.resolveToken() : this.opts.token,
      kind: this.opts.kind,
      name: this.opts.name,
      onMessage: (m) => this.onMessage(m),
      onClose: () => {
        if (link) this.onClose(link);
      },
    });
    link = opened.link;
    return opened;
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.error) pending.reject(new PaseoError(message.error.code, message.error.message));
        else pending.resolve(message.result);
        return;
      }
      case 'event':
        if (isApprovalEvent(message.event)) this.approvalEvents.fire(message.event);
        else this.agentEvents.fire(message.event);
        return;
      case 'snapshot':
        this.terminals.onSnapshot(message);
        return;
      case 'output':
      case 'resize':
        this.terminals.onDelta(message);
        return;
      case 'error':
        log.warn('server.error', { code: message.error.code, message: message.error.message });
        this.errorEmitter.fire(message.error);
        return;
      case 'welcome':
        return;
    }
  }

  private onClose(link: ProtocolLink): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.failPending('connection to the paseo daemon was lost');
    if (this.disposed) return;
    this.disconnectEmitter.fire();
    if (this.opts.reconnect) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, Reconnect.MAX_DELAY_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.open().then(
        () => this.onReconnected(),
        (err: unknown) => {
          if (this.disposed) return;
          log.debug('reconnect.failed', { error: String(err) });
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  private onReconnected(): void {
    this.reconnectDelayMs = Reconnect.INITIAL_DELAY_MS;
    this.terminals.resetAll();
    if (this.eventsWanted) this.request('events.subscribe', {}).catch(() => {});
    void this.resubscribeAll();
    this.reconnectEmitter.fire();
  }

  /** Every terminal stream again, Reconnect.RESUBSCRIBES_IN_FLIGHT at a time: all at once, those past the daemon's limit were refused. */
  private async resubscribeAll(): Promise<void> {
    const link = this.link;
    const queue = this.terminals.entries();
    const next = async (): Promise<void> => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { agentId, scrollbackLines } = item;
        // Gone meanwhile (the stream was dropped, or the link lost again: the next reconnect starts over).
        if (this.link !== link || !this.terminals.has(agentId)) continue;
        const params = scrollbackLines === undefined ? { agentId } : { agentId, scrollbackLines };
        await this.request('terminal.subscribe', params).catch((err: unknown) => {
          log.warn('terminal.resubscribe_failed', { agentId, error: String(err) });
        });
      }
    };
    await Promise.all(Array.from({ length: Reconnect.RESUBSCRIBES_IN_FLIGHT }, next));
  }

  private failPending(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new PaseoError('daemon_not_running', reason, { url: this.opts.url }));
  }
}
