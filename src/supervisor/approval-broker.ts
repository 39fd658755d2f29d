/**
 * Pending approval requests: each waits for one decision, and is denied when its deadline passes (fail closed) or
 * when nothing waits for it any more (cancelled: its hook gave up, the turn ended, the agent exited). A cancelled
 * request is remembered for a while, so a decision that comes too late is told why instead of "succeeding".
 */
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequestInput } from '../core/adapter.js';
import type { Disposable } from '../core/disposable.js';
import { NotFoundError, PaseoError } from '../core/errors.js';
import { Emitter, type Event } from '../core/event.js';
import { Approval } from '../core/constants.js';
import { createLogger } from '../core/log.js';
import { CallDecisions } from './call-decisions.js';

const log = createLogger('approvals');

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
  /** Cancelled request id → why it stopped waiting (oldest forgotten first). */
  private readonly gone = new Map<string, string>();
  private readonly calls = new CallDecisions();
  private readonly changeEmitter = new Emitter<ApprovalChange>();
  readonly onDidChange: Event<ApprovalChange> = this.changeEmitter.event;

  constructor(private readonly timeoutMs: number = Approval.DECIDE_TIMEOUT_MS) {}

  /** Queues a request; the promise settles with the first decision, or deny at the deadline. */
  request(agentId: string, input: ApprovalRequestInput, opts: { callKey?: string } = {}): { id: string; decision: Promise<ApprovalDecision> } {
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
      const timer = setTimeout(() => this.settle(id, { behavior: 'deny', message: 'no decision before the deadline' }, 'timeout', 'its deadline passed'), this.timeoutMs);
      this.pending.set(id, { request, resolve, timer });
    });
    // The call's later hooks (a follow-up ask for the same call) get this same decision.
    if (opts.callKey !== undefined) this.calls.open(agentId, opts.callKey, decision);
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

  /** decide(), or a typed error: `not_pending` (with why) for a request that was cancelled, `not_found` otherwise. */
  decideOrThrow(id: string, decision: ApprovalDecision): void {
    if (this.decide(id, decision)) return;
    const why = this.gone.get(id);
    if (why !== undefined) throw new PaseoError('not_pending', `request ${id} is no longer waiting (${why})`, { requestId: id });
    throw new NotFoundError(`no pending approval ${id}`, { requestId: id });
  }

  /** The decision an earlier hook of the same call got (pending or settled), once; undefined when none asked. */
  followCall(agentId: string, callKey: string): Promise<ApprovalDecision> | undefined {
    return this.calls.take(agentId, callKey);
  }

  /** Denies one request nothing waits for any more (its hook's caller went away); false when it was not pending. */
  cancelOne(id: string, message: string, why: string): boolean {
    return this.settle(id, { behavior: 'deny', message }, 'cancel', why);
  }

  /** Denies everything pending for one agent (its turn ended, it exited) or for all (shutdown); forgets their calls. */
  cancel(reason: string, agentId?: string): void {
    this.calls.forget(agentId);
    for (const p of [...this.pending.values()]) {
      if (agentId === undefined || p.request.agentId === agentId) this.settle(p.request.id, { behavior: 'deny', message: reason }, 'cancel', reason);
    }
  }

  dispose(): void {
    this.cancel('paseo is shutting down');
    this.changeEmitter.dispose();
  }

  private settle(id: string, decision: ApprovalDecision, by: 'user' | 'timeout' | 'cancel', why?: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (why !== undefined) {
      this.gone.set(id, why);
      if (this.gone.size > Approval.GONE_REQUESTS_REMEMBERED) this.gone.delete(this.gone.keys().next().value!);
    }
    p.resolve(decision);
    log.info('approval.decided', {
      requestId: id,
      agentId: p.request.agentId,
      tool: p.request.tool,
      by,
      behavior: decision.behavior,
      ...(decision.behavior === 'deny' ? { reason: decision.message } : {}),
    });
    this.changeEmitter.fire({ kind: 'decided', requestId: id, agentId: p.request.agentId, decision, by });
    return true;
  }
}
