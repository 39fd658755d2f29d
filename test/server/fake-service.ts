/** An in-memory SupervisorService for protocol tests: agents are records, each with a headless terminal whose output the test emits. */
import type { HookCall, HookReply, SupervisorService, TerminalListener } from '../../src/core/api.js';
import type { AgentFilter, AgentRecord, CreateAgentOptions, SendOptions, SendResult, WaitResult } from '../../src/core/agent.js';
import { toDisposable, type Disposable } from '../../src/core/disposable.js';
import { NotFoundError, PaseoError } from '../../src/core/errors.js';
import { Emitter } from '../../src/core/event.js';
import type { ApprovalDecision } from '../../src/core/adapter.js';
import type { AgentEvent, ApprovalInfo, HealthInfo, HistoryPage, HistoryReadOptions, ProviderInfo, TerminalDelta, TerminalSnapshot } from '../../src/core/protocol.js';
import { HistoryNumbering } from '../../src/terminal/history-numbering.js';
import { readHistory } from '../../src/terminal/read-history.js';
import { createHeadlessTerminal, type HeadlessTerminal, type SerializeAddon } from '../../src/terminal/xterm.js';

interface Subscriber {
  listener: TerminalListener;
  /** Deltas that raced the snapshot; undefined once live. */
  early: TerminalDelta[] | undefined;
  snapshotSeq: number;
}

export class FakeTerminal implements Disposable {
  seq = 0;
  readonly term: HeadlessTerminal;
  private readonly serializer: SerializeAddon;
  private readonly numbering: HistoryNumbering;
  readonly subscribers = new Set<Subscriber>();

  constructor(
    readonly agentId: string,
    cols: number,
    rows: number,
  ) {
    ({ term: this.term, serializer: this.serializer } = createHeadlessTerminal({ cols, rows, scrollback: 200 }));
    this.numbering = new HistoryNumbering(this.term);
  }

  /** A history page as the daemon reads it, once everything emitted so far is parsed. */
  async readHistory(opts: HistoryReadOptions): Promise<HistoryPage> {
    await this.flush();
    return readHistory({ term: this.term, numbering: this.numbering, seq: this.seq }, opts);
  }

  /** Synchronous, like a PTY callback: the producer is never made to wait by a consumer. */
  emit(data: string): void {
    const seq = ++this.seq;
    this.term.write(data);
    this.fanout({ kind: 'output', agentId: this.agentId, seq, data });
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.fanout({ kind: 'resize', agentId: this.agentId, seq: this.seq, cols, rows });
  }

  /** Resolves once everything emitted so far is parsed. */
  flush(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  async subscribe(listener: TerminalListener, scrollbackLines: number | undefined): Promise<Disposable> {
    const sub: Subscriber = { listener, early: [], snapshotSeq: this.seq };
    this.subscribers.add(sub);
    // Serialized inside the write callback: the parser has consumed exactly the chunks up to snapshotSeq.
    const snapshot = await new Promise<TerminalSnapshot>((resolve) =>
      this.term.write('', () =>
        resolve({
          agentId: this.agentId,
          cols: this.term.cols,
          rows: this.term.rows,
          seq: sub.snapshotSeq,
          data: this.serializer.serialize({ scrollback: scrollbackLines ?? 100 }),
        }),
      ),
    );
    const dispose = toDisposable(() => this.subscribers.delete(sub));
    if (!this.subscribers.has(sub)) return dispose;
    listener.onSnapshot(snapshot);
    const early = sub.early ?? [];
    sub.early = undefined;
    for (const delta of early) if (delta.kind === 'resize' || delta.seq > sub.snapshotSeq) listener.onDelta(delta);
    return dispose;
  }

  dispose(): void {
    this.subscribers.clear();
    this.numbering.dispose();
    this.term.dispose();
  }

  private fanout(delta: TerminalDelta): void {
    for (const sub of [...this.subscribers]) {
      if (sub.early) sub.early.push(delta);
      else sub.listener.onDelta(delta);
    }
  }
}

export class FakeService implements SupervisorService, Disposable {
  readonly agents = new Map<string, AgentRecord>();
  readonly terminals = new Map<string, FakeTerminal>();
  readonly inputs: Array<{ agentId: string; data: string }> = [];
  readonly hookCalls: HookCall[] = [];
  readonly hookSecret = 'hook-secret-for-tests';
  shutdownCalls = 0;
  readonly approvals: ApprovalInfo[] = [];
  readonly decisions: Array<{ requestId: string; decision: ApprovalDecision }> = [];
  private nextId = 1;
  private readonly events = new Emitter<AgentEvent>();
  readonly onDidChangeAgent = this.events.event;

  get hasEventListeners(): boolean {
    return this.events.hasListeners;
  }

  async createAgent(opts: CreateAgentOptions): Promise<AgentRecord> {
    if (opts.provider === 'explode') throw new Error('adapter crashed');
    const now = new Date().toISOString();
    const id = `a${String(this.nextId++).padStart(3, '0')}`;
    const agent: AgentRecord = {
      id,
      title: opts.title ?? id,
      provider: opts.provider ?? 'shell',
      mode: opts.mode ?? 'default',
      cwd: opts.cwd ?? '/tmp',
      status: 'running',
      cols: opts.cols ?? 80,
      rows: opts.rows ?? 24,
      createdAt: now,
      updatedAt: now,
      ...(opts.command ? { command: opts.command } : {}),
      ...(opts.prompt ? { prompt: opts.prompt } : {}),
    };
    this.agents.set(id, agent);
    this.terminals.set(id, new FakeTerminal(id, agent.cols, agent.rows));
    this.events.fire({ kind: 'added', agent });
    return agent;
  }

  async listAgents(filter: AgentFilter = {}): Promise<AgentRecord[]> {
    return [...this.agents.values()].filter((a) => !filter.statuses || filter.statuses.includes(a.status));
  }

  async getAgent(agentId: string): Promise<AgentRecord> {
    const matches = [...this.agents.keys()].filter((id) => id.startsWith(agentId));
    if (matches.length > 1) throw new PaseoError('ambiguous', `agent id ${agentId} is ambiguous`, { matches });
    const agent = matches[0] === undefined ? undefined : this.agents.get(matches[0]);
    if (!agent) throw new NotFoundError(`no agent ${agentId}`, { agentId });
    return agent;
  }

  async sendText(agentId: string, text: string, opts: SendOptions = {}): Promise<SendResult> {
    const agent = await this.getAgent(agentId);
    if (agent.status === 'exited') throw new PaseoError('invalid_state', `agent ${agentId} has exited`);
    this.inputs.push({ agentId: agent.id, data: text });
    return { delivered: opts.queue !== true, queued: opts.queue === true };
  }

  writeInput(agentId: string, data: string): void {
    if (!this.agents.has(agentId)) throw new NotFoundError(`no agent ${agentId}`);
    this.inputs.push({ agentId, data });
  }

  async resize(agentId: string, cols: number, rows: number): Promise<void> {
    const agent = await this.getAgent(agentId);
    this.update(agent.id, { cols, rows });
    this.terminal(agent.id).resize(cols, rows);
  }

  async stopAgent(agentId: string): Promise<AgentRecord> {
    const agent = await this.getAgent(agentId);
    return this.update(agent.id, { status: 'exited', exitCode: 0 });
  }

  async archiveAgent(agentId: string): Promise<AgentRecord> {
    const agent = await this.getAgent(agentId);
    return this.update(agent.id, { archivedAt: new Date().toISOString() });
  }

  async waitForAgent(agentId: string, opts: { timeoutMs?: number } = {}): Promise<WaitResult> {
    const agent = await this.getAgent(agentId);
    return { outcome: opts.timeoutMs === 0 ? 'timeout' : 'idle', agent };
  }

  async readLogs(agentId: string, opts: { tail?: number; ansi?: boolean } = {}): Promise<string> {
    const agent = await this.getAgent(agentId);
    const buf = this.terminal(agent.id).term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return (opts.tail ? lines.slice(-opts.tail) : lines).join('\n');
  }

  async readHistory(agentId: string, opts: HistoryReadOptions): Promise<HistoryPage> {
    const agent = await this.getAgent(agentId);
    return this.terminal(agent.id).readHistory(opts);
  }

  async subscribeTerminal(agentId: string, listener: TerminalListener, opts: { scrollbackLines?: number } = {}): Promise<Disposable> {
    const agent = await this.getAgent(agentId);
    return this.terminal(agent.id).subscribe(listener, opts.scrollbackLines);
  }

  async health(): Promise<HealthInfo> {
    return { status: 'ok', version: 'test', pid: process.pid, uptimeMs: 1, home: '/tmp/paseo-test', listen: '127.0.0.1:0', agents: { total: this.agents.size } };
  }

  async listProviders(): Promise<ProviderInfo[]> {
    return [{ name: 'shell', displayName: 'Shell', installed: true, models: [], modes: ['default'] }];
  }

  async listApprovals(): Promise<ApprovalInfo[]> {
    return [...this.approvals];
  }

  async decideApproval(requestId: string, decision: ApprovalDecision): Promise<void> {
    const index = this.approvals.findIndex((a) => a.id === requestId);
    if (index < 0) throw new NotFoundError(`no pending approval ${requestId}`, { requestId });
    this.approvals.splice(index, 1);
    this.decisions.push({ requestId, decision });
  }

  async handleHook(call: HookCall): Promise<HookReply> {
    this.hookCalls.push(call);
    if (call.secret !== this.hookSecret) return { status: 401, body: { error: 'bad secret' } };
    return { status: 200, body: { decision: 'allow', event: call.event } };
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }

  terminal(agentId: string): FakeTerminal {
    const t = this.terminals.get(agentId);
    if (!t) throw new NotFoundError(`no terminal ${agentId}`);
    return t;
  }

  dispose(): void {
    for (const t of this.terminals.values()) t.dispose();
    this.events.dispose();
  }

  private update(agentId: string, patch: Partial<AgentRecord>): AgentRecord {
    const agent = { ...this.agents.get(agentId)!, ...patch, updatedAt: new Date().toISOString() };
    this.agents.set(agentId, agent);
    this.events.fire({ kind: 'changed', agent });
    return agent;
  }
}
