/** An in-memory PaseoApi for TUI tests: agents the test controls, terminals whose snapshot and deltas the test pushes. */
import type { PaseoApi, TerminalListener } from '../../src/core/api.js';
import type { AgentRecord, CreateAgentOptions } from '../../src/core/agent.js';
import { toDisposable, type Disposable } from '../../src/core/disposable.js';
import { Emitter } from '../../src/core/event.js';
import { NotFoundError } from '../../src/core/errors.js';
import type { AgentEvent, ApprovalDetail, ApprovalEvent, ApprovalInfo, HealthInfo, HistoryPage, HistoryReadOptions, ProviderInfo, TerminalDelta } from '../../src/core/protocol.js';
import type { ApprovalDecision } from '../../src/core/adapter.js';
import type { AddRuleInput, PlacedRule } from '../../src/core/policy-types.js';
import { PaseoError } from '../../src/core/errors.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';

export class FakeApi implements PaseoApi {
  readonly agents = new Map<string, AgentRecord>();
  readonly listeners = new Map<string, Set<TerminalListener>>();
  readonly inputs: { agentId: string; data: string }[] = [];
  readonly resizes: { agentId: string; cols: number; rows: number }[] = [];
  readonly created: CreateAgentOptions[] = [];
  readonly stopped: string[] = [];
  /** The daemon's side of each agent's terminal, fed what subscribers are sent: history.read pages come from it. */
  readonly screens = new Map<string, HeadlessScreen>();
  readonly historyReads: { agentId: string; opts: HistoryReadOptions }[] = [];
  /** Every terminal.subscribe, with the history it asked for. */
  readonly subscribes: { agentId: string; scrollbackLines: number | undefined }[] = [];
  private readonly events = new Emitter<AgentEvent>();
  readonly onDidChangeAgent = this.events.event;
  /** The daemon's approval queue: tests add requests and decide them "elsewhere" (another client). */
  readonly approvals: ApprovalInfo[] = [];
  readonly decisions: { requestId: string; decision: ApprovalDecision; interrupt: boolean }[] = [];
  readonly details = new Map<string, ApprovalDetail>();
  readonly rulesAdded: AddRuleInput[] = [];
  private readonly approvalEvents = new Emitter<ApprovalEvent>();
  readonly onDidChangeApproval = this.approvalEvents.event;
  private seq = 0;
  private counter = 0;

  addAgent(partial: Partial<AgentRecord> & { id: string }): AgentRecord {
    const n = this.counter++;
    const agent: AgentRecord = {
      title: partial.id,
      provider: 'shell',
      mode: 'default',
      cwd: '/home/user/project',
      status: 'running',
      cols: 80,
      rows: 24,
      createdAt: `2025-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
      updatedAt: '2025-01-01T00:00:00.000Z',
      ...partial,
    };
    this.agents.set(agent.id, agent);
    this.events.fire({ kind: 'added', agent });
    return agent;
  }

  changeAgent(id: string, patch: Partial<AgentRecord>): void {
    const agent = { ...(this.agents.get(id) as AgentRecord), ...patch };
    this.agents.set(id, agent);
    this.events.fire({ kind: 'changed', agent });
  }

  /** Sends a snapshot of `data` at cols×rows to every subscriber of the agent. */
  pushSnapshot(agentId: string, data: string, cols = 80, rows = 24): void {
    this.screens.get(agentId)?.dispose();
    const screen = new HeadlessScreen({ cols, rows });
    screen.write(data);
    this.screens.set(agentId, screen);
    for (const l of [...(this.listeners.get(agentId) ?? [])]) l.onSnapshot({ agentId, cols, rows, seq: ++this.seq, data });
  }

  pushOutput(agentId: string, data: string): void {
    this.screens.get(agentId)?.write(data);
    for (const l of [...(this.listeners.get(agentId) ?? [])]) l.onDelta({ kind: 'output', agentId, seq: ++this.seq, data });
  }

  /** Another client resized the agent's PTY: every subscriber gets the resize delta. */
  pushResize(agentId: string, cols: number, rows: number): void {
    this.screens.get(agentId)?.resize(cols, rows);
    for (const l of [...(this.listeners.get(agentId) ?? [])]) l.onDelta({ kind: 'resize', agentId, seq: ++this.seq, cols, rows });
  }

  addApproval(a: ApprovalInfo, detail?: Omit<ApprovalDetail, 'approval'>): void {
    this.approvals.push(a);
    if (detail) this.details.set(a.id, { approval: a, ...detail });
    this.approvalEvents.fire({ kind: 'approval.added', approval: a });
  }

  /** Another client (or the CLI) decided it: the daemon tells every client. */
  decideElsewhere(requestId: string, behavior: 'allow' | 'deny' = 'allow'): void {
    const i = this.approvals.findIndex((a) => a.id === requestId);
    const [a] = this.approvals.splice(i, 1);
    this.approvalEvents.fire({ kind: 'approval.decided', requestId, agentId: a!.agentId, behavior, by: 'user' });
  }

  async listApprovals(): Promise<ApprovalInfo[]> {
    return [...this.approvals];
  }
  async decideApproval(requestId: string, decision: ApprovalDecision, opts: { interrupt?: boolean } = {}): Promise<void> {
    const i = this.approvals.findIndex((a) => a.id === requestId);
    if (i < 0) throw new PaseoError('not_pending', `request ${requestId} was already decided`);
    this.decisions.push({ requestId, decision, interrupt: opts.interrupt === true });
    this.decideElsewhere(requestId, decision.behavior);
  }
  async showApproval(requestId: string): Promise<ApprovalDetail> {
    const d = this.details.get(requestId);
    if (!d) throw new NotFoundError(`no pending approval ${requestId}`);
    return d;
  }
  async addPolicyRule(input: AddRuleInput): Promise<PlacedRule> {
    const a = this.approvals.find((x) => x.id === input.requestId);
    if (!input.dryRun) this.rulesAdded.push(input);
    const scope = input.scope === 'agent' ? { agent: a?.agentId } : input.scope === 'project' ? { cwd: a?.cwd } : {};
    return { rule: { tool: a?.tool, command: `${(a?.command ?? '').split(' ').slice(0, 2).join(' ')} *`, action: 'allow', ...scope }, source: 'config', position: 1, label: 'config #1' };
  }

  subscriberCount(agentId: string): number {
    return this.listeners.get(agentId)?.size ?? 0;
  }

  async createAgent(opts: CreateAgentOptions): Promise<AgentRecord> {
    this.created.push(opts);
    return this.addAgent({ id: `new${this.created.length}`, title: opts.title ?? opts.provider ?? 'shell', provider: opts.provider ?? 'shell', cwd: opts.cwd ?? '/tmp' });
  }
  async listAgents(): Promise<AgentRecord[]> {
    return [...this.agents.values()];
  }
  async getAgent(agentId: string): Promise<AgentRecord> {
    const a = this.agents.get(agentId);
    if (!a) throw new NotFoundError(`no agent ${agentId}`);
    return a;
  }
  async sendText(): Promise<{ delivered: boolean; queued: boolean }> {
    return { delivered: true, queued: false };
  }
  writeInput(agentId: string, data: string): void {
    this.inputs.push({ agentId, data });
  }
  async resize(agentId: string, cols: number, rows: number): Promise<void> {
    this.resizes.push({ agentId, cols, rows });
    // As the daemon does: every subscriber (this client included) sees the PTY's new size in order with output.
    this.pushResize(agentId, cols, rows);
  }
  async stopAgent(agentId: string): Promise<AgentRecord> {
    this.stopped.push(agentId);
    this.changeAgent(agentId, { status: 'exited' });
    return this.agents.get(agentId) as AgentRecord;
  }
  async archiveAgent(agentId: string): Promise<AgentRecord> {
    return this.getAgent(agentId);
  }
  async waitForAgent(): Promise<never> {
    throw new Error('not in fake');
  }
  async readLogs(): Promise<string> {
    return '';
  }
  async readHistory(agentId: string, opts: HistoryReadOptions): Promise<HistoryPage> {
    this.historyReads.push({ agentId, opts });
    const screen = this.screens.get(agentId);
    if (!screen) throw new NotFoundError(`no terminal for ${agentId}`);
    const page = await screen.readHistory(opts);
    // A reply crosses a socket: the screen has released the output it held for the read before the client acts on it.
    await new Promise((resolve) => setImmediate(resolve));
    return page;
  }
  async subscribeTerminal(agentId: string, listener: TerminalListener, opts: { scrollbackLines?: number } = {}): Promise<Disposable> {
    this.subscribes.push({ agentId, scrollbackLines: opts.scrollbackLines });
    let set = this.listeners.get(agentId);
    if (!set) this.listeners.set(agentId, (set = new Set()));
    const screen = this.screens.get(agentId);
    if (!screen) {
      set.add(listener);
      return toDisposable(() => set.delete(listener));
    }
    // As the daemon: a terminal that exists answers with its snapshot before the reply (tests push the first ones);
    // output pushed while it is taken follows it.
    const held: TerminalDelta[] = [];
    let sent = false;
    const stream: TerminalListener = { onSnapshot: (snap) => listener.onSnapshot(snap), onDelta: (d) => (sent ? listener.onDelta(d) : held.push(d)) };
    set.add(stream);
    const snap = await screen.snapshot({ scrollbackLines: opts.scrollbackLines ?? 0 });
    if (set.has(stream)) {
      listener.onSnapshot({ ...snap, agentId, seq: ++this.seq });
      sent = true;
      for (const d of held.splice(0)) listener.onDelta(d);
    }
    return toDisposable(() => set.delete(stream));
  }
  async health(): Promise<HealthInfo> {
    return { status: 'ok', version: '0.1.0', pid: 4242, uptimeMs: 1, home: '/tmp/h', listen: '127.0.0.1:6767', agents: { total: this.agents.size } };
  }
  async listProviders(): Promise<ProviderInfo[]> {
    return [
      { name: 'shell', displayName: 'Shell', installed: true, models: [], modes: [] },
      { name: 'claude', displayName: 'Claude Code', installed: true, models: ['sonnet'], modes: [] },
    ];
  }
}
