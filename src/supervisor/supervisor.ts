/** The supervisor: owns every agent (PTY, screen, state), the store under PASEO_HOME and pending approvals; one API for all clients. */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { AgentFilter, AgentRecord, CreateAgentOptions, SendOptions, SendResult, WaitResult } from '../core/agent.js';
import { isLive, matchesFilter } from '../core/agent.js';
import { countAgents } from '../core/agent-counts.js';
import type { AgentAdapter, ApprovalDecision } from '../core/adapter.js';
import type { ApprovalActor, HookCall, HookReply, SupervisorService, TerminalListener } from '../core/api.js';
import { Defaults, Snapshot } from '../core/constants.js';
import { type Disposable, toDisposable } from '../core/disposable.js';
import { NotFoundError, PaseoError, errorMessage } from '../core/errors.js';
import { Emitter, type Event } from '../core/event.js';
import { newAgentId } from '../core/ids.js';
import { createLogger } from '../core/log.js';
import type { AgentEvent, ApprovalDetail, ApprovalEvent, ApprovalInfo, HealthInfo, HistoryPage, HistoryReadOptions, ProviderInfo } from '../core/protocol.js';
import { createScreen } from '../terminal/create-screen.js';
import { spawnAgentTerminal } from '../terminal/spawn-agent-terminal.js';
import type { Screen } from '../terminal/types.js';
import { AdapterRegistry, describeProviders, parseProvider } from '../../adapters/registry.js';
import { agentBaseEnv } from './agent-env.js';
import { AgentSession } from './agent-session.js';
import { AgentStore } from './agent-store.js';
import { SaveQueue } from './save-queue.js';
import { ApprovalBroker } from './approval-broker.js';
import { ApprovalFeed } from './approvals/approval-feed.js';
import { ApprovalPolicy } from './approvals/approval-policy.js';
import type { AddRuleInput, AuditLine, AuditReadOptions, AuditVerifyResult, PlacedRule, PolicyListing, PolicyTestInput, PolicyTestResult } from '../core/policy-types.js';
import { requestDetail } from './approvals/request-detail.js';
import { writeFileAtomic } from './atomic-write.js';
import { loadConfig, type PaseoConfig } from './config-store.js';
import { hookSecretMatches, newHookSecret } from './hook-secret.js';
import { handleHookCall } from './handle-hook-call.js';
import { withResumeSeparator } from './resume-separator.js';
import { recoverAgent } from './recover-agent.js';
import { validateCreate } from './create-validation.js';
import { currentBootId, processStartTicks } from './process-start.js';
import { subscribeScreen } from './terminal-subscription.js';
import type { WorktreeArchiveOptions, WorktreeArchived, WorktreeCreateOptions, WorktreeCreated, WorktreeInfo } from '../core/worktree.js';
import { WorktreeManager } from './worktrees/worktree-manager.js';
import { ParentNotifier } from './parent-notifier.js';
import { ScheduleService } from './schedules/schedule-service.js';
import { WebhookNotifier } from './notifications/webhook-notifier.js';
import type { ScheduleAction, ScheduleCreateOptions, ScheduleDetail, ScheduleInfo } from '../core/schedule.js';
import { mcpServerLaunch } from './mcp-launch.js';
import { AgentDiffs } from './diffs/agent-diffs.js';
import { gitStartOf } from './diffs/git-start.js';
import type { AgentDiff, DiffOptions, DiffWaitResult } from '../core/diff-types.js';

const log = createLogger('supervisor');

export interface SupervisorOptions {
  home: string;
  /** http://127.0.0.1:PORT; may be '' until the server has bound, then set with setHookBaseUrl. */
  hookBaseUrl: string;
  /** argv prefix for `paseo hook`. */
  relayCommand: string[];
  version: string;
  listen: string;
  /** Added to every agent's environment. */
  env?: Record<string, string>;
  /** argv prefix for `paseo mcp`: set, agents get paseo's MCP server in their CLI settings (unless config mcp.inject is false). */
  mcpCommand?: string[];
}

interface LaunchExtras {
  prompt?: string;
  env?: Record<string, string>;
  resumeSessionRef?: string;
  /** Persist `env` in the agent's private dir, for relaunching it after a daemon restart. */
  saveEnv?: boolean;
}

export class Supervisor implements SupervisorService, Disposable {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly secrets = new Map<string, string>();
  private readonly agentEmitter = new Emitter<AgentEvent>();
  readonly onDidChangeAgent: Event<AgentEvent> = this.agentEmitter.event;
  readonly approvals = new ApprovalBroker();
  /** Policy rules, the audit log, and recording every queued request's fate: approvals/approval-policy.ts. */
  readonly policy: ApprovalPolicy;
  private readonly policyWatch: Disposable;
  /** The queue as clients see it (screen asks included) and its approval events: approvals/approval-feed.ts. */
  readonly approvalFeed = new ApprovalFeed(this.approvals, {
    record: (id) => this.sessions.get(id)?.record,
    adapter: (id) => this.sessions.get(id)?.adapter,
    screenLines: (id) => this.sessions.get(id)?.screen().view().lines() ?? [],
    write: (id, data) => this.sessions.get(id)?.writeInput(data),
    onDidChangeAgent: this.onDidChangeAgent,
  });
  readonly onDidChangeApproval: Event<ApprovalEvent> = this.approvalFeed.onDidChange;
  private readonly diffs = new AgentDiffs((agentId) => this.find(agentId).record);
  private readonly startedAt = Date.now();
  private hookBaseUrl: string;
  private listen: string;
  /** Resumable agents found at startup, relaunched once the hook URL is known. */
  private pendingResumes: AgentSession[] = [];
  private disposed = false;
  readonly worktrees: WorktreeManager;
  private readonly notifier: ParentNotifier;
  /** Schedules (schedules/), started once the agents are loaded; webhooks for agents that need the user. */
  private schedules: ScheduleService | undefined;
  private readonly webhooks: WebhookNotifier;
  /** Every agent's screen saves, one per event-loop turn (save-queue.ts). */
  private readonly saveQueue = new SaveQueue();

  private constructor(
    private readonly opts: SupervisorOptions,
    readonly store: AgentStore,
    readonly config: PaseoConfig,
    readonly registry: AdapterRegistry,
  ) {
    this.hookBaseUrl = opts.hookBaseUrl;
    this.listen = opts.listen;
    this.policy = new ApprovalPolicy(opts.home, {
      subject: (id) => {
        const r = this.sessions.get(id)?.record;
        return r ? { agentId: r.id, provider: r.provider, cwd: r.cwd, mode: r.mode } : undefined;
      },
    });
    this.policyWatch = this.policy.watch(this.approvals);
    this.worktrees = new WorktreeManager(
      opts.home,
      this.approvals,
      { list: () => this.listAgents({ includeArchived: true }), archive: (id) => this.archiveAgent(id) },
      () => this.baseEnv(),
    );
    this.notifier = new ParentNotifier(opts.home, this);
    this.webhooks = new WebhookNotifier(config.webhooks, this);
  }

  /** Loads config and agents from `home`; agents whose daemon died are marked exited or resumed. */
  static async open(opts: SupervisorOptions): Promise<Supervisor> {
    const store = AgentStore.open(opts.home);
    const config = loadConfig(opts.home);
    const supervisor = new Supervisor(opts, store, config, new AdapterRegistry(opts.home, config.adapters));
    // Bad rules are logged with their position now, not at the first request.
    supervisor.policy.list();
    await supervisor.recover();
    supervisor.notifier.resendPending();
    // A run may start an agent: not before its hooks have an address (a port-0 server sets it once bound).
    if (opts.hookBaseUrl) supervisor.startSchedules();
    return supervisor;
  }

  get home(): string {
    return this.opts.home;
  }

  /** Where the server listens once it has bound (port 0 in the options means "any free port"): what health reports. */
  setListen(listen: string): void {
    this.listen = listen;
  }

  /** The hook endpoint's base URL, once the server has bound; resumes waiting agents. */
  setHookBaseUrl(url: string): void {
    this.hookBaseUrl = url;
    this.startSchedules();
    const resumes = this.pendingResumes;
    this.pendingResumes = [];
    for (const session of resumes) void this.resume(session);
  }

  // ---- PaseoApi ----

  async createAgent(opts: CreateAgentOptions): Promise<AgentRecord> {
    const { provider, model } = parseProvider(opts.provider ?? this.config.defaultProvider);
    const adapter = await this.registry.get(provider);
    let id = newAgentId();
    while (this.sessions.has(id)) id = newAgentId();
    const now = new Date().toISOString();
    const cwd = path.resolve(opts.cwd ?? process.cwd());
    validateCreate({ cwd, mode: opts.mode, adapter, command: provider === 'command' ? opts.command : undefined, env: { ...this.baseEnv(), ...opts.env } });
    const record: AgentRecord = {
      id,
      title: opts.title ?? defaultTitle(provider, opts),
      provider,
      model,
      mode: opts.mode ?? 'default',
      cwd,
      command: opts.command,
      prompt: opts.prompt,
      status: 'starting',
      cols: opts.cols ?? Defaults.COLS,
      rows: opts.rows ?? Defaults.ROWS,
      createdAt: now,
      updatedAt: now,
      parentAgentId: opts.parentAgentId,
      ...(opts.notifyOnFinish && opts.parentAgentId ? { notifyOnFinish: true } : {}),
      gitStart: await gitStartOf(cwd),
    };
    const session = this.addSession(record);
    void this.store.saveRecord(record);
    this.agentEmitter.fire({ kind: 'added', agent: record });
    log.info('agent.create', { agentId: id, provider, cwd });
    try {
      await this.launch(session, adapter, { prompt: opts.prompt, env: opts.env, saveEnv: true });
    } catch (err) {
      // A start that failed leaves no record behind: the error says why, and there is nothing to clean up.
      await this.removeAgent(id).catch((e: unknown) => log.warn('agent.remove-failed', { agentId: id, error: errorMessage(e) }));
      if (!(err instanceof PaseoError)) throw err;
      const reason = typeof err.context.reason === 'string' ? err.context.reason : err.message;
      throw new PaseoError(err.code, `could not start the ${provider} agent: ${reason}`, { provider, reason });
    }
    return session.record;
  }

  // ---- schedules (schedules/schedule-service.ts) ----
  async createSchedule(opts: ScheduleCreateOptions): Promise<ScheduleInfo> {
    return this.scheduleService().create(opts);
  }
  async listSchedules(): Promise<ScheduleInfo[]> {
    return this.scheduleService().list();
  }
  async getSchedule(scheduleId: string): Promise<ScheduleDetail> {
    return this.scheduleService().get(scheduleId);
  }
  async controlSchedule(scheduleId: string, action: ScheduleAction): Promise<ScheduleInfo> {
    return this.scheduleService().control(scheduleId, action);
  }
  async deleteSchedule(scheduleId: string): Promise<ScheduleInfo> {
    return this.scheduleService().delete(scheduleId);
  }
  private startSchedules(): void {
    if (!this.schedules && !this.disposed) this.schedules = ScheduleService.open(this.opts.home, this);
  }
  private scheduleService(): ScheduleService {
    if (!this.schedules) throw new PaseoError('invalid_state', 'schedules are not loaded yet');
    return this.schedules;
  }

  async listAgents(filter: AgentFilter = {}): Promise<AgentRecord[]> {
    const now = Date.now();
    return [...this.sessions.values()]
      .map((s) => s.record)
      .filter((r) => matchesFilter(r, filter, now))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getAgent(agentId: string): Promise<AgentRecord> {
    return this.find(agentId).record;
  }

  async sendText(agentId: string, text: string, opts?: SendOptions): Promise<SendResult> {
    return this.find(agentId).send(text, opts);
  }

  /** Throws for an empty, unknown or ambiguous id like every method; the server answers an `input` with an `error` message. */
  writeInput(agentId: string, data: string): void {
    this.find(agentId).writeInput(data);
  }

  async resize(agentId: string, cols: number, rows: number): Promise<void> {
    if (!(cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000)) {
      throw new PaseoError('bad_request', `bad terminal size ${cols}x${rows}`, { agentId, cols, rows });
    }
    this.find(agentId).resize(Math.floor(cols), Math.floor(rows));
  }

  async stopAgent(agentId: string): Promise<AgentRecord> {
    const session = this.find(agentId);
    await session.stop();
    return session.record;
  }

  async markSeen(agentId: string): Promise<AgentRecord> {
    const session = this.find(agentId);
    session.markSeen();
    return session.record;
  }

  async archiveAgent(agentId: string): Promise<AgentRecord> {
    const session = this.find(agentId);
    await session.stop();
    session.dispatch({ kind: 'archived' });
    return session.record;
  }

  async restartAgent(agentId: string): Promise<AgentRecord> {
    const session = this.find(agentId);
    await session.stop('restarted');
    const adapter = await this.registry.get(session.record.provider);
    // Same settings as the record; the CLI's own session where the adapter can resume one, else a fresh start.
    const resumeSessionRef = adapter.supportsResume ? session.record.providerSessionRef : undefined;
    log.info('agent.restart', { agentId: session.id, resume: !!resumeSessionRef });
    await this.launch(session, adapter, { resumeSessionRef, env: this.store.readLaunchEnv(session.id) });
    return session.record;
  }

  async renameAgent(agentId: string, title: string): Promise<AgentRecord> {
    const session = this.find(agentId);
    // A title is shown in every client's chrome: one line, no control characters.
    const clean = title.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, 200);
    if (!clean) throw new PaseoError('bad_request', 'a title cannot be empty', { agentId: session.id });
    session.dispatch({ kind: 'renamed', title: clean });
    return session.record;
  }

  async removeAgent(agentId: string): Promise<void> {
    const session = this.find(agentId);
    await session.stop('removed');
    this.sessions.delete(session.id);
    this.secrets.delete(session.id);
    session.dispose();
    await this.store.remove(session.id);
    log.info('agent.remove', { agentId: session.id });
    this.agentEmitter.fire({ kind: 'removed', agentId: session.id });
  }

  async waitForAgent(agentId: string, opts: { timeoutMs?: number } = {}): Promise<WaitResult> {
    const session = this.find(agentId);
    const settled = (r: AgentRecord): WaitResult['outcome'] | undefined => {
      if (!isLive(r.status)) return 'exited';
      // Idle with queued text is only a pause between turns.
      if (session.hasPendingInput) return undefined;
      return r.status === 'idle' ? 'idle' : r.status === 'waiting' ? 'waiting' : undefined;
    };
    const now = settled(session.record);
    if (now) return { outcome: now, agent: session.record };
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const sub = session.onDidChangeRecord((r) => {
        const outcome = settled(r);
        if (!outcome) return;
        finish({ outcome, agent: r });
      });
      const finish = (result: WaitResult): void => {
        sub.dispose();
        if (timer) clearTimeout(timer);
        resolve(result);
      };
      if (opts.timeoutMs !== undefined) timer = setTimeout(() => finish({ outcome: 'timeout', agent: session.record }), opts.timeoutMs);
    });
  }

  async readLogs(agentId: string, opts: { tail?: number; ansi?: boolean } = {}): Promise<string> {
    return this.find(agentId).screen().text(opts);
  }

  async readHistory(agentId: string, opts: HistoryReadOptions): Promise<HistoryPage> {
    return this.find(agentId).screen().readHistory(opts);
  }

  async subscribeTerminal(agentId: string, listener: TerminalListener, opts: { scrollbackLines?: number } = {}): Promise<Disposable> {
    const session = this.find(agentId);
    const lines = Math.min(opts.scrollbackLines ?? Snapshot.SUBSCRIBE_SCROLLBACK_LINES, this.config.scrollbackLines);
    let current = await subscribeScreen(session.id, session.screen(), listener, lines);
    let closed = false;
    // A resumed agent gets a new screen: move the subscriber onto it with a fresh snapshot.
    const onReplace = session.onDidReplaceScreen((screen) => {
      current.dispose();
      void subscribeScreen(session.id, screen, listener, lines).then(
        (next) => (closed ? next.dispose() : (current = next)),
        () => {},
      );
    });
    return toDisposable(() => {
      closed = true;
      onReplace.dispose();
      current.dispose();
    });
  }

  async health(): Promise<HealthInfo> {
    // The same count the TUI shows for the agents it lists (archived apart).
    const agents: HealthInfo['agents'] = countAgents([...this.sessions.values()].map((s) => s.record));
    return {
      status: 'ok',
      version: this.opts.version,
      pid: process.pid,
      uptimeMs: Date.now() - this.startedAt,
      home: this.opts.home,
      listen: this.listen,
      agents,
    };
  }

  async listApprovals(): Promise<ApprovalInfo[]> {
    return this.approvalFeed.list();
  }

  async decideApproval(requestId: string, decision: ApprovalDecision, opts: { interrupt?: boolean; actor?: ApprovalActor; contentHash?: string } = {}): Promise<void> {
    const shown = this.approvalFeed.get(requestId);
    const agentId = shown?.agentId;
    const bound = { ...(opts.actor ? { actor: opts.actor } : {}), ...(opts.contentHash !== undefined ? { contentHash: opts.contentHash } : {}) };
    if (this.approvalFeed.decideScreenAsk(requestId, decision)) this.policy.recordScreenDecision(shown!, decision, opts.actor);
    else this.approvals.decideOrThrow(requestId, decision, bound);
    // Deny and interrupt: the agent's turn stops too, as if the user pressed its interrupt key in the pane.
    const session = opts.interrupt && agentId ? this.sessions.get(agentId) : undefined;
    if (session?.adapter && session.isRunning) session.writeInput(session.adapter.interruptKeys);
  }

  async listPolicy(): Promise<PolicyListing> {
    return this.policy.list();
  }

  async testPolicy(input: PolicyTestInput): Promise<PolicyTestResult> {
    if (input.agentId !== undefined) input = { ...input, agentId: this.find(input.agentId).id };
    return this.policy.test(input);
  }

  async addPolicyRule(input: AddRuleInput): Promise<PlacedRule> {
    if (input.agentId !== undefined) input = { ...input, agentId: this.find(input.agentId).id };
    return this.policy.addRule(input, (id) => this.approvals.get(id));
  }

  async readAudit(opts: AuditReadOptions = {}): Promise<AuditLine[]> {
    return this.policy.readAudit(opts);
  }

  verifyAudit(): Promise<AuditVerifyResult> {
    return this.policy.verifyAudit();
  }

  async showApproval(requestId: string): Promise<ApprovalDetail> {
    const approval = this.approvalFeed.get(requestId);
    if (!approval) throw this.approvals.notPending(requestId);
    return requestDetail(approval);
  }

  agentDiff(agentId: string, opts: DiffOptions = {}): Promise<AgentDiff> {
    return this.diffs.diff(agentId, opts);
  }

  waitDiffChange(agentId: string, opts: { fingerprint: string; timeoutMs?: number }): Promise<DiffWaitResult> {
    return this.diffs.waitChange(agentId, opts.fingerprint, opts.timeoutMs);
  }

  createWorktree(opts: WorktreeCreateOptions): Promise<WorktreeCreated> {
    return this.worktrees.create(opts);
  }

  listWorktrees(cwd: string): Promise<WorktreeInfo[]> {
    return this.worktrees.list(cwd);
  }

  archiveWorktree(opts: WorktreeArchiveOptions): Promise<WorktreeArchived> {
    return this.worktrees.archive(opts);
  }

  verifyAgentCredential(agentId: string, secret: string): boolean {
    const expected = this.sessions.has(agentId) ? this.hookSecret(agentId) : undefined;
    return expected !== undefined && hookSecretMatches(expected, secret);
  }

  async listProviders(): Promise<ProviderInfo[]> {
    return describeProviders(this.registry, this.baseEnv());
  }

  // ---- SupervisorService ----

  handleHook(call: HookCall): Promise<HookReply> {
    return handleHookCall(
      {
        session: (id) => this.sessions.get(id),
        secret: (id) => this.hookSecret(id),
        adapter: async (session) => session.adapter ?? (await this.registry.get(session.record.provider)),
        approvals: this.approvals,
        policy: this.policy,
      },
      call,
    );
  }

  async shutdown(): Promise<void> {
    log.info('supervisor.shutdown', { agents: this.sessions.size });
    // No schedule fires into a stopping daemon; what it was writing is flushed below.
    this.schedules?.dispose();
    this.approvals.cancel('paseo is shutting down', undefined, 'daemon-stopping');
    await Promise.all([...this.sessions.values()].map((s) => s.stop('daemon stopped').catch(() => {})));
    await Promise.all([...this.sessions.values()].map((s) => s.saveScreen().catch(() => {})));
    await this.store.flush();
    await this.schedules?.flush();
    // The cancels above (and any decision just before) are on disk before the process goes.
    await this.policy.audit.flush().catch(() => {});
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.saveQueue.dispose();
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.notifier.dispose();
    this.schedules?.dispose();
    this.webhooks.dispose();
    this.approvals.dispose();
    this.policyWatch.dispose();
    this.policy.dispose();
    this.approvalFeed.dispose();
    this.diffs.dispose();
    this.agentEmitter.dispose();
    this.store.dispose();
  }

  // ---- internals ----

  private addSession(record: AgentRecord): AgentSession {
    const id = record.id;
    const session: AgentSession = new AgentSession(record, {
      onRecord: (r) => {
        void this.store.saveRecord(r);
        this.agentEmitter.fire({ kind: 'changed', agent: r });
      },
      saveScreen: (s, h) => this.store.saveScreen(id, s, h),
      restoreScreen: (): Screen => {
        const saved = this.store.loadScreen(id, this.config.scrollbackLines);
        const r: AgentRecord = session.record;
        return createScreen({
          cols: saved?.cols ?? r.cols,
          rows: saved?.rows ?? r.rows,
          scrollback: this.config.scrollbackLines,
          restore: saved ? { cols: saved.cols, rows: saved.rows, data: saved.data, history: saved.history } : undefined,
        });
      },
      onExit: () => this.approvals.cancel('the agent exited', id, 'agent-exited'),
      scrollbackLines: this.config.scrollbackLines,
      saveQueue: this.saveQueue,
    });
    this.sessions.set(id, session);
    return session;
  }

  private async launch(session: AgentSession, adapter: AgentAdapter, extras: LaunchExtras): Promise<void> {
    const r = session.record;
    try {
      const agentDir = await this.store.ensureAgentDir(r.id);
      let secret = this.store.readHookSecret(r.id);
      if (!secret) {
        secret = newHookSecret();
        await this.store.writeHookSecret(r.id, secret);
      }
      this.secrets.set(r.id, secret);
      if (extras.saveEnv && extras.env && Object.keys(extras.env).length > 0) await this.store.writeLaunchEnv(r.id, extras.env);
      const spec = await adapter.launch({
        agentId: r.id,
        cwd: r.cwd,
        prompt: extras.prompt,
        model: r.model,
        mode: r.mode,
        command: r.command,
        resumeSessionRef: extras.resumeSessionRef,
        agentDir,
        env: { ...this.baseEnv(), ...extras.env, PASEO_AGENT_ID: r.id },
        hook: { url: `${this.hookBaseUrl}/hooks/${r.id}`, secret, relayCommand: this.opts.relayCommand },
        ...mcpServerLaunch({ command: this.opts.mcpCommand, inject: this.config.mcpInject, hookBaseUrl: this.hookBaseUrl, home: this.opts.home, agentId: r.id, agentDir }),
      });
      for (const f of spec.files ?? []) {
        await mkdir(path.dirname(f.path), { recursive: true, mode: 0o700 });
        await writeFileAtomic(f.path, f.content, f.mode ?? 0o600);
      }
      const terminal = spawnAgentTerminal({
        file: spec.file,
        args: spec.args,
        cwd: r.cwd,
        env: spec.env,
        cols: r.cols,
        rows: r.rows,
        scrollback: this.config.scrollbackLines,
        // A resumed agent keeps the history its previous life printed.
        restore: extras.resumeSessionRef ? withResumeSeparator(this.store.loadScreen(r.id, this.config.scrollbackLines)) : undefined,
      });
      const typed = spec.promptDelivery === 'typed' ? extras.prompt : undefined;
      const inArgv = spec.promptDelivery === 'argv' && !!extras.prompt;
      session.attachTerminal(terminal, adapter, typed, !!extras.resumeSessionRef, spec.shellIntegration === true, inArgv);
      session.dispatch({
        kind: 'spawned',
        pid: terminal.pid,
        pidStartTicks: processStartTicks(terminal.pid),
        pidBootId: currentBootId(),
        statusDetail: spec.statusDetail ?? (extras.resumeSessionRef ? `resumed session ${extras.resumeSessionRef}` : undefined),
      });
      if (spec.sessionRef) session.dispatch({ kind: 'hook', event: { kind: 'session', sessionRef: spec.sessionRef } });
      log.info('agent.spawned', { agentId: r.id, pid: terminal.pid, file: spec.file });
    } catch (err) {
      const message = errorMessage(err);
      session.dispatch({ kind: 'spawn-failed', message });
      log.warn('agent.spawn-failed', { agentId: r.id, error: message });
      const code = err instanceof PaseoError ? err.code : 'pty';
      throw new PaseoError(code, `could not start agent ${r.id} (${r.provider}): ${message}`, { agentId: r.id, provider: r.provider, reason: message });
    }
  }

  private async recover(): Promise<void> {
    for (const record of this.store.loadAll()) {
      const session = this.addSession(record);
      const adapter = await this.registry.get(record.provider).catch(() => undefined);
      const outcome = recoverAgent(session, adapter);
      if (outcome === 'resume') {
        if (this.hookBaseUrl) void this.resume(session);
        else this.pendingResumes.push(session);
      }
    }
  }

  private async resume(session: AgentSession): Promise<void> {
    const ref = session.record.providerSessionRef;
    try {
      const adapter = await this.registry.get(session.record.provider);
      // Relaunched as it was created: the user-given env on top of this daemon's.
      await this.launch(session, adapter, { resumeSessionRef: ref, env: this.store.readLaunchEnv(session.id) });
    } catch (err) {
      log.warn('agent.resume-failed', { agentId: session.id, error: errorMessage(err) });
    }
  }

  /** The one resolver of client-given ids: exact, or a unique prefix. Empty names no agent (it prefixes every id). */
  private find(agentId: string): AgentSession {
    if (agentId === '') throw new NotFoundError('no agent id given', { agentId });
    const exact = this.sessions.get(agentId);
    if (exact) return exact;
    const matches = [...this.sessions.keys()].filter((id) => id.startsWith(agentId));
    if (matches.length === 1) return this.sessions.get(matches[0]!)!;
    if (matches.length === 0) throw new NotFoundError(`no agent "${agentId}"`, { agentId });
    throw new PaseoError('ambiguous', `agent id "${agentId}" is ambiguous: ${matches.join(', ')}`, { agentId, matches });
  }

  /** An agent's hook/MCP credential: in memory once launched, else the one saved with it. */
  private hookSecret(agentId: string): string | undefined {
    return this.secrets.get(agentId) ?? this.store.readHookSecret(agentId);
  }

  private baseEnv(): Record<string, string> {
    return agentBaseEnv(process.env, this.opts.env);
  }
}

function defaultTitle(provider: string, opts: CreateAgentOptions): string {
  const source = opts.prompt ?? opts.command?.join(' ') ?? provider;
  const line = source.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || provider;
}
