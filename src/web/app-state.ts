/** What the page knows: agents, pending approvals, its role, whether it is online. Views read it and re-render on change. */
import type { AgentRecord } from '../core/agent.js';
import type { AgentEvent, ApprovalEvent, ApprovalInfo, Role } from '../core/protocol.js';

export type Group = 'needs' | 'working' | 'done';

export class AppState {
  agents = new Map<string, AgentRecord>();
  approvals = new Map<string, ApprovalInfo>();
  role: Role = 'viewer';
  online = false;
  offlineReason = '';
  private listeners = new Set<() => void>();

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(): void {
    for (const fn of [...this.listeners]) fn();
  }

  setAgents(list: AgentRecord[]): void {
    this.agents = new Map(list.map((a) => [a.id, a]));
    this.changed();
  }

  setApprovals(list: ApprovalInfo[]): void {
    this.approvals = new Map(list.map((a) => [a.id, a]));
    this.changed();
  }

  /** Applies an agent or approval event; returns the approval that just arrived, if any. */
  apply(event: AgentEvent | ApprovalEvent): ApprovalInfo | undefined {
    let added: ApprovalInfo | undefined;
    switch (event.kind) {
      case 'added':
      case 'changed':
        if (event.agent.archivedAt) this.agents.delete(event.agent.id);
        else this.agents.set(event.agent.id, event.agent);
        break;
      case 'removed':
        this.agents.delete(event.agentId);
        break;
      case 'approval.added':
        this.approvals.set(event.approval.id, event.approval);
        added = event.approval;
        break;
      case 'approval.decided':
        this.approvals.delete(event.requestId);
        break;
    }
    this.changed();
    return added;
  }

  can(role: Role): boolean {
    const order: Role[] = ['viewer', 'approver', 'operator', 'admin'];
    return order.indexOf(this.role) >= order.indexOf(role);
  }

  groupOf(agent: AgentRecord): Group {
    const asking = [...this.approvals.values()].some((a) => a.agentId === agent.id);
    if (asking || agent.status === 'waiting' || agent.attention === 'permission' || agent.attention === 'error') return 'needs';
    if (agent.status === 'running' || agent.status === 'starting') return 'working';
    return 'done';
  }
}
