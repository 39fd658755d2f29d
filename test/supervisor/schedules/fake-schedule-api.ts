/** A stand-in for the supervisor as schedules see it: agents whose turns the test ends, a queue behind a busy turn, asks. */
import type { AgentRecord, CreateAgentOptions, SendOptions, SendResult, WaitResult } from '../../../src/core/agent.js';
import { isLive } from '../../../src/core/agent.js';
import { Emitter } from '../../../src/core/event.js';
import type { AgentEvent, ApprovalInfo } from '../../../src/core/protocol.js';
import type { ScheduleApi } from '../../../src/supervisor/schedules/schedule-service.js';

interface FakeAgent {
  record: AgentRecord;
  queue: string[];
}

export class FakeScheduleApi implements ScheduleApi {
  private readonly emitter = new Emitter<AgentEvent>();
  readonly onDidChangeAgent = this.emitter.event;
  readonly agents = new Map<string, FakeAgent>();
  /** Every prompt typed into an agent (initial prompts included), in order, with the clock when typed. */
  readonly typed: Array<{ agentId: string; text: string; atMs: number }> = [];
  readonly created: CreateAgentOptions[] = [];
  readonly stopped: string[] = [];
  approvals: ApprovalInfo[] = [];
  private nextId = 1;

  addAgent(status: AgentRecord['status'] = 'idle'): string {
    const id = `agent${this.nextId++}`;
    const now = new Date().toISOString();
    this.agents.set(id, {
      record: { id, title: id, provider: 'shell', mode: 'default', cwd: '/tmp', status, cols: 80, rows: 24, createdAt: now, updatedAt: now },
      queue: [],
    });
    return id;
  }

  async createAgent(opts: CreateAgentOptions): Promise<AgentRecord> {
    this.created.push(opts);
    const id = this.addAgent('running');
    this.typed.push({ agentId: id, text: opts.prompt ?? '', atMs: Date.now() });
    return this.agents.get(id)!.record;
  }

  async getAgent(agentId: string): Promise<AgentRecord> {
    const a = this.agents.get(agentId);
    if (!a) throw new Error(`no agent ${agentId}`);
    return a.record;
  }

  async sendText(agentId: string, text: string, opts: SendOptions = {}): Promise<SendResult> {
    const a = this.agents.get(agentId)!;
    if (opts.queue !== false && (a.record.status === 'running' || a.queue.length > 0)) {
      a.queue.push(text);
      return { delivered: false, queued: true };
    }
    this.typed.push({ agentId, text, atMs: Date.now() });
    this.set(agentId, 'running');
    return { delivered: true, queued: false };
  }

  /** The agent's turn ends: the next queued prompt is typed (a new turn), else it is idle. */
  endTurn(agentId: string): void {
    const a = this.agents.get(agentId)!;
    const next = a.queue.shift();
    if (next !== undefined) {
      this.typed.push({ agentId, text: next, atMs: Date.now() });
      this.set(agentId, 'running');
    } else this.set(agentId, 'idle');
  }

  ask(agentId: string, tool: string, command: string): void {
    this.approvals.push({ id: `req-${agentId}`, agentId, tool, command, createdAt: new Date().toISOString(), deadlineAt: new Date().toISOString() } as ApprovalInfo);
    this.set(agentId, 'waiting');
  }

  async listApprovals(): Promise<ApprovalInfo[]> {
    return this.approvals;
  }

  async stopAgent(agentId: string): Promise<AgentRecord> {
    this.stopped.push(agentId);
    this.approvals = this.approvals.filter((a) => a.agentId !== agentId);
    this.set(agentId, 'exited');
    return this.agents.get(agentId)!.record;
  }

  waitForAgent(agentId: string): Promise<WaitResult> {
    const settled = (r: AgentRecord): WaitResult['outcome'] | undefined =>
      !isLive(r.status) ? 'exited' : this.agents.get(agentId)!.queue.length > 0 ? undefined : r.status === 'idle' ? 'idle' : r.status === 'waiting' ? 'waiting' : undefined;
    const a = this.agents.get(agentId)!;
    const now = settled(a.record);
    if (now) return Promise.resolve({ outcome: now, agent: a.record });
    return new Promise((resolve) => {
      const sub = this.onDidChangeAgent((e) => {
        if (e.kind === 'removed' || e.agent.id !== agentId) return;
        const outcome = settled(e.agent);
        if (!outcome) return;
        sub.dispose();
        resolve({ outcome, agent: e.agent });
      });
    });
  }

  set(agentId: string, status: AgentRecord['status']): void {
    const a = this.agents.get(agentId)!;
    a.record = { ...a.record, status, updatedAt: new Date().toISOString() };
    this.emitter.fire({ kind: 'changed', agent: a.record });
  }
}
