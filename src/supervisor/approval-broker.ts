/** Pending approval requests: each waits for one decision, and is denied when its deadline passes (fail closed). */
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequestInput } from '../core/adapter.js';
import type { Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { Approval } from '../core/constants.js';

export interface ApprovalRequest extends ApprovalRequestInput {
  id: string;
  agentId: string;
  createdAt: string;
  deadlineAt: string;
}

export type ApprovalChange =
  | { kind: 'added'; requestId: string; agentId: string }
  | { kind: 'decided'; requestId: string; agentId: string; decision: ApprovalDecision; by: 'user' | 'timeout' | 'cancel' };

interface Pending {
  request: ApprovalRequest;
  resolve: (d: ApprovalDecision) => void;
  timer: NodeJS.Timeout;
}

export class ApprovalBroker implements Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly changeEmitter = new Emitter<ApprovalChange>();
  readonly onDidChange: Event<ApprovalChange> = this.changeEmitter.event;

  constructor(private readonly timeoutMs: number = Approval.DECIDE_TIMEOUT_MS) {}

  /** Queues a request; the promise settles with the first decision, or deny at the deadline. */
  request(agentId: string, input: ApprovalRequestInput): { id: string; decision: Promise<ApprovalDecision> } {
    const id = randomBytes(5).toString('hex');
    const now = Date.now();
    const request: ApprovalRequest = {
      ...input,
      id,
      agentId,
      createdAt: new Date(now).toISOString(),
      deadlineAt: new Date(now + this.timeoutMs).toISOString(),
    };
    const decision = new Promise<ApprovalDecision>((resolve) => {
      const timer = setTimeout(() => this.settle(id, { behavior: 'deny', message: 'no decision before the deadline' }, 'timeout'), this.timeoutMs);
      this.pending.set(id, { request, resolve, timer });
    });
    this.changeEmitter.fire({ kind: 'added', requestId: id, agentId });
    return { id, decision };
  }

  list(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  get(id: string): ApprovalRequest | undefined {
    return this.pending.get(id)?.request;
  }

  /** First decision wins; false when the request is unknown or already decided. */
  decide(id: string, decision: ApprovalDecision): boolean {
    return this.settle(id, decision, 'user');
  }

  /** Denies everything pending for one agent (it exited) or for all (shutdown). */
  cancel(reason: string, agentId?: string): void {
    for (const p of [...this.pending.values()]) {
      if (agentId === undefined || p.request.agentId === agentId) this.settle(p.request.id, { behavior: 'deny', message: reason }, 'cancel');
    }
  }

  dispose(): void {
    this.cancel('paseo is shutting down');
    this.changeEmitter.dispose();
  }

  private settle(id: string, decision: ApprovalDecision, by: 'user' | 'timeout' | 'cancel'): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(decision);
    this.changeEmitter.fire({ kind: 'decided', requestId: id, agentId: p.request.agentId, decision, by });
    return true;
  }
}
